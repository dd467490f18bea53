// Draws the ODI and pain chart on the client page from the canvas's data-chart attribute.
// The same numbers are in the table next to it, which is what screen readers use.
(function () {
  "use strict";
  var canvas = document.getElementById("progress-chart");
  if (!canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(canvas.dataset.chart);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: "ODI %", data: data.odi, yAxisID: "odi", borderColor: "#1f6f5c", backgroundColor: "#1f6f5c", spanGaps: true },
        { label: "Pain (0-10)", data: data.pain, yAxisID: "pain", borderColor: "#b02a37", backgroundColor: "#b02a37", borderDash: [6, 4], spanGaps: true },
        // Questionnaires the client answered between visits: their own series, drawn as points.
        { label: "ODI % (client-reported)", data: data.odi_client || [], yAxisID: "odi", borderColor: "#1f6f5c", backgroundColor: "#ffffff", pointStyle: "rectRot", pointRadius: 6, showLine: false },
        { label: "Pain (client-reported)", data: data.pain_client || [], yAxisID: "pain", borderColor: "#b02a37", backgroundColor: "#ffffff", pointStyle: "triangle", pointRadius: 6, showLine: false }
      ]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        odi: { type: "linear", position: "left", min: 0, max: 100, title: { display: true, text: "ODI %" } },
        pain: { type: "linear", position: "right", min: 0, max: 10, grid: { drawOnChartArea: false }, title: { display: true, text: "Pain" } }
      }
    }
  });
})();
