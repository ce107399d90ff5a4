/* Staff pages, progressive enhancement only (the server applies the same rules). */
(function () {
  "use strict";
  // Statistics: typing a date selects "Dates choisies"; choosing a preset period clears the
  // typed dates (the server reads any typed date as a chosen period). Delegated on the
  // document, so it keeps working after htmx swaps the page's body.
  function periodForm(element) {
    var form = element.form;
    return form && form.elements.period && form.elements.start && form.elements.end ? form : null;
  }
  function onDate(event) {
    var input = event.target;
    if (input.name !== "start" && input.name !== "end") { return; }
    var form = periodForm(input);
    if (form && input.value) { form.elements.period.value = "custom"; }
  }
  document.addEventListener("input", onDate);
  document.addEventListener("change", function (event) {
    onDate(event);
    var select = event.target;
    if (select.name !== "period") { return; }
    var form = periodForm(select);
    if (form && select.value !== "custom") {
      form.elements.start.value = "";
      form.elements.end.value = "";
    }
  });

  // htmx keeps a 4xx or 5xx answer out of the page by default, so a boosted form sent back
  // with errors (400), a refused action (409) or a 404 would seem to do nothing. The server's
  // answer is a whole page in the site's look: show it, then move the focus to its error
  // summary as a full page load does.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status >= 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
