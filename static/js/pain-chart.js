// Draws pain before/after per session from the json_script data next to the canvas.
// The same numbers are in the table below it, which is what screen readers use.
(function () {
  "use strict";
  var canvas = document.getElementById("pain-chart");
  var source = document.getElementById("pain-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Pain before", data: data.before, borderColor: "#1f6f5c", backgroundColor: "#1f6f5c" },
        { label: "Pain after", data: data.after, borderColor: "#b02a37", backgroundColor: "#b02a37", borderDash: [6, 4] }
      ]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, max: 10, title: { display: true, text: "Pain (0-10)" } } }
    }
  });
})();
