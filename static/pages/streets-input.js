/* "Rues concernées" in /cms/: the commune's streets as suggestions (pages.widgets.StreetsInput).
   A <datalist> suggests whole values; after "rue de la Gare, " the suggestions become
   "rue de la Gare, <street>" so that a second street can be picked the same way. */
(function () {
  "use strict";
  function setUp(list) {
    var input = document.querySelector('input[list="' + list.id + '"]');
    if (!input || input.getAttribute("data-streets-ready")) { return; }
    input.setAttribute("data-streets-ready", "1");
    var names = Array.prototype.map.call(list.options, function (option) { return option.value; });
    function refresh() {
      var value = input.value;
      var cut = value.lastIndexOf(",");
      var prefix = cut >= 0 ? value.slice(0, cut + 1).replace(/\s*$/, " ") : "";
      var chosen = prefix.split(",").map(function (s) { return s.trim().toLowerCase(); });
      list.textContent = "";
      names.forEach(function (name) {
        if (chosen.indexOf(name.toLowerCase()) >= 0) { return; }
        var option = document.createElement("option");
        option.value = prefix + name;
        list.appendChild(option);
      });
    }
    input.addEventListener("input", refresh);
    input.addEventListener("focus", refresh);
  }
  function all() { document.querySelectorAll("datalist[data-streets-list]").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
