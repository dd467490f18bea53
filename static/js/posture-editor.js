// The landmark editor (posture photo page only). Points are kept in the photo's own
// pixels; markers are real buttons (focusable, named), placed by click/tap, dragged with
// mouse or touch, moved with the arrow keys. Measures update live through
// PostureMeasures (posture-measures.js); the server recomputes them on save.
(function () {
  "use strict";
  var root = document.getElementById("posture-editor");
  if (!root) return;
  var config = JSON.parse(document.getElementById("posture-config").textContent);
  var W = config.width, H = config.height, VIEW = config.view;
  var stage = document.getElementById("posture-stage");
  var image = document.getElementById("posture-image");
  var overlay = document.getElementById("posture-overlay");
  var list = document.getElementById("point-list");
  var rows = document.getElementById("measure-rows");
  var status = document.getElementById("pose-status");
  var scaleInput = document.getElementById("scale-mm");
  var form = document.getElementById("points-form");
  var SVG = "http://www.w3.org/2000/svg";
  var ZOOMS = [1, 1.5, 2, 3, 4];

  var LABELS = {};
  var ORDER = config.points.map(function (p) { LABELS[p.code] = p.label; return p.code; });
  LABELS.scale_a = "Scale mark A";
  LABELS.scale_b = "Scale mark B";
  ORDER = ORDER.concat(["scale_a", "scale_b"]);

  function copy(o) { return JSON.parse(JSON.stringify(o)); }
  function fromSaved() {
    var pts = copy(config.landmarks || {});
    var s = config.scale || {};
    if (s.a) pts.scale_a = s.a.slice();
    if (s.b) pts.scale_b = s.b.slice();
    return pts;
  }
  var points = fromSaved();
  var scaleMm = config.scale && config.scale.mm ? config.scale.mm : "";
  scaleInput.value = scaleMm;
  var undoStack = [];
  var lastAction = null;
  var selected = null;
  var zoom = 0;
  var markers = {};

  // Where a point goes when placed from the keyboard: a rough spot on a standing person,
  // on the client's side of the picture (the client's left is on the right of a front view).
  var HEIGHTS = { ear: 0.12, c7: 0.17, shoulder: 0.22, crest: 0.44, asis: 0.49, psis: 0.48,
    trochanter: 0.53, knee: 0.72, ankle: 0.93, plumb: 0.5 };
  function defaultSpot(code) {
    if (code === "scale_a") return [W * 0.08, H * 0.1];
    if (code === "scale_b") return [W * 0.08, H * 0.9];
    var part = code.split("_")[0];
    var y = (HEIGHTS[part] || 0.5) * H, x = W / 2;
    var side = code.slice(-2);
    if (side === "_l" || side === "_r") {
      var toRight = (side === "_l") === (VIEW === "front");
      x += (toRight ? 1 : -1) * W * 0.08;
    } else if (part === "c7" || part === "psis") {
      x -= W * 0.04;
    } else if (part === "asis" || part === "ear") {
      x += W * 0.04;
    }
    return [Math.round(x), Math.round(y)];
  }

  function remember(action) {
    if (action && action === lastAction) return;
    undoStack.push(copy(points));
    if (undoStack.length > 200) undoStack.shift();
    lastAction = action || null;
  }
  function clamp(v, max) { return Math.max(0, Math.min(max, v)); }
  function round1(v) { return Math.round(v * 10) / 10; }
  function landmarks() {
    var out = {};
    Object.keys(points).forEach(function (k) { if (k.indexOf("scale_") !== 0) out[k] = points[k]; });
    return out;
  }
  function scale() {
    if (!points.scale_a || !points.scale_b || !(Number(scaleMm) > 0)) return null;
    return { a: points.scale_a, b: points.scale_b, mm: Number(scaleMm) };
  }

  function describe(code) {
    var p = points[code];
    return LABELS[code] + (p ? ", at " + Math.round(p[0]) + ", " + Math.round(p[1]) : ", not placed");
  }

  function renderList() {
    list.textContent = "";
    ORDER.forEach(function (code) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = LABELS[code];
      if (points[code]) name.className = "placed";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary btn-sm";
      button.dataset.code = code;
      button.textContent = points[code] ? "Select" : "Place";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " " + LABELS[code];
      button.appendChild(hidden);
      button.addEventListener("click", function () { choose(code); });
      li.appendChild(name);
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  function marker(code) {
    var b = markers[code];
    if (!b) {
      b = document.createElement("button");
      b.type = "button";
      b.className = "posture-point" + (code.indexOf("scale_") === 0 ? " scale-point" : "");
      b.dataset.code = code;
      b.addEventListener("pointerdown", startDrag);
      b.addEventListener("keydown", onKey);
      b.addEventListener("focus", function () { select(code); });
      stage.appendChild(b);
      markers[code] = b;
    }
    return b;
  }

  function renderMarkers() {
    Object.keys(markers).forEach(function (code) {
      if (!points[code]) { markers[code].remove(); delete markers[code]; }
    });
    Object.keys(points).forEach(function (code) {
      var b = marker(code), p = points[code];
      b.style.left = (p[0] / W) * 100 + "%";
      b.style.top = (p[1] / H) * 100 + "%";
      b.setAttribute("aria-label", describe(code));
      b.setAttribute("aria-pressed", code === selected ? "true" : "false");
    });
  }

  function line(a, b, cls) {
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", a[0]); l.setAttribute("y1", a[1]);
    l.setAttribute("x2", b[0]); l.setAttribute("y2", b[1]);
    l.setAttribute("class", cls);
    overlay.appendChild(l);
  }
  var LINKS = [["shoulder_l", "shoulder_r"], ["crest_l", "crest_r"], ["asis_l", "asis_r"],
    ["psis_l", "psis_r"], ["ear_l", "ear_r"], ["trochanter_l", "knee_l"], ["knee_l", "ankle_l"],
    ["trochanter_r", "knee_r"], ["knee_r", "ankle_r"], ["c7", "ear"], ["asis", "psis"],
    ["trochanter", "knee"], ["knee", "ankle"]];
  function renderOverlay() {
    overlay.textContent = "";
    for (var i = 1; i < 8; i++) line([(W * i) / 8, 0], [(W * i) / 8, H], "grid");
    for (var j = 1; j < 10; j++) line([0, (H * j) / 10], [W, (H * j) / 10], "grid");
    var p = points;
    var plumb = p.plumb ? p.plumb[0] : VIEW === "front" || VIEW === "back"
      ? (p.ankle_l && p.ankle_r ? (p.ankle_l[0] + p.ankle_r[0]) / 2 : W / 2)
      : (p.ankle ? p.ankle[0] : W / 2);
    line([plumb, 0], [plumb, H], "plumb");
    LINKS.forEach(function (pair) { if (p[pair[0]] && p[pair[1]]) line(p[pair[0]], p[pair[1]], "link"); });
    if (p.scale_a && p.scale_b) line(p.scale_a, p.scale_b, "scale");
  }

  function renderMeasures() {
    var found = window.PostureMeasures.compute(VIEW, landmarks(), scale());
    rows.textContent = "";
    if (!found.length) {
      var tr = document.createElement("tr"), td = document.createElement("td");
      td.colSpan = 3; td.textContent = "Place the points to see the measures.";
      tr.appendChild(td); rows.appendChild(tr);
      return;
    }
    found.forEach(function (m) {
      var tr = document.createElement("tr");
      tr.dataset.code = m.code;
      var th = document.createElement("th"); th.scope = "row"; th.textContent = m.label;
      var value = document.createElement("td"); value.textContent = m.value + " " + m.unit;
      var words = document.createElement("td"); words.textContent = m.description;
      tr.appendChild(th); tr.appendChild(value); tr.appendChild(words);
      rows.appendChild(tr);
    });
  }

  function render() { renderMarkers(); renderOverlay(); renderMeasures(); }

  function select(code) {
    selected = code;
    Object.keys(markers).forEach(function (c) {
      markers[c].setAttribute("aria-pressed", c === code ? "true" : "false");
    });
  }

  function choose(code) {
    if (!points[code]) {
      remember();
      points[code] = defaultSpot(code);
      renderList();
      render();
    }
    select(code);
    marker(code).focus();
  }

  function toImage(event) {
    var box = image.getBoundingClientRect();
    return [round1(clamp(((event.clientX - box.left) / box.width) * W, W)),
            round1(clamp(((event.clientY - box.top) / box.height) * H, H))];
  }

  stage.addEventListener("pointerdown", function (event) {
    if (event.target.classList.contains("posture-point")) return;
    var code = selected && !points[selected] ? selected : null;
    if (!code) code = ORDER.filter(function (c) { return !points[c]; })[0];
    if (!code) return;
    remember();
    points[code] = toImage(event);
    renderList();
    render();
    select(code);
    marker(code).focus();
    event.preventDefault();
  });

  function startDrag(event) {
    var b = event.currentTarget, code = b.dataset.code;
    select(code);
    b.focus();
    remember();
    b.setPointerCapture(event.pointerId);
    function move(e) { points[code] = toImage(e); render(); }
    function end() {
      b.removeEventListener("pointermove", move);
      b.removeEventListener("pointerup", end);
      b.removeEventListener("pointercancel", end);
      renderList();
      b.focus();
    }
    b.addEventListener("pointermove", move);
    b.addEventListener("pointerup", end);
    b.addEventListener("pointercancel", end);
    event.preventDefault();
  }

  var STEPS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  function onKey(event) {
    var code = event.currentTarget.dataset.code, step = STEPS[event.key];
    if (step) {
      var size = event.shiftKey ? 10 : 1;
      remember("key:" + code);
      var p = points[code];
      points[code] = [clamp(p[0] + step[0] * size, W), clamp(p[1] + step[1] * size, H)];
      render();
      event.currentTarget.focus();
      event.preventDefault();
    } else if (event.key === "Delete" || event.key === "Backspace") {
      remember();
      delete points[code];
      renderList();
      render();
      var next = list.querySelector("button[data-code='" + code + "']");
      if (next) next.focus();
      event.preventDefault();
    }
  }

  function applyZoom() {
    stage.style.width = ZOOMS[zoom] * 100 + "%";
    status.textContent = "Zoom " + ZOOMS[zoom] * 100 + " %";
  }

  root.querySelectorAll("[data-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      var action = button.dataset.action;
      if (action === "undo") {
        if (!undoStack.length) { status.textContent = "Nothing to undo."; return; }
        points = undoStack.pop();
        lastAction = null;
        status.textContent = "Undone.";
      } else if (action === "reset") {
        remember();
        points = fromSaved();
        status.textContent = "Back to the saved points.";
      } else if (action === "zoom-in") {
        zoom = Math.min(ZOOMS.length - 1, zoom + 1); applyZoom(); return;
      } else if (action === "zoom-out") {
        zoom = Math.max(0, zoom - 1); applyZoom(); return;
      } else if (action === "propose") {
        propose(true); return;
      }
      renderList();
      render();
    });
  });

  scaleInput.addEventListener("input", function () { scaleMm = scaleInput.value; renderMeasures(); });

  form.addEventListener("submit", function () {
    form.querySelector("[name=points]").value = JSON.stringify(landmarks());
    var s = scale();
    form.querySelector("[name=scale]").value = s ? JSON.stringify(s) : "";
  });

  // The pose model (only fetched on this page, and only when proposing).
  var poseLoading = null;
  function loadPose() {
    if (!poseLoading) {
      poseLoading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root.dataset.poseScript;
        s.onload = function () { resolve(window.PosturePose); };
        s.onerror = function () { reject(new Error("script")); };
        document.head.appendChild(s);
      });
    }
    return poseLoading;
  }
  function propose(asked) {
    status.textContent = "Looking for the person in the photo…";
    root.dataset.proposal = "running";
    loadPose()
      .then(function (pose) { return pose.propose(image, config); })
      .then(function (result) {
        var found = Object.keys(result.points);
        root.dataset.proposalMs = String(Math.round(result.ms));
        if (!found.length) {
          status.textContent = "No person was found in the photo. Place the points by hand.";
          root.dataset.proposal = "nobody";
          return;
        }
        remember();
        found.forEach(function (code) {
          if (asked || !points[code]) points[code] = result.points[code];
        });
        renderList();
        render();
        status.textContent = "Proposed " + found.length + " points from the photo. Check each one and drag it where it belongs; place the others by hand.";
        root.dataset.proposal = "done";
      })
      .catch(function () {
        status.textContent = "The automatic proposal could not run on this device. Place the points by hand.";
        root.dataset.proposal = "failed";
      });
  }

  function start() {
    renderList();
    render();
    root.dataset.ready = "true";
    if (!Object.keys(config.landmarks || {}).length && root.dataset.autoPropose !== "off") propose(false);
  }
  if (image.complete) start(); else image.addEventListener("load", start);
})();
