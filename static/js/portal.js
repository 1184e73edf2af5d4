// Comfort only: every page works without this script.
// "Zoek dichtbij mij": asks for the location only after a tap, then lists the nearest
// locations (from the data-lat/data-lng of the cards already in the page) by distance.
(function () {
  "use strict";
  var container = document.getElementById("near-me");
  if (!container || !("geolocation" in navigator)) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = "utrecht-button utrecht-button--secondary-action";
  button.textContent = container.dataset.label;
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  // Beside "Zoek in mijn buurt" when the page has a slot for it, so both ways sit in one row.
  (document.getElementById("near-me-slot") || container).appendChild(button);
  container.appendChild(status);

  function distanceKm(lat1, lng1, lat2, lng2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLng = (lng2 - lng1) * rad;
    var a =
      Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function showNearest(position) {
    var lat = position.coords.latitude;
    var lng = position.coords.longitude;
    var cards = Array.prototype.slice.call(
      document.querySelectorAll(".js-location-list .portal-card[data-lat]"),
    );
    var ranked = cards
      .filter(function (card) {
        return card.dataset.lat && card.dataset.lng;
      })
      .map(function (card) {
        var lat2 = parseFloat(card.dataset.lat.replace(",", "."));
        var lng2 = parseFloat(card.dataset.lng.replace(",", "."));
        return { card: card, km: distanceKm(lat, lng, lat2, lng2) };
      })
      .sort(function (a, b) {
        return a.km - b.km;
      })
      .slice(0, 6);
    var old = document.getElementById("near-me-results");
    if (old) old.remove();
    var section = document.createElement("div");
    section.id = "near-me-results";
    var heading = document.createElement("h3");
    heading.className = "utrecht-heading-3";
    heading.tabIndex = -1;
    heading.textContent = container.dataset.heading;
    var list = document.createElement("ol");
    list.className = "portal-cards portal-cards--2";
    ranked.forEach(function (entry) {
      var copy = entry.card.cloneNode(true);
      var distance = document.createElement("p");
      distance.className = "portal-distance";
      distance.textContent =
        entry.km.toFixed(1).replace(".", document.documentElement.lang === "nl" ? "," : ".") +
        " " +
        container.dataset.unit;
      copy.appendChild(distance);
      list.appendChild(copy);
    });
    section.appendChild(heading);
    section.appendChild(list);
    container.appendChild(section);
    status.textContent = "";
    heading.focus();
  }

  button.addEventListener("click", function () {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(
      showNearest,
      function () {
        status.textContent = container.dataset.error;
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 },
    );
  });
})();

// Keeps the "open now" line right on a page that came from a cache or stayed open:
// the server lists the line for every coming change; show the last one that has begun.
(function () {
  "use strict";
  var line = document.getElementById("opening-status");
  var data = document.getElementById("opening-status-data");
  if (!line || !data) return;
  var timeline = JSON.parse(data.textContent);

  function update() {
    var now = Date.now() / 1000;
    var current = null;
    for (var i = 0; i < timeline.length && timeline[i].from <= now; i++) current = timeline[i];
    if (!current) return;
    if (line.textContent !== current.text) line.textContent = current.text;
    line.classList.toggle("portal-status--open", current.open);
    line.classList.toggle("portal-status--closed", !current.open);
  }

  update();
  window.setInterval(update, 30000);
})();
