/* Drawing a process's map area: click the map to set corners, undo the last, clear all. The
   corners are written to the textarea of «latitude, longitude» lines, which is also the way
   to give the area without the map; the form is the same either way. */
(function () {
  "use strict";

  function start() {
    var element = document.getElementById("omrade-kart");
    var source = document.getElementById("omrade-kart-config");
    var lines = document.getElementById("id_lines");
    if (!element || !source || !lines || !window.L) return;
    var config = JSON.parse(source.textContent);
    var status = document.getElementById("omrade-status");
    element.hidden = false;
    document.getElementById("omrade-verktoy").hidden = false;

    var map = L.map(element, { zoomControl: false });
    L.control.zoom({ zoomInTitle: config.labels.zoomIn, zoomOutTitle: config.labels.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    }
    var corners = config.outline.slice(0, Math.max(config.outline.length - 1, 0));
    var shape = L.polygon([], { color: "#1a5fb4", weight: 3 }).addTo(map);
    if (corners.length) {
      map.fitBounds(L.latLngBounds(corners));
    } else {
      map.setView([59.91, 10.75], 11);
    }

    function redraw() {
      shape.setLatLngs(corners);
      lines.value = corners.map(function (c) { return c[0].toFixed(6) + ", " + c[1].toFixed(6); }).join("\n");
      var text = corners.length < 3 ? config.labels.tooFew : config.labels.points;
      status.textContent = text.replace("%(n)s", corners.length);
    }

    map.on("click", function (event) {
      corners.push([event.latlng.lat, event.latlng.lng]);
      redraw();
    });
    document.getElementById("omrade-angre").addEventListener("click", function () {
      corners.pop();
      redraw();
    });
    document.getElementById("omrade-tom").addEventListener("click", function () {
      corners = [];
      redraw();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
