// Hold timer for held exercises: a button that counts down the prescribed seconds.
// Without JavaScript the page still says how long to hold; this only adds the button.
(function () {
  "use strict";
  document.querySelectorAll("[data-hold-seconds]").forEach(function (box) {
    var seconds = parseInt(box.dataset.holdSeconds, 10);
    if (!seconds) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-primary";
    button.textContent = "Start " + seconds + " s hold";
    var status = document.createElement("span");
    status.className = "ms-2 hold-timer-count";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(button);
    box.appendChild(status);
    var timer = null;
    button.addEventListener("click", function () {
      if (timer) {
        clearInterval(timer);
        timer = null;
        button.textContent = "Start " + seconds + " s hold";
        status.textContent = "Stopped.";
        return;
      }
      var left = seconds;
      status.textContent = left + " s left";
      button.textContent = "Stop";
      timer = setInterval(function () {
        left -= 1;
        if (left <= 0) {
          clearInterval(timer);
          timer = null;
          button.textContent = "Start " + seconds + " s hold";
          status.textContent = "Done. Relax.";
        } else if (left % 5 === 0 || left <= 3) {
          status.textContent = left + " s left";
        }
      }, 1000);
    });
  });
})();
