/* Barnetråkk maps: the child's drawing map and the planner's results map (Leaflet).
   Coordinates leave this file as GeoJSON, [longitude, latitude] in EPSG:4326. */
(function () {
  "use strict";

  var COLOURS = {
    skole: "#1a5fb4", fritid: "#b34700",
    liker: "#1b7f3b", utrygg: "#b3261e", aktivitet: "#6a3fb5",
    draft: "#000000"
  };

  function format(text, n) { return text.replace("%(n)s", String(n)); }

  var baseMap = window.sammenMaps.baseMap;

  /* Inside the area's outline ([lat, lon] corners), by ray casting as the server checks it;
     a point on the edge counts as inside. Without an outline, inside the bounds. */
  function inside(config, latlng) {
    var ring = config.outline;
    if (!ring || ring.length < 3) { return L.latLngBounds(config.bounds).contains(latlng); }
    var x = latlng.lng, y = latlng.lat, result = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var ax = ring[i][1], ay = ring[i][0], bx = ring[j][1], by = ring[j][0];
      var cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
      var within = Math.min(ax, bx) <= x && x <= Math.max(ax, bx) && Math.min(ay, by) <= y && y <= Math.max(ay, by);
      if (Math.abs(cross) < 1e-12 && within) { return true; }
      if ((ay > y) !== (by > y) && x < ax + (y - ay) * (bx - ax) / (by - ay)) { result = !result; }
    }
    return result;
  }

  function drawFeatures(map, collection) {
    var layer = L.geoJSON(collection, {
      interactive: false,
      style: function (feature) {
        return { color: COLOURS[feature.properties.destination] || COLOURS.draft, weight: 5, opacity: 0.8 };
      },
      pointToLayer: function (feature, latlng) {
        var colour = COLOURS[feature.properties.category] || COLOURS.draft;
        return L.circleMarker(latlng, { radius: 8, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1, interactive: false });
      }
    });
    return layer.addTo(map);
  }

  function childMap(element, config) {
    var map = baseMap(element, config);
    // A child taps point after point along the way: two quick taps are two points, not a zoom.
    map.doubleClickZoom.disable();
    drawFeatures(map, config.features);
    var status = document.getElementById("kart-melding");
    var routeInput = document.querySelector("#vei-skjema input[name=geometry]");
    var placeInput = document.querySelector("#sted-skjema input[name=geometry]");
    var points = [];
    var line = L.polyline([], { color: COLOURS.draft, weight: 4, dashArray: "6 6", interactive: false }).addTo(map);
    var vertices = L.layerGroup().addTo(map);
    var placeMarker = null;

    function mode() {
      var checked = document.querySelector("input[name=kartmodus]:checked");
      return checked ? checked.value : "vei";
    }
    function showMode() {
      document.querySelectorAll("section[data-mode]").forEach(function (section) {
        section.hidden = section.getAttribute("data-mode") !== mode();
      });
    }
    function say(text, refused) {
      status.textContent = text;
      status.classList.toggle("map-status--refused", Boolean(refused));
    }
    function lineGeoJSON() {
      return JSON.stringify({
        type: "LineString",
        coordinates: points.map(function (p) { return [p.lng, p.lat]; })
      });
    }
    function redrawRoute() {
      line.setLatLngs(points);
      vertices.clearLayers();
      points.forEach(function (p) {
        L.circleMarker(p, { radius: 5, color: COLOURS.draft, fillColor: "#fff", fillOpacity: 1, interactive: false }).addTo(vertices);
      });
      routeInput.value = points.length ? lineGeoJSON() : "";
    }
    function addPoint(latlng) {
      // A tap outside the area is refused at once, before anything is kept or sent.
      if (!inside(config, latlng)) { say(config.labels.outside, true); return; }
      if (mode() === "vei") {
        points.push(latlng);
        redrawRoute();
        say(format(config.labels.routePoints, points.length));
      } else {
        if (placeMarker) { placeMarker.setLatLng(latlng); } else {
          placeMarker = L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 2, fillColor: COLOURS.draft, fillOpacity: 1, interactive: false }).addTo(map);
        }
        placeInput.value = JSON.stringify({ type: "Point", coordinates: [latlng.lng, latlng.lat] });
        say(config.labels.placeSet);
      }
    }

    // A route the server sent back with an error is drawn again, so the child can fix it.
    if (routeInput.value) {
      try {
        JSON.parse(routeInput.value).coordinates.forEach(function (c) { points.push(L.latLng(c[1], c[0])); });
      } catch (e) { points = []; }
      redrawRoute();
    }

    map.on("click", function (event) { addPoint(event.latlng); });
    document.getElementById("punkt-midt").addEventListener("click", function () { addPoint(map.getCenter()); });
    document.getElementById("angre-punkt").addEventListener("click", function () {
      points.pop();
      redrawRoute();
      say(format(config.labels.routePoints, points.length));
    });
    document.getElementById("ferdig-vei").addEventListener("click", function () {
      if (points.length < 2) { say(config.labels.tooFew); return; }
      say(format(config.labels.routeReady, points.length));
      var first = document.querySelector("#vei-skjema input[name=destination]");
      if (first) { first.focus(); }
    });
    document.querySelectorAll("input[name=kartmodus]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        showMode();
        // A reload keeps the mode, as the server keeps it after a save.
        var url = new URL(window.location.href);
        if (mode() === "sted") { url.searchParams.set("modus", "sted"); } else { url.searchParams.delete("modus"); }
        window.history.replaceState(null, "", url);
      });
    });
    showMode();
  }

  function plannerMap(element, config) {
    var map = baseMap(element, config);
    drawFeatures(map, config.features);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("barnetrakk-kart");
    var data = document.getElementById("barnetrakk-config");
    if (!element || !data || typeof L === "undefined") { return; }
    var config = JSON.parse(data.textContent);
    if (element.getAttribute("data-role") === "child") { childMap(element, config); } else { plannerMap(element, config); }
  });
})();
