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
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
    { minZoom: 8, maxZoom: 19, attribution: element.dataset.attribution },
  ).addTo(map);

  var bounds = [];
  points.forEach(function (point) {
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = element.dataset.baseUrl + point.slug + "/";
    link.textContent = point.name;
    var address = document.createElement("p");
    address.textContent = point.address;
    popup.appendChild(link);
    popup.appendChild(address);
    if (point.status) {
      // The same "open now" line as on the card; text, so it does not rely on colour.
      var status = document.createElement("p");
      status.textContent = point.status;
      popup.appendChild(status);
    }
    L.circleMarker([point.lat, point.lng], {
      radius: 9,
      color: "#ffffff",
      weight: 2,
      fillColor: colours[point.kind] || "#1b1b1b",
      fillOpacity: 1,
    })
      .bindPopup(popup)
      .bindTooltip(point.name)
      .addTo(map);
    bounds.push([point.lat, point.lng]);
  });
  map.fitBounds(bounds, { padding: [24, 24] });
})();
