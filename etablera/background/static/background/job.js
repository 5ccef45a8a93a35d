/* The job's page (etablera/background/): while the job is queued or running, ask its status every two seconds and
   show it — the progress bar, "Steg 4 av 12: …" in the live region (read out when it changes), and the download
   link when the job is done (or the page once more, for a kind whose result the page itself shows). Without this script the page still works: its link reloads it. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");
  var status = box.querySelector("[data-job-status]");
  var result = box.querySelector("[data-job-result]");

  function show(data) {
    if (data.reload && !data.active) {
      window.location.reload();
      return;
    }
    status.textContent = data.status_label;
    if (bar && data.steps) {
      bar.max = data.steps;
      bar.value = data.step;
      bar.textContent = data.step + " / " + data.steps;
    }
    if (text.textContent !== data.text) {
      text.textContent = data.text;
    }
    if (data.file_url && result && !result.firstChild) {
      var link = document.createElement("a");
      link.href = data.file_url;
      link.textContent = data.file_label;
      result.appendChild(link);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.active) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }

  window.setTimeout(poll, 2000);
})();
