/* The base map every sammen map starts from (Leaflet): the process's area framed, zoom buttons
   with translated titles, the configured tile source if any. Config comes from json_script. */
(function () {
  "use strict";

  function baseMap(element, config) {
    var bounds = L.latLngBounds(config.bounds);
    var map = L.map(element, {
      zoomControl: false,
      zoomSnap: 0.25,
      maxBounds: bounds.pad(0.5),
      minZoom: 12,
      maxZoom: 19
    });
    L.control.zoom({ zoomInTitle: config.labels.zoomIn, zoomOutTitle: config.labels.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    }
    var frame = { fill: false, color: "#1a5fb4", weight: 3, dashArray: "8 6", interactive: false };
    if (config.outline) {
      L.polygon(config.outline, frame).addTo(map);
    } else {
      L.rectangle(bounds, frame).addTo(map);
    }
    map.fitBounds(bounds);
    return map;
  }

  window.sammenMaps = { baseMap: baseMap };
})();
