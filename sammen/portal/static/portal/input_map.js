/* The input form's map: one optional point, kept in the hidden field place_point as GeoJSON
   ([longitude, latitude], EPSG:4326). Without JavaScript the block stays hidden and the
   named place is the way to say where. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.querySelector("[data-input-map]");
    var configElement = document.getElementById("innspill-kart-config");
    var field = document.querySelector("input[name=place_point]");
    if (!block || !configElement || !field || !window.L || !window.sammenMaps) return;
    var config = JSON.parse(configElement.textContent);
    block.hidden = false;

    var map = window.sammenMaps.baseMap("innspill-kart", config);

    var status = document.getElementById("kart-status");
    var marker = null;

    function mark(latlng) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 2, fillColor: "#b3261e", fillOpacity: 1, interactive: false }).addTo(map);
      }
      field.value = JSON.stringify({ type: "Point", coordinates: [latlng.lng, latlng.lat] });
      status.textContent = config.labels.placeSet;
    }

    // A point the server sent back with an error (or a reload) is shown again.
    if (field.value) {
      try {
        var c = JSON.parse(field.value).coordinates;
        mark(L.latLng(c[1], c[0]));
      } catch (e) { field.value = ""; }
    }

    map.on("click", function (event) { mark(event.latlng); });
    document.getElementById("kart-midt").addEventListener("click", function () { mark(map.getCenter()); });
    document.getElementById("kart-fjern").addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      field.value = "";
      status.textContent = config.labels.placeCleared;
    });
  });
})();
