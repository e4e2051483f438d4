// The movement summary chart: headline counts of this period against the previous one (CSP: no inline script).
(function () {
  "use strict";
  var source = document.getElementById("summary-data");
  var canvas = document.getElementById("summary-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#adb5bd", "#1f4e3d"];
  canvas.parentElement.style.height = "320px";
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
      }),
    },
    options: {
      maintainAspectRatio: false,
      responsive: true,
      plugins: { legend: { position: "bottom" } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
})();
