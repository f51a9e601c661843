// Lotse's map glue: Leaflet + protomaps-leaflet (vector tiles on canvas, styles
// in code below) + leaflet.markercluster. Used only through the typed wrapper
// in src/components/map_view.rs, as the global `LotseMap`. A file, not an
// inline script: the CSP forbids inline scripts (and inline style attributes,
// so element styles are set through the DOM).
(function () {
  "use strict";

  var L = window.L;
  var P = window.protomapsL;

  // Colours of the basemap and the detail packs (Protomaps basemap schema).
  var LIGHT = {
    water: "#aad3df",
    earth: "#f4f1ea",
    park: "#d6e8c6",
    wood: "#c8dfb4",
    building: "#e2ddd5",
    roadCasing: "#d5cfc4",
    minor: "#ffffff",
    major: "#fffaf0",
    highway: "#f9c98a",
    rail: "#a8a29e",
    country: "#8b7aa6",
    region: "#b2a6c6",
    label: "#2f2a26",
    halo: "#ffffff",
    countryLabel: "#5b4b73",
    regionLabel: "#7a6f8c",
  };
  // The same map at night, when the system (or the test class
  // `theme-dark`, see public/themes.css) asks for a dark palette.
  var DARK = {
    water: "#1d3346",
    earth: "#22252a",
    park: "#243526",
    wood: "#223222",
    building: "#33363c",
    roadCasing: "#1a1c20",
    minor: "#3d4149",
    major: "#4a4f58",
    highway: "#8a6a3a",
    rail: "#5c5f66",
    country: "#9d8cc0",
    region: "#6e6585",
    label: "#e4e1dc",
    halo: "#15181d",
    countryLabel: "#c7b8e6",
    regionLabel: "#a99fc0",
  };
  var C = LIGHT;

  function prefers(query) {
    return !!(window.matchMedia && window.matchMedia(query).matches);
  }

  function kind(f) {
    return f.props.kind;
  }

  function byZoom(stops) {
    return function (z) {
      if (z <= stops[0][0]) return stops[0][1];
      for (var i = 1; i < stops.length; i++) {
        if (z <= stops[i][0]) {
          var a = stops[i - 1], b = stops[i];
          return a[1] + ((z - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
        }
      }
      return stops[stops.length - 1][1];
    };
  }

  function paintRules(source) {
    var s = source || "";
    var rules = [
      { dataSource: s, dataLayer: "earth", symbolizer: new P.PolygonSymbolizer({ fill: C.earth }) },
      {
        dataSource: s, dataLayer: "landuse",
        symbolizer: new P.PolygonSymbolizer({ fill: C.park }),
        filter: function (z, f) {
          return ["park", "nature_reserve", "national_park", "protected_area", "cemetery", "grass", "grassland", "allotments", "village_green", "playground", "golf_course"].indexOf(kind(f)) >= 0;
        },
      },
      {
        dataSource: s, dataLayer: "landuse",
        symbolizer: new P.PolygonSymbolizer({ fill: C.wood }),
        filter: function (z, f) { return ["wood", "forest"].indexOf(kind(f)) >= 0; },
      },
      {
        dataSource: s, dataLayer: "water",
        symbolizer: new P.PolygonSymbolizer({ fill: C.water }),
        filter: function (z, f) { return f.geomType === 3; },
      },
      {
        dataSource: s, dataLayer: "water",
        symbolizer: new P.LineSymbolizer({ color: C.water, width: byZoom([[5, 0.6], [10, 1.6], [14, 3], [18, 8]]) }),
        filter: function (z, f) { return f.geomType === 2 && (kind(f) === "river" || kind(f) === "canal"); },
      },
      {
        dataSource: s, dataLayer: "water", minzoom: 14,
        symbolizer: new P.LineSymbolizer({ color: C.water, width: 1 }),
        filter: function (z, f) { return f.geomType === 2 && kind(f) === "stream"; },
      },
      { dataSource: s, dataLayer: "buildings", minzoom: 14, symbolizer: new P.PolygonSymbolizer({ fill: C.building }) },
      {
        dataSource: s, dataLayer: "roads", minzoom: 12,
        symbolizer: new P.LineSymbolizer({ color: C.minor, width: byZoom([[12, 0.5], [15, 3], [18, 10]]) }),
        filter: function (z, f) { return kind(f) === "minor_road"; },
      },
      {
        dataSource: s, dataLayer: "roads", minzoom: 15,
        symbolizer: new P.LineSymbolizer({ color: C.minor, width: 1, dash: [2, 2] }),
        filter: function (z, f) { return kind(f) === "path"; },
      },
      {
        dataSource: s, dataLayer: "roads",
        symbolizer: new P.LineSymbolizer({ color: C.roadCasing, width: byZoom([[7, 0.8], [12, 3], [15, 6], [18, 16]]) }),
        filter: function (z, f) { return kind(f) === "major_road" || kind(f) === "highway"; },
      },
      {
        dataSource: s, dataLayer: "roads",
        symbolizer: new P.LineSymbolizer({ color: C.major, width: byZoom([[7, 0.5], [12, 2], [15, 4.5], [18, 13]]) }),
        filter: function (z, f) { return kind(f) === "major_road"; },
      },
      {
        dataSource: s, dataLayer: "roads",
        symbolizer: new P.LineSymbolizer({ color: C.highway, width: byZoom([[5, 0.6], [12, 2.5], [15, 5], [18, 14]]) }),
        filter: function (z, f) { return kind(f) === "highway"; },
      },
      {
        dataSource: s, dataLayer: "roads", minzoom: 10,
        symbolizer: new P.LineSymbolizer({ color: C.rail, width: 1, dash: [3, 3] }),
        filter: function (z, f) { return kind(f) === "rail"; },
      },
      {
        dataSource: s, dataLayer: "boundaries",
        symbolizer: new P.LineSymbolizer({ color: C.region, width: 1, dash: [4, 3] }),
        filter: function (z, f) { return typeof f.props.kind_detail === "number" && f.props.kind_detail > 2 && f.props.kind_detail <= 4; },
      },
      {
        dataSource: s, dataLayer: "boundaries",
        symbolizer: new P.LineSymbolizer({ color: C.country, width: byZoom([[3, 0.8], [8, 1.6], [14, 2.5]]) }),
        filter: function (z, f) { return typeof f.props.kind_detail === "number" && f.props.kind_detail <= 2; },
      },
    ];
    return rules;
  }

  function labelRules(source, lang) {
    var s = source || "";
    var names = ["name:" + lang, "name"];
    return [
      {
        dataSource: s, dataLayer: "places", maxzoom: 7,
        symbolizer: new P.CenteredTextSymbolizer({
          labelProps: ["name:" + lang, "name"], fill: C.countryLabel, stroke: C.halo, width: 2,
          font: "600 13px system-ui, sans-serif", textTransform: "uppercase", letterSpacing: 1,
        }),
        filter: function (z, f) { return kind(f) === "country"; },
      },
      {
        dataSource: s, dataLayer: "places", minzoom: 6, maxzoom: 8,
        symbolizer: new P.CenteredTextSymbolizer({
          labelProps: names, fill: C.regionLabel, stroke: C.halo, width: 2, font: "italic 400 12px system-ui, sans-serif",
        }),
        filter: function (z, f) { return kind(f) === "region"; },
      },
      {
        dataSource: s, dataLayer: "places", maxzoom: 10,
        symbolizer: new P.GroupSymbolizer([
          new P.CircleSymbolizer({ radius: 2.5, fill: C.label, stroke: C.halo, width: 1.5 }),
          new P.OffsetTextSymbolizer({
            labelProps: names, fill: C.label, stroke: C.halo, width: 2, offsetX: 5, offsetY: 4,
            font: function (z, f) {
              var big = f && typeof f.props.population === "number" && f.props.population >= 100000;
              return (big ? "600 13px" : "400 12px") + " system-ui, sans-serif";
            },
          }),
        ]),
        sort: function (a, b) { return (b.population || 0) - (a.population || 0); },
        filter: function (z, f) { return kind(f) === "locality"; },
      },
      {
        dataSource: s, dataLayer: "places", minzoom: 11,
        symbolizer: new P.CenteredTextSymbolizer({
          labelProps: names, fill: C.label, stroke: C.halo, width: 2,
          font: function (z, f) {
            var big = f && typeof f.props.population === "number" && f.props.population >= 100000;
            return (big ? "600 15px" : "500 13px") + " system-ui, sans-serif";
          },
        }),
        sort: function (a, b) { return (b.population || 0) - (a.population || 0); },
        filter: function (z, f) { return kind(f) === "locality"; },
      },
      {
        dataSource: s, dataLayer: "roads", minzoom: 14,
        symbolizer: new P.LineLabelSymbolizer({ labelProps: names, fill: "#5c5650", stroke: C.halo, width: 2, font: "400 11px system-ui, sans-serif" }),
        filter: function (z, f) { return ["major_road", "minor_road", "highway"].indexOf(kind(f)) >= 0; },
      },
    ];
  }

  function markerIcon(m, selected) {
    var el = document.createElement("span");
    el.className = "lotse-pin" + (m.rank ? " lotse-pin--ranked" : "") + (selected ? " lotse-pin--selected" : "");
    el.style.setProperty("--pin-color", m.color);
    var glyph = document.createElement("span");
    glyph.className = "lotse-pin__glyph";
    glyph.textContent = m.glyph;
    el.appendChild(glyph);
    if (m.rank) {
      var rank = document.createElement("span");
      rank.className = "lotse-pin__rank";
      rank.textContent = String(m.rank);
      el.appendChild(rank);
    }
    return L.divIcon({
      html: el,
      className: "lotse-marker",
      iconSize: [34, 34],
      iconAnchor: [17, 34],
    });
  }

  // Attributes for tests and assistive tech, set again whenever the icon is replaced.
  function tagMarker(marker, m) {
    var icon = marker.getElement();
    if (!icon) return;
    icon.setAttribute("data-testid", "map-marker");
    icon.setAttribute("data-offer-id", m.id);
    icon.setAttribute("data-category", m.category);
    if (m.rank) icon.setAttribute("data-rank", String(m.rank));
  }

  function LotseMapView(el, options, onSelect, onMapTap, onViewChange) {
    var self = this;
    this.options = options;
    this.onSelect = onSelect;
    this.markers = new Map();
    this.data = new Map();
    this.selected = null;
    // Moves the code makes itself (fitting the offers, showing the selected
    // one, a resize) are not reported as the user's: they happen
    // synchronously (no animation) inside `quietly`.
    this.quiet = 0;
    var rtl = !!options.rtl;
    C = prefers("(prefers-color-scheme: dark)") || document.documentElement.classList.contains("theme-dark") ? DARK : LIGHT;
    var still = prefers("(prefers-reduced-motion: reduce)");

    var map = L.map(el, {
      zoomControl: false,
      attributionControl: false,
      minZoom: 4,
      maxZoom: 18,
      maxBounds: [[40.5, -6], [60.5, 28]],
      maxBoundsViscosity: 0.7,
      worldCopyJump: false,
      // Size changes are handled quietly by the ResizeObserver below, so a
      // window resize does not count as the user moving the map.
      trackResize: false,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
    });
    this.map = map;
    // The controls' texts come from the UI's language (see setLabels).
    this.zoom = L.control.zoom({ position: rtl ? "topleft" : "topright", zoomInTitle: options.labels.zoomIn, zoomOutTitle: options.labels.zoomOut }).addTo(map);
    this.attribution = L.control.attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: "Leaflet" }).addTo(map);
    this.attribution.addAttribution(options.labels.attribution);

    this.base = P.leafletLayer({
      sources: { "": { url: options.tileBase + "/{z}/{x}/{y}", maxDataZoom: 10 } },
      paintRules: paintRules(""),
      labelRules: labelRules("", options.lang || "de"),
      backgroundColor: C.water,
      lang: options.lang || "de",
      attribution: "",
      // One ring of drawn tiles kept around the view (Leaflet keeps two):
      // each is a canvas of its own, and phones are short of memory.
      keepBuffer: 1,
    });
    this.base.addTo(map);
    this.loadPacks();

    this.numbered = L.layerGroup().addTo(map);
    this.cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      spiderfyOnMaxZoom: true,
    }).addTo(map);
    this.userLayer = L.layerGroup().addTo(map);

    map.setView([51.2, 10.4], 6);

    var taps = 0;
    map.on("click", function (e) {
      taps += 1;
      el.setAttribute("data-taps", String(taps));
      onMapTap(e.latlng.lat, e.latlng.lng);
    });
    var reported = 0;
    map.on("zoomend", function () {
      el.setAttribute("data-zoom", String(map.getZoom()));
    });
    map.on("moveend", function (e) {
      if (self.quiet > 0) return;
      reported += 1;
      el.setAttribute("data-view-changes", String(reported));
      var c = map.getCenter();
      onViewChange(c.lat, c.lng);
    });
    if (window.ResizeObserver) {
      this.resize = new ResizeObserver(function () {
        self.quietly(function () { map.invalidateSize({ animate: false }); });
      });
      this.resize.observe(el);
    }
    el.setAttribute("data-tile-base", options.tileBase);
  }

  // Detail packs: a second source for street-level tiles where a pack has them.
  LotseMapView.prototype.loadPacks = function () {
    var self = this;
    fetch(this.options.tileBase + "/packs.json")
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (packs) {
        if (!packs || !packs.length || !self.map) return;
        var maxZoom = Math.max.apply(null, packs.map(function (p) { return p.max_zoom; }));
        self.detail = P.leafletLayer({
          sources: { detail: { url: self.options.tileBase + "/detail/{z}/{x}/{y}", maxDataZoom: maxZoom } },
          paintRules: paintRules("detail"),
          labelRules: labelRules("detail", self.options.lang || "de"),
          lang: self.options.lang || "de",
          attribution: "",
          keepBuffer: 1,
        });
        self.detail.addTo(self.map);
        self.hasPacks = true;
        self.attribution.addAttribution(self.options.labels.packAttribution);
      })
      .catch(function () { /* no packs: the basemap alone */ });
  };

  // New texts for the zoom buttons and the attribution (the UI language changed).
  LotseMapView.prototype.setLabels = function (labels) {
    var old = this.options.labels;
    var box = this.zoom.getContainer();
    [[".leaflet-control-zoom-in", labels.zoomIn], [".leaflet-control-zoom-out", labels.zoomOut]].forEach(function (pair) {
      var button = box.querySelector(pair[0]);
      if (button) {
        button.title = pair[1];
        button.setAttribute("aria-label", pair[1]);
      }
    });
    this.attribution.removeAttribution(old.attribution);
    this.attribution.addAttribution(labels.attribution);
    if (this.hasPacks) {
      this.attribution.removeAttribution(old.packAttribution);
      this.attribution.addAttribution(labels.packAttribution);
    }
    this.options.labels = labels;
  };

  LotseMapView.prototype.quietly = function (fn) {
    this.quiet += 1;
    try {
      fn();
    } finally {
      this.quiet -= 1;
    }
  };

  LotseMapView.prototype.setOffers = function (offers, fit) {
    var self = this;
    this.numbered.clearLayers();
    this.cluster.clearLayers();
    this.markers.clear();
    this.data.clear();
    var clustered = [];
    (offers || []).forEach(function (m) {
      self.data.set(m.id, m);
      var marker = L.marker([m.lat, m.lon], {
        icon: markerIcon(m, m.id === self.selected),
        title: (m.rank ? m.rank + ". " : "") + m.name,
        alt: m.name,
        keyboard: true,
        riseOnHover: true,
        zIndexOffset: m.rank ? 1000 - m.rank : 0,
      });
      marker.on("click", function () { self.onSelect(m.id); });
      marker.on("add", function () { tagMarker(marker, m); });
      self.markers.set(m.id, marker);
      if (m.rank) {
        self.numbered.addLayer(marker);
      } else {
        clustered.push(marker);
      }
    });
    this.cluster.addLayers(clustered);
    // Fit the numbered offers (the list), or all when none is numbered.
    var shown = (offers || []).filter(function (m) { return m.rank; });
    if (!shown.length) shown = offers || [];
    if (fit && shown.length) {
      var bounds = L.latLngBounds(shown.map(function (m) { return [m.lat, m.lon]; }));
      if (this.userPos) bounds.extend(this.userPos);
      this.quietly(function () {
        self.map.fitBounds(bounds.pad(0.15), { maxZoom: 15, animate: false });
      });
    }
  };

  LotseMapView.prototype.select = function (id) {
    var self = this;
    var previous = this.selected;
    this.selected = id || null;
    [previous, this.selected].forEach(function (key) {
      var m = key && self.data.get(key);
      var marker = key && self.markers.get(key);
      if (m && marker) {
        marker.setIcon(markerIcon(m, key === self.selected));
        tagMarker(marker, m);
      }
    });
    var marker = this.selected && this.markers.get(this.selected);
    if (marker) {
      marker.setZIndexOffset(5000);
      if (!this.map.getBounds().pad(-0.1).contains(marker.getLatLng())) {
        this.quietly(function () {
          self.map.panTo(marker.getLatLng(), { animate: false });
        });
      }
    }
  };

  LotseMapView.prototype.setUserPosition = function (lat, lon) {
    this.userPos = L.latLng(lat, lon);
    this.userLayer.clearLayers();
    L.circleMarker(this.userPos, {
      radius: 8, color: "#ffffff", weight: 3, fillColor: "#1a73e8", fillOpacity: 1,
      className: "lotse-user-position", interactive: false,
    }).addTo(this.userLayer);
    L.circle(this.userPos, {
      radius: 150, stroke: false, fillColor: "#1a73e8", fillOpacity: 0.12, interactive: false,
    }).addTo(this.userLayer);
  };

  LotseMapView.prototype.clearUserPosition = function () {
    this.userPos = null;
    this.userLayer.clearLayers();
  };

  LotseMapView.prototype.destroy = function () {
    if (this.resize) this.resize.disconnect();
    if (this.map) this.map.remove();
    this.map = null;
  };

  window.LotseMap = {
    create: function (el, options, onSelect, onMapTap, onViewChange) {
      if (!L || !P || !L.markerClusterGroup) {
        throw "Die Kartenbibliotheken fehlen (public/vendor).";
      }
      return new LotseMapView(el, options, onSelect, onMapTap, onViewChange);
    },
  };
})();
