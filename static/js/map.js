// The locations map (Leaflet + PDOK BRT Achtergrondkaart). Loaded only on the locations
// overview; the list on the same page shows the same locations, so the map is never needed.
(function () {
  "use strict";
  var element = document.getElementById("location-map");
  var dataElement = document.getElementById("map-data");
  if (!element || !dataElement || !window.L) return;
  var points = JSON.parse(dataElement.textContent);
  if (!points.length) return;

  var colours = {
    wijkentree: "#00567a",
    wijkteam: "#8a3b00",
    inloop: "#0b6b2e",
    activiteit: "#6b2a82",
  };
  document.getElementById("map-section").hidden = false;
  // Leaflet puts string content (tooltips, popups, attribution) in place with innerHTML.
  // Data never reaches it as a string: tooltips and popups get DOM nodes filled with
  // textContent, and the attribution text is escaped first.
  function textElement(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    return node;
  }
  function escapeHtml(text) {
    return textElement("span", text).innerHTML;
  }

  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
    { minZoom: 8, maxZoom: 19, attribution: escapeHtml(element.dataset.attribution || "") },
  ).addTo(map);

  var bounds = [];
  points.forEach(function (point) {
    var popup = document.createElement("div");
    var link = textElement("a", point.name);
    link.href = element.dataset.baseUrl + encodeURIComponent(point.slug) + "/";
    popup.appendChild(link);
    popup.appendChild(textElement("p", point.address));
    if (point.status) {
      // The same "open now" line as on the card; text, so it does not rely on colour.
      popup.appendChild(textElement("p", point.status));
    }
    L.circleMarker([point.lat, point.lng], {
      radius: 9,
      color: "#ffffff",
      weight: 2,
      fillColor: colours[point.kind] || "#1b1b1b",
      fillOpacity: 1,
    })
      .bindPopup(popup)
      .bindTooltip(textElement("span", point.name))
      .addTo(map);
    bounds.push([point.lat, point.lng]);
  });
  map.fitBounds(bounds, { padding: [24, 24] });
})();
