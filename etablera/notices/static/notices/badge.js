/* The number of notices beside "Aviseringar" in the header, fetched after the page has loaded so that no page pays
   for the counts while it renders (their queries stay out of every page's count). Without script the link is there,
   without a number. */
(function () {
  "use strict";
  var link = document.querySelector("[data-notices-count-url]");
  if (!link || !window.fetch) {
    return;
  }
  fetch(link.getAttribute("data-notices-count-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.total) {
        return;
      }
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = String(data.total);
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " " + link.getAttribute("data-notices-label");
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
      link.appendChild(hidden);
    })
    .catch(function () {});
})();
