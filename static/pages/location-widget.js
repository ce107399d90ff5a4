/* A works notice's location in /cms/ (pages.widgets.LocationMapWidget): the text field
   "lat, lon; lat, lon" drawn on a map. A click on the map adds a point (one point marks a
   spot, several a line along the street); the buttons take the last point back, clear
   everything or copy a street's course. Typing in the text field redraws the map: the field
   is the keyboard way and stays the value the form sends. */
(function () {
  "use strict";

  function parse(text) {
    var points = [];
    text.replace(/\n/g, ";").split(";").forEach(function (chunk) {
      var parts = chunk.split(",");
      if (parts.length !== 2) { return; }
      var lat = parseFloat(parts[0]), lon = parseFloat(parts[1]);
      if (isFinite(lat) && isFinite(lon)) { points.push([lat, lon]); }
    });
    return points;
  }

  function format(points) {
    return points.map(function (p) { return p[0].toFixed(5) + ", " + p[1].toFixed(5); }).join("; ");
  }

  function read(element, name, fallback) {
    try { return JSON.parse(element.getAttribute(name) || "null") || fallback; }
    catch (error) { return fallback; }
  }

  function setUp(root) {
    if (root.getAttribute("data-location-ready") || typeof window.L === "undefined") { return; }
    root.setAttribute("data-location-ready", "1");
    var L = window.L;
    var field = root.querySelector("textarea");
    var container = root.querySelector("[data-location-map]");
    var tools = root.querySelector("[data-location-tools]");
    var status = root.querySelector("[data-location-status]");
    var select = root.querySelector("[data-location-street]");
    var config = read(root, "data-map", {});
    var streets = read(root, "data-streets", { features: [] }).features || [];
    container.hidden = false;
    tools.hidden = false;

    var map = L.map(container, { scrollWheelZoom: false, doubleClickZoom: false })
      .setView(config.center || [50.4669, 4.8675], 15);
    if (config.tiles) {
      var options = {
        minZoom: config.min_zoom || 0, maxZoom: config.max_zoom || 19,
        maxNativeZoom: config.native_max_zoom || config.max_zoom || 19,
        attribution: config.attribution || ""
      };
      if (config.bounds) { options.bounds = config.bounds; }
      L.tileLayer(config.tiles, options).addTo(map);
    }
    var drawn = L.layerGroup().addTo(map);

    streets.forEach(function (feature, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = feature.properties.name;
      select.appendChild(option);
    });

    function announce(points) {
      status.textContent = points.length === 0 ? root.getAttribute("data-none") || ""
        : points.length === 1 ? root.getAttribute("data-one") || ""
        : (root.getAttribute("data-many") || "").replace("%(count)s", String(points.length));
    }

    function draw(points, fit) {
      drawn.clearLayers();
      if (points.length > 1) {
        L.polyline(points, { color: "#b00020", weight: 6, opacity: 0.85, interactive: false }).addTo(drawn);
      }
      points.forEach(function (point) {
        L.circleMarker(point, { radius: 6, color: "#b00020", weight: 3, fillOpacity: 0.6, interactive: false }).addTo(drawn);
      });
      if (fit && points.length) {
        map.fitBounds(L.latLngBounds(points), { padding: [40, 40], maxZoom: 17 });
      }
      announce(points);
    }

    function write(points) {
      field.value = format(points);
      // Tell Wagtail (unsaved-changes warning) and anything listening that the field changed.
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
      draw(points, false);
    }

    map.on("click", function (event) {
      var points = parse(field.value);
      points.push([event.latlng.lat, event.latlng.lng]);
      write(points);
    });
    root.querySelector("[data-location-undo]").addEventListener("click", function () {
      var points = parse(field.value);
      points.pop();
      write(points);
    });
    root.querySelector("[data-location-clear]").addEventListener("click", function () {
      write([]);
    });
    root.querySelector("[data-location-use-street]").addEventListener("click", function () {
      var feature = streets[parseInt(select.value, 10)];
      if (!feature) { return; }
      var geometry = feature.geometry;
      var line = geometry.type === "MultiLineString" ? geometry.coordinates[0] : geometry.coordinates;
      var points = line.map(function (c) { return [c[1], c[0]]; });
      write(points);
      map.fitBounds(L.latLngBounds(points), { padding: [40, 40], maxZoom: 17 });
    });
    field.addEventListener("input", function (event) {
      if (event.isTrusted) { draw(parse(field.value), false); }
    });
    field.addEventListener("change", function (event) {
      if (event.isTrusted) { draw(parse(field.value), true); }
    });
    draw(parse(field.value), true);
    if (window.ResizeObserver) {
      new window.ResizeObserver(function () { map.invalidateSize(); }).observe(container);
    }
  }

  function all() { document.querySelectorAll("[data-location-widget]").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
