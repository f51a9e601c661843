// Lotse's map glue: Leaflet + protomaps-leaflet (vector tiles on canvas) +
// leaflet.markercluster. Used only through the typed wrapper in
// src/components/map_view.rs, as the global `LotseMap`. This file owns the
// map view (the basemap's layers, the controls, the detail packs, the map's
// events) and `LotseMap`. Its parts come first in public/index.html: the
// styles (map-style.js) and the markers (map-markers.js); they hand
// themselves over in `window.LotseMapParts`, which this file removes again,
// so `LotseMap` stays the only global. Files, not inline scripts: the CSP
// forbids inline scripts (and inline style attributes, so element styles are
// set through the DOM).
(function () {
  "use strict";

  var L = window.L;
  var P = window.protomapsL;
  var parts = window.LotseMapParts;
  delete window.LotseMapParts;
  var style = parts.style;
  var markerMethods = parts.markerMethods;

  function prefers(query) {
    return !!(window.matchMedia && window.matchMedia(query).matches);
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
    var C = style.usePalette(prefers("(prefers-color-scheme: dark)") || document.documentElement.classList.contains("theme-dark"));
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
      paintRules: style.paintRules(""),
      labelRules: style.labelRules("", options.lang || "de"),
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
          paintRules: style.paintRules("detail"),
          labelRules: style.labelRules("detail", self.options.lang || "de"),
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

  // The offers and the user's position (public/map-markers.js).
  LotseMapView.prototype.setOffers = markerMethods.setOffers;
  LotseMapView.prototype.select = markerMethods.select;
  LotseMapView.prototype.setUserPosition = markerMethods.setUserPosition;
  LotseMapView.prototype.clearUserPosition = markerMethods.clearUserPosition;

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
