// The movement summary charts: one small chart per headline count (each its own axis, so counts of
// different magnitudes are never drawn against one scale), this period against the previous one.
(function () {
  "use strict";
  var source = document.getElementById("summary-data");
  var canvas = document.getElementById("summary-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#adb5bd", "#1f4e3d"];
  var holder = canvas.parentElement;
  holder.removeChild(canvas);
  holder.classList.add("row", "g-2");
  data.labels.forEach(function (label, index) {
    var cell = document.createElement("div");
    cell.className = "col-6 col-md-4 col-xl-3 summary-small-chart";
    var small = document.createElement("canvas");
    small.setAttribute("role", "img");
    small.setAttribute("aria-label", label);
    cell.appendChild(small);
    holder.appendChild(cell);
    new Chart(small, {
      type: "bar",
      data: {
        labels: data.series.map(function (s) { return s.label; }),
        datasets: [{
          label: label,
          data: data.series.map(function (s) { return s.data[index]; }),
          backgroundColor: colours,
        }],
      },
      options: {
        maintainAspectRatio: false,
        responsive: true,
        plugins: { legend: { display: false }, title: { display: true, text: label } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
})();
