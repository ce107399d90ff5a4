/* The site's maps (templates/pages/includes/map.html): every element with data-site-map gets
   a Leaflet map of its data-features (a GeoJSON FeatureCollection) over the base map of
   data-map ({tiles, attribution, min_zoom, max_zoom, native_max_zoom, center, bounds}).
   A progressive enhancement: without JavaScript (or without Leaflet) the element stays hidden
   and the page's text (the works list, the notice's streets) says the same.
   Features with a "url" property are buttons in the tab order: Enter or Space opens their
   popup and moves the focus to its link (WCAG 2.1.1). */
(function () {
  "use strict";
  if (typeof window.L === "undefined") { return; }
  var L = window.L;
  var colours = { ongoing: "#b00020", upcoming: "#0b4f8a", finished: "#4a5561" };

  function read(element, name, fallback) {
    try { return JSON.parse(element.getAttribute(name) || "null") || fallback; }
    catch (error) { return fallback; }
  }

  function baseLayer(map, config) {
    if (!config.tiles) { return; }
    var options = {
      minZoom: config.min_zoom || 0,
      maxZoom: config.max_zoom || 19,
      maxNativeZoom: config.native_max_zoom || config.max_zoom || 19,
      attribution: config.attribution || ""
    };
    // A self-hosted extract covers the commune only: no request for tiles it does not hold.
    if (config.bounds) { options.bounds = config.bounds; }
    L.tileLayer(config.tiles, options).addTo(map);
  }

  function popupFor(properties, more) {
    var popup = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.title || "";
    popup.appendChild(title);
    if (properties.status_label) {
      var status = document.createElement("p");
      status.textContent = properties.status_label;
      popup.appendChild(status);
    }
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = more;
    popup.appendChild(link);
    return popup;
  }

  function keyboardShape(layer, properties) {
    // Circles and lines are SVG paths Leaflet leaves out of the tab order: make each one a
    // named button that opens its popup with Enter or Space, like a click.
    var shape = layer.getElement && layer.getElement();
    if (!shape) { return; }
    shape.setAttribute("tabindex", "0");
    shape.setAttribute("role", "button");
    shape.setAttribute("aria-label",
      (properties.title || "") + (properties.status_label ? " — " + properties.status_label : ""));
    shape.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        layer.openPopup();
        var link = layer.getPopup().getElement().querySelector("a");
        if (link) { link.focus(); }
      }
    });
  }

  function draw(container) {
    if (container.getAttribute("data-site-map-ready")) { return; }
    container.setAttribute("data-site-map-ready", "1");
    var config = read(container, "data-map", {});
    var features = read(container, "data-features", { type: "FeatureCollection", features: [] });
    var more = container.getAttribute("data-more") || "";
    container.hidden = false;
    var caption = document.getElementById(container.id + "-caption");
    if (caption) { caption.hidden = false; }
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.getAttribute("data-label") || "");
    var center = config.center || [50.4669, 4.8675];
    var map = L.map(container, { scrollWheelZoom: false }).setView(center, 15);
    baseLayer(map, config);

    var layers = [];
    var group = L.geoJSON(features, {
      style: function (feature) {
        var colour = colours[(feature.properties || {}).status] || colours.upcoming;
        return { color: colour, weight: 7, opacity: 0.9, fillOpacity: 0.4 };
      },
      pointToLayer: function (feature, latlng) {
        var colour = colours[(feature.properties || {}).status] || colours.upcoming;
        return L.circleMarker(latlng, { radius: 10, color: colour, weight: 4, fillOpacity: 0.4 });
      },
      interactive: true,
      onEachFeature: function (feature, layer) {
        var properties = feature.properties || {};
        if (properties.url) {
          layer.bindPopup(popupFor(properties, more));
          layers.push([layer, properties]);
        } else {
          layer.options.interactive = false;
        }
      }
    }).addTo(map);
    layers.forEach(function (pair) { keyboardShape(pair[0], pair[1]); });

    var bounds = group.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [32, 32], maxZoom: parseInt(container.getAttribute("data-max-fit") || "16", 10) });
    }
    // A map drawn while hidden (a closed panel) measures 0 pixels: measure again when shown.
    if (window.ResizeObserver) {
      new window.ResizeObserver(function () { map.invalidateSize(); }).observe(container);
    }
  }

  document.querySelectorAll("[data-site-map]").forEach(draw);
})();
