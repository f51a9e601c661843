// The map's look: the light and dark palettes and the paint and label rules
// that draw the basemap and the detail packs (Protomaps basemap schema) with
// protomaps-leaflet. A part of the map glue: public/map.js, loaded after this
// file, takes it from `window.LotseMapParts` (see there).
(function () {
  "use strict";

  var P = window.protomapsL;
  var parts = (window.LotseMapParts = window.LotseMapParts || {});

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

  // The palette of the rules made from now on, dark or light (the map view
  // chooses it when it is created); returns it.
  function usePalette(dark) {
    C = dark ? DARK : LIGHT;
    return C;
  }

  parts.style = { paintRules: paintRules, labelRules: labelRules, usePalette: usePalette };
})();
