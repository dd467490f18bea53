// Posture page: show the chosen photo with a plumb line and grid over it before upload,
// so the practitioner can check framing and level. The file stays in the browser.
(function () {
  "use strict";
  document.querySelectorAll("form.posture-upload").forEach(function (form) {
    var figure = form.querySelector(".capture-preview");
    var preview = figure.querySelector("img");
    var url = null;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        if (url) URL.revokeObjectURL(url);
        var file = input.files && input.files[0];
        if (!file) { figure.hidden = true; return; }
        url = URL.createObjectURL(file);
        preview.src = url;
        figure.hidden = false;
      });
    });
  });
})();
