/* The works map of /travaux/: drawn from the list below it (data-geometry on each item), so it
   always shows what the list shows. Without JavaScript (or without Leaflet) the list alone is
   the page, and the map container stays hidden. */
(function () {
  "use strict";
  var container = document.getElementById("works-map");
  if (!container || typeof window.L === "undefined") { return; }
  var L = window.L;
  var colours = { ongoing: "#b00020", upcoming: "#0b4f8a", finished: "#4a5561" };

  container.hidden = false;
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", container.getAttribute("data-label"));
  var center = (container.getAttribute("data-center") || "50.4669,4.8675").split(",").map(Number);
  var map = L.map(container, { scrollWheelZoom: false }).setView(center, 14);
  var tiles = container.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, {
      maxZoom: 19,
      attribution: container.getAttribute("data-attribution") || ""
    }).addTo(map);
  }

  var bounds = [];
  document.querySelectorAll(".works-item[data-geometry]").forEach(function (item) {
    var raw = item.getAttribute("data-geometry");
    if (!raw) { return; }
    var geometry = JSON.parse(raw);
    var status = (item.className.match(/works-item--(\w+)/) || [])[1];
    var colour = colours[status] || colours.upcoming;
    var layer;
    if (geometry.type === "Point") {
      var latlng = [geometry.coordinates[1], geometry.coordinates[0]];
      layer = L.circleMarker(latlng, { radius: 9, color: colour, weight: 3, fillOpacity: 0.4 });
      bounds.push(latlng);
    } else if (geometry.type === "LineString") {
      var latlngs = geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
      layer = L.polyline(latlngs, { color: colour, weight: 6, opacity: 0.85 });
      bounds = bounds.concat(latlngs);
    }
    if (!layer) { return; }
    var popup = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = item.getAttribute("data-title");
    var status_ = document.createElement("p");
    status_.textContent = item.getAttribute("data-status");
    var link = document.createElement("a");
    link.href = item.getAttribute("data-url");
    link.textContent = container.getAttribute("data-more");
    popup.appendChild(title);
    popup.appendChild(status_);
    popup.appendChild(link);
    layer.bindPopup(popup).addTo(map);
    // Circles and lines are SVG paths Leaflet leaves out of the tab order: make each one a
    // named button that opens its popup with Enter or Space (WCAG 2.1.1), like a click.
    var shape = layer.getElement();
    if (shape) {
      shape.setAttribute("tabindex", "0");
      shape.setAttribute("role", "button");
      shape.setAttribute("aria-label",
        item.getAttribute("data-title") + " — " + item.getAttribute("data-status"));
      shape.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          layer.openPopup();
          var more = layer.getPopup().getElement().querySelector("a");
          if (more) { more.focus(); }
        }
      });
    }
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }
})();
