// The offers and the user on the map: the offers' pins (category colour and
// glyph; the listed offers numbered, the rest clustered), the selection and
// the user's position. Methods of the map view: public/map.js, loaded after
// this file, takes them from `window.LotseMapParts` onto its prototype.
(function () {
  "use strict";

  var L = window.L;
  var parts = (window.LotseMapParts = window.LotseMapParts || {});
  var methods = {};

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

  methods.setOffers = function (offers, fit) {
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

  methods.select = function (id) {
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

  methods.setUserPosition = function (lat, lon) {
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

  methods.clearUserPosition = function () {
    this.userPos = null;
    this.userLayer.clearLayers();
  };

  parts.markerMethods = methods;
})();
