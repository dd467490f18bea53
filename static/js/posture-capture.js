// Posture page: frame the client with the live camera (plumb line and grid over the
// camera's view), and show the taken or chosen photo with the same overlay before upload,
// so the practitioner can check framing and level. Nothing leaves the browser until Save.
// Without a camera (or when it is refused) the file inputs work as before.
(function () {
  "use strict";
  var live = null; // the one camera stream open on the page: {stream, form}

  function stopCamera() {
    if (!live) return;
    live.stream.getTracks().forEach(function (track) { track.stop(); });
    var form = live.form;
    form.querySelector(".capture-camera video").srcObject = null;
    form.querySelector(".capture-camera").hidden = true;
    form.querySelector("[data-camera=start]").hidden = false;
    live = null;
  }

  function reason(error) {
    if (error && error.name === "NotAllowedError") return "permission to use it was refused";
    if (error && (error.name === "NotFoundError" || error.name === "OverconstrainedError")) return "no camera was found";
    return "it is not available on this device";
  }

  document.querySelectorAll("form.posture-upload").forEach(function (form) {
    var figure = form.querySelector(".capture-preview");
    // The picture is made here, not in the page: an <img> needs a src before there is one.
    var frame = figure.querySelector(".capture-frame");
    var preview = document.createElement("img");
    preview.alt = frame.dataset.alt;
    frame.prepend(preview);
    var status = form.querySelector(".capture-status");
    var cameraInput = form.querySelector("input[type=file][name$='-camera']");
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

    var box = form.querySelector(".capture-live");
    if (!box || !cameraInput || !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) || typeof DataTransfer === "undefined") return;
    box.hidden = false;
    var start = box.querySelector("[data-camera=start]");
    var camera = box.querySelector(".capture-camera");
    var video = camera.querySelector("video");

    start.addEventListener("click", function () {
      stopCamera();
      status.textContent = "Opening the camera…";
      navigator.mediaDevices
        .getUserMedia({ audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1920 }, height: { ideal: 1920 } } })
        .then(function (stream) {
          live = { stream: stream, form: form };
          video.srcObject = stream;
          return video.play();
        })
        .then(function () {
          camera.hidden = false;
          start.hidden = true;
          status.textContent = "Camera on. Line the client up on the plumb line, then take the photo.";
          camera.querySelector("[data-camera=take]").focus();
        })
        .catch(function (error) {
          stopCamera();
          status.textContent = "The camera could not be opened here (" + reason(error) + "). Use “Take a photo” or choose a photo file instead.";
        });
    });

    camera.querySelector("[data-camera=stop]").addEventListener("click", function () {
      stopCamera();
      status.textContent = "Camera closed.";
      start.focus();
    });

    camera.querySelector("[data-camera=take]").addEventListener("click", function () {
      if (!video.videoWidth) return;
      var canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      canvas.toBlob(function (blob) {
        var transfer = new DataTransfer();
        transfer.items.add(new File([blob], "camera.jpg", { type: "image/jpeg" }));
        form.querySelectorAll("input[type=file]").forEach(function (input) { input.value = ""; });
        cameraInput.files = transfer.files;
        cameraInput.dispatchEvent(new Event("change", { bubbles: true }));
        stopCamera();
        status.textContent = "Photo taken: check it below, then save it.";
        form.querySelector("button[type=submit]").focus();
      }, "image/jpeg", 0.92);
    });
  });
  window.addEventListener("pagehide", stopCamera);
})();
