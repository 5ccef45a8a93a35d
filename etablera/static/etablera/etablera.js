/* Etablera's only script, and every page works without it (CSP: script-src 'self').
   A form that comes back with errors moves focus to its error summary, so that a screen reader reads the errors
   out at once (role="alert" on content that is there when the page loads is not announced by every screen
   reader) and a keyboard user starts from the summary, whose links lead to the fields. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) {
    summary.focus();
  }
})();
