// Progress of a roster import job: polls the small JSON status endpoint (no inline script: CSP)
// and reloads the page once the job has finished, which then shows the preview or the result.
(function () {
  "use strict";
  var box = document.getElementById("roster-job");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-role=bar]");
  var label = box.querySelector("[data-role=label]");
  var count = box.querySelector("[data-role=count]");
  var total = box.querySelector("[data-role=total]");
  var rows = box.querySelector("[data-role=rows]");
  var format = new Intl.NumberFormat(document.documentElement.lang || "vi");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        bar.value = data.percent;
        label.textContent = data.status_label;
        count.textContent = format.format(data.processed);
        total.textContent = format.format(data.total);
        // "0 / 0 dòng" reads as broken while the file has not been opened yet: shown once known.
        rows.hidden = !data.total;
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  poll();
})();
