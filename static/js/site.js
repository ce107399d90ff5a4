/* Progressive enhancement only: every page works without JavaScript. */
(function () {
  "use strict";
  // GOV.UK pattern: move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Show the fields that only matter for some choices (e.g. third-party details), chosen
  // with radio buttons or a list. The server ignores a hidden field whatever it holds.
  document.querySelectorAll("[data-show-when]").forEach(function (block) {
    var name = block.getAttribute("data-show-when");
    var values = block.getAttribute("data-values").split(" ");
    var inputs = document.querySelectorAll('[name="' + name + '"]');
    function chosen() {
      var select = document.querySelector('select[name="' + name + '"]');
      if (select) { return select.value; }
      var checked = document.querySelector('input[name="' + name + '"]:checked');
      return checked ? checked.value : null;
    }
    function update() {
      var show = values.indexOf(chosen()) !== -1;
      // Never hide a block that holds an error message.
      block.hidden = !show && !block.querySelector(".field--error");
    }
    inputs.forEach(function (input) { input.addEventListener("change", update); });
    update();
  });

  // A purpose reserved to another variant (criminal-record model) cannot be picked: its
  // option is disabled, and dropped if it was chosen before the variant changed.
  document.querySelectorAll("select[data-variant-field]").forEach(function (select) {
    var field = select.getAttribute("data-variant-field");
    var radios = document.querySelectorAll(
      'input[name="' + field + '"], input[name$="-' + field + '"]'
    );
    function update() {
      var checked = Array.prototype.find.call(radios, function (r) { return r.checked; });
      select.querySelectorAll("option[data-variant]").forEach(function (option) {
        option.disabled = Boolean(checked) && option.getAttribute("data-variant") !== checked.value;
        if (option.disabled && option.selected) { select.value = ""; }
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  });
})();
