// Autocomplete for the search box: progressive enhancement, the form works without it.
// Follows the ARIA combobox pattern (list of options below the input, arrow keys, Escape).
(function () {
  "use strict";
  if (!window.fetch) return;
  var lang = document.documentElement.lang === "en" ? "en" : "nl";
  var inputs = document.querySelectorAll('form[role="search"] input[name="q"]');
  Array.prototype.forEach.call(inputs, function (input, number) { enhance(input, number); });

  function enhance(input, number) {
  var url = input.getAttribute("data-suggest-url") || "/api/v1/search/suggest/?lang=" + lang;
  var list = document.createElement("ul");
  list.id = "search-suggestions-" + number;
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.parentNode.insertBefore(list, input.nextSibling);
  var timer = null;
  var active = -1;

  function close() {
    list.hidden = true;
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function show(suggestions) {
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    suggestions.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.setAttribute("role", "option");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      link.tabIndex = -1;
      option.appendChild(link);
      list.appendChild(option);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", String(suggestions.length > 0));
  }

  function move(step) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (active >= 0) options[active].removeAttribute("aria-selected");
    active = (active + step + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) return close();
    timer = setTimeout(function () {
      fetch(url + "&q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { show(data.suggestions || []); })
        .catch(close);
    }, 200);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("a")[active].href;
    }
  });

  input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
})();
