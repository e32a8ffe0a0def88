/* The public list's map: the page's inputs that have a place, each a point whose popup shows
   the (masked) text and links to the input in the list. The list holds everything the map
   shows; without JavaScript the map stays hidden. Texts are set as text, never as HTML. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("innspill-oversikt-kart");
    var data = document.getElementById("innspill-oversikt-config");
    if (!element || !data || !window.L || !window.sammenMaps) return;
    var config = JSON.parse(data.textContent);
    element.hidden = false;
    var map = window.sammenMaps.baseMap(element, config);

    function popup(feature) {
      var box = document.createElement("div");
      var text = document.createElement("p");
      text.textContent = feature.properties.text;
      text.setAttribute("dir", "auto");
      var link = document.createElement("a");
      link.href = "#innspill-" + feature.properties.id;
      link.textContent = config.labels.readMore;
      box.appendChild(text);
      box.appendChild(link);
      return box;
    }

    var points = L.geoJSON(config.features, {
      pointToLayer: function (feature, latlng) {
        // 24 px across: a target a finger can hit (WCAG 2.5.8).
        return L.circleMarker(latlng, { radius: 12, color: "#fff", weight: 2, fillColor: "#1a5fb4", fillOpacity: 1 });
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(popup(feature)); }
    }).addTo(map);
    if (!config.outline || !config.outline.length) {
      map.fitBounds(points.getBounds().pad(0.2), { maxZoom: 16 });
    }
  });
})();
