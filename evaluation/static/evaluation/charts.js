/* Draws the evaluation charts from JSON data islands ({{ data|json_script }}); no inline scripts. */
(function () {
  "use strict";

  function readIsland(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function baseOptions() {
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return { responsive: true, maintainAspectRatio: false, animation: reduce ? false : undefined };
  }

  function surveyCharts(charts) {
    Object.keys(charts).forEach(function (canvasId) {
      var canvas = document.getElementById(canvasId);
      var data = charts[canvasId];
      if (!canvas) { return; }
      var options = baseOptions();
      options.indexAxis = data.horizontal ? "y" : "x";
      options.plugins = { legend: { display: false } };
      options.scales = { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } };
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: [{ data: data.counts, backgroundColor: "#0a4ea8" }] },
        options: options
      });
    });
  }

  function statisticsCharts(stats) {
    var monthly = document.getElementById("chart-monthly");
    if (monthly) {
      var options = baseOptions();
      options.scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
      new window.Chart(monthly, {
        type: "line",
        data: {
          labels: stats.labels,
          datasets: stats.series.map(function (series) {
            return { label: series.label, data: series.data, hidden: series.key === "attendance" };
          })
        },
        options: options
      });
    }
    var balance = document.getElementById("chart-balance");
    if (balance) {
      new window.Chart(balance, {
        type: "doughnut",
        data: {
          labels: stats.balance.labels,
          datasets: [{ data: stats.balance.data, backgroundColor: ["#0a4ea8", "#fd7e14", "#adb5bd"] }]
        },
        options: baseOptions()
      });
    }
    var materials = document.getElementById("chart-materials");
    if (materials && stats.materials) {
      var barOptions = baseOptions();
      barOptions.indexAxis = "y";
      barOptions.plugins = { legend: { display: false } };
      barOptions.scales = { x: { beginAtZero: true, ticks: { precision: 0 } } };
      new window.Chart(materials, {
        type: "bar",
        data: { labels: stats.materials.labels, datasets: [{ data: stats.materials.data, backgroundColor: "#0a4ea8" }] },
        options: barOptions
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) { return; }
    var charts = readIsland("evaluation-charts");
    if (charts) { surveyCharts(charts); }
    var stats = readIsland("evaluation-statistics");
    if (stats) { statisticsCharts(stats); }
  });
})();
