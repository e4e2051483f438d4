// The indicator dashboard's two charts, one indicator at a time (one unit of measure per chart):
// its trend over the years and its value in each unit below. Data from json_script (CSP).
(function () {
  "use strict";
  var source = document.getElementById("board-data");
  var chosen = document.getElementById("board-chosen");
  var trendCanvas = document.getElementById("trend-chart");
  var childCanvas = document.getElementById("children-chart");
  if (!source || !chosen || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var code = JSON.parse(chosen.textContent);
  var indicator = data.indicators.filter(function (i) { return i.code === code; })[0] || data.indicators[0];
  if (!indicator) return;
  var percent = indicator.kind === "percent";
  function scale() {
    var y = { beginAtZero: true, ticks: { precision: percent ? 1 : 0 } };
    if (percent) { y.max = 100; }
    return { y: y };
  }
  if (trendCanvas && indicator.trend.length) {
    new Chart(trendCanvas, {
      type: "line",
      data: { labels: data.years, datasets: [{ label: indicator.label, data: indicator.trend, borderColor: "#1f4e3d", backgroundColor: "#1f4e3d" }] },
      options: { maintainAspectRatio: false, plugins: { legend: { display: false }, title: { display: true, text: indicator.label } }, scales: scale() },
    });
  }
  if (childCanvas && data.children.length) {
    var chart = new Chart(childCanvas, {
      type: "bar",
      data: { labels: data.children, datasets: [{ label: indicator.label, data: indicator.children, backgroundColor: "#2f6f8f" }] },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: scale(),
        onClick: function (event, elements) {
          if (!elements.length) return;
          var key = data.keys[elements[0].index];
          var url = new URL(window.location.href);
          url.pathname = url.pathname.replace(/[^/]+\/$/, encodeURIComponent(key) + "/");
          window.location.href = url.toString();
        },
      },
    });
    childCanvas.classList.add("clickable");
    void chart;
  }
})();
