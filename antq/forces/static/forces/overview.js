// The force overview's charts: roles per child unit (stacked bars) and the age structure.
// Data from the json_script block #forces-overview-data (no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("forces-overview-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#1f4e3d", "#2e8b57", "#9ccc9c", "#adb5bd", "#b71c1c"];
  var roles = document.getElementById("forces-roles-chart");
  if (roles) {
    var horizontal = data.labels.length > 12;
    roles.parentElement.style.height = (horizontal ? Math.max(320, data.labels.length * 22) : 340) + "px";
    new Chart(roles, {
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
        scales: {
          x: { stacked: true, ticks: { precision: 0 } },
          y: { stacked: true, ticks: { precision: 0 } },
        },
      },
    });
  }
  var ages = document.getElementById("forces-ages-chart");
  if (ages) {
    ages.parentElement.style.height = "340px";
    new Chart(ages, {
      type: "bar",
      data: {
        labels: data.ages.labels,
        datasets: [{ label: data.ages.label, data: data.ages.data, backgroundColor: colours[1] }],
      },
      options: {
        maintainAspectRatio: false,
        responsive: true,
        plugins: { legend: { display: false } },
        scales: { y: { ticks: { precision: 0 } } },
      },
    });
  }
})();
