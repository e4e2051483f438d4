// The practices overview chart: activities by kind, this period against the previous one (CSP: no inline script).
(function () {
  "use strict";
  var source = document.getElementById("overview-data");
  var canvas = document.getElementById("overview-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#adb5bd", "#1f4e3d", "#2e8b57", "#b71c1c"];
  var horizontal = data.labels.length > 12;
  // One bar group per child unit: a long list (34 provinces, a province's communes) reads better sideways.
  canvas.parentElement.style.height = (horizontal ? Math.max(320, data.labels.length * 28) : 340) + "px";
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
      }),
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      maintainAspectRatio: false,
      responsive: true,
      plugins: { legend: { position: "bottom" } },
      scales: { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } },
    },
  });
})();
