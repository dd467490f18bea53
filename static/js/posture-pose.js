// On-device landmark proposal with MediaPipe Pose (vendored in static/vendor/mediapipe-pose).
// Loaded by posture-editor.js only when a proposal is wanted, on the photo editor page only.
// The photo is read from the page's <img>; nothing is sent anywhere.
(function () {
  "use strict";
  var pose = null;
  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function ready(files) {
    if (!loading) {
      loading = (window.Pose ? Promise.resolve() : loadScript(files["pose.js"])).then(function () {
        // Only the vendored files: anything else the library asks for is refused.
        pose = new window.Pose({ locateFile: function (file) { return files[file] || "about:blank#" + file; } });
        pose.setOptions({ modelComplexity: 1, smoothLandmarks: false, enableSegmentation: false, selfieMode: false });
        return pose.initialize();
      });
    }
    return loading;
  }

  // Our landmarks from the model's normalised points: the twin of
  // clients.posture.landmarks.from_mediapipe, using the mapping the page embeds.
  function fromMediapipe(config, found) {
    var out = {};
    Object.keys(config.mediapipe).forEach(function (code) {
      var point = found[config.mediapipe[code]];
      if (!point) return;
      var visibility = point.visibility === undefined ? 1 : point.visibility;
      if (visibility < config.minVisibility) return;
      var x = point.x * config.width, y = point.y * config.height;
      if (x >= 0 && x <= config.width && y >= 0 && y <= config.height) {
        out[code] = [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
      }
    });
    return out;
  }

  function propose(image, config) {
    var started = performance.now();
    return ready(config.poseFiles)
      .then(function () {
        return new Promise(function (resolve, reject) {
          pose.onResults(resolve);
          pose.send({ image: image }).catch(reject);
        });
      })
      .then(function (results) {
        return { points: fromMediapipe(config, results.poseLandmarks || []), ms: performance.now() - started };
      });
  }

  window.PosturePose = { propose: propose, fromMediapipe: fromMediapipe };
})();
