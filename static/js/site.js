/* Progressive enhancement only: every page works without JavaScript. */
(function () {
  "use strict";
  // GOV.UK pattern: move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Switching language in the middle of a form (the switcher's links, at the top of every
  // page): what was typed but not sent yet comes along to the same page in the other
  // language, through sessionStorage (this tab only, removed once read). Without JavaScript
  // the links work the same; the answers already sent are kept in the server's draft.
  var STASH = "language-switch";
  var prefixes = [];
  document.querySelectorAll(".language-switcher a[hreflang]").forEach(function (link) {
    prefixes.push(link.getAttribute("hreflang"));
  });
  var prefix = new RegExp("^/(" + prefixes.join("|") + ")(?=/)");
  function samePage(path) { return path.replace(prefix, ""); }
  var form = document.querySelector("main form[method='post']");
  function typed() {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.disabled) { return; }
      if (["file", "password", "hidden", "submit", "button", "reset"].indexOf(el.type) !== -1) { return; }
      if (el.type === "radio") { if (el.checked) { fields.push([el.name, el.value]); } return; }
      if (el.type === "checkbox") { fields.push([el.name, el.value, el.checked]); return; }
      fields.push([el.name, el.value]);
    });
    return fields;
  }
  try {
    var saved = JSON.parse(window.sessionStorage.getItem(STASH) || "null");
    window.sessionStorage.removeItem(STASH);
    if (saved && form && !summary && saved.page === samePage(window.location.pathname)) {
      saved.fields.forEach(function (field) {
        form.querySelectorAll("[name='" + field[0].replace(/'/g, "") + "']").forEach(function (el) {
          if (el.type === "radio") { el.checked = el.value === field[1]; }
          else if (el.type === "checkbox") { if (el.value === field[1]) { el.checked = field[2]; } }
          else if (el.type !== "file") { el.value = field[1]; }
        });
      });
    }
    if (form) {
      document.querySelectorAll(".language-switcher a").forEach(function (link) {
        link.addEventListener("click", function () {
          window.sessionStorage.setItem(STASH, JSON.stringify(
            { page: samePage(window.location.pathname), fields: typed() }));
        });
      });
    }
  } catch (error) { /* storage refused (private mode): the link works without it */ }

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
