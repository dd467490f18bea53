// Live twin of clients/posture/measures.py: the same formulas, for display while points
// move. What is saved and shown afterwards is computed on the server. Keep the two in step
// (tests/clients/posture/test_measures_js.py runs this file against the Python examples).
(function (root) {
  "use strict";
  var DEG = 180 / Math.PI;
  function r(v) { return Math.round(v * 10) / 10; }
  function dist(a, b) { return Math.hypot(a[0] - b[0], a[1] - b[1]); }

  function tilt(left, right) {
    var dy = right[1] - left[1];
    var degrees = Math.atan2(Math.abs(dy), Math.abs(right[0] - left[0])) * DEG;
    return [degrees, dy > 0 ? "right" : dy < 0 ? "left" : "level"];
  }
  function mmPerPixel(a, b, mm) {
    var px = dist(a, b);
    return px === 0 || !(mm > 0) ? null : mm / px;
  }
  function angleAt(a, v, b) {
    var f = [a[0] - v[0], a[1] - v[1]], s = [b[0] - v[0], b[1] - v[1]];
    var norms = Math.hypot(f[0], f[1]) * Math.hypot(s[0], s[1]);
    if (norms === 0) return 0;
    var c = (f[0] * s[0] + f[1] * s[1]) / norms;
    return Math.acos(Math.max(-1, Math.min(1, c))) * DEG;
  }
  function craniovertebral(c7, ear) {
    return Math.atan2(c7[1] - ear[1], Math.abs(ear[0] - c7[0])) * DEG;
  }
  function sagittalTilt(asis, psis) {
    var dy = asis[1] - psis[1];
    var degrees = Math.atan2(Math.abs(dy), Math.abs(asis[0] - psis[0])) * DEG;
    return [degrees, dy > 0 ? "anterior" : dy < 0 ? "posterior" : "level"];
  }
  function facing(p) {
    var pairs = [["asis", "psis"], ["ear", "c7"]];
    for (var i = 0; i < pairs.length; i++) {
      var f = p[pairs[i][0]], b = p[pairs[i][1]];
      if (f && b && f[0] !== b[0]) return f[0] > b[0] ? 1 : -1;
    }
    return 0;
  }
  var SIDE = { left: true, right: true };
  function plumbX(view, p) {
    if (p.plumb) return p.plumb[0];
    if (SIDE[view]) return p.ankle ? p.ankle[0] : null;
    if (p.ankle_l && p.ankle_r) return (p.ankle_l[0] + p.ankle_r[0]) / 2;
    return null;
  }
  function clientSide(view, dx) {
    if (dx === 0) return "centre";
    var right = dx > 0;
    if (view === "front") return right ? "left" : "right";
    return right ? "right" : "left";
  }
  function distance(px, scale) { return scale ? [r(px * scale), "mm"] : [r(px), "px"]; }
  function m(code, label, value, unit, direction, description) {
    return { code: code, label: label, value: value, unit: unit, direction: direction, description: description };
  }
  function tiltMeasure(code, label, left, right, scale) {
    var t = tilt(left, right);
    var words = t[1] === "level" ? "level" : "lower on the " + t[1];
    var found = [m(code, label, r(t[0]), "°", t[1], words)];
    if (scale) {
      found.push(m(code + "_mm", label + ": height difference", r(Math.abs(right[1] - left[1]) * scale), "mm", t[1], words));
    }
    return found;
  }
  function pelvisPair(view, p) {
    var prefixes = ["crest", view === "front" ? "asis" : "psis"];
    for (var i = 0; i < prefixes.length; i++) {
      var l = p[prefixes[i] + "_l"], rr = p[prefixes[i] + "_r"];
      if (l && rr) return [l, rr];
    }
    return null;
  }
  function frontBack(view, p, scale) {
    var found = [];
    if (p.shoulder_l && p.shoulder_r) {
      found = found.concat(tiltMeasure("shoulder_tilt", "Shoulder tilt", p.shoulder_l, p.shoulder_r, scale));
    }
    var pelvis = pelvisPair(view, p);
    if (pelvis) found = found.concat(tiltMeasure("pelvic_tilt", "Pelvic (lateral) tilt", pelvis[0], pelvis[1], scale));
    var plumb = plumbX(view, p);
    if (plumb !== null && p.shoulder_l && p.shoulder_r && pelvis) {
      var mid = (p.shoulder_l[0] + p.shoulder_r[0] + pelvis[0][0] + pelvis[1][0]) / 4;
      var side = clientSide(view, mid - plumb);
      var d = distance(Math.abs(mid - plumb), scale);
      found.push(m("trunk_shift", "Trunk shift from the plumb line", d[0], d[1], side,
        side === "centre" ? "on the plumb line" : "towards the " + side));
    }
    [["l", "left"], ["r", "right"]].forEach(function (s) {
      var hip = p["trochanter_" + s[0]], knee = p["knee_" + s[0]], ankle = p["ankle_" + s[0]];
      if (hip && knee && ankle) {
        var angle = angleAt(hip, knee, ankle);
        var name = s[1].charAt(0).toUpperCase() + s[1].slice(1);
        found.push(m("knee_angle_" + s[0], name + " knee angle (hip-knee-ankle)", r(angle), "°", s[1],
          r(angle) === 180 ? "straight" : r(180 - angle) + "° from straight"));
      }
    });
    return found;
  }
  function side(view, p, scale) {
    var found = [];
    if (p.c7 && p.ear) {
      var angle = craniovertebral(p.c7, p.ear);
      found.push(m("craniovertebral", "Head position (craniovertebral angle)", r(angle), "°",
        angle < 50 ? "forward" : "neutral", angle < 50 ? "head forward (under 50°)" : "within the usual range"));
    }
    if (p.asis && p.psis) {
      var t = sagittalTilt(p.asis, p.psis);
      found.push(m("sagittal_tilt", "Pelvic tilt (front to back)", r(t[0]), "°", t[1], t[1]));
    }
    var plumb = plumbX(view, p), ahead = facing(p);
    [["knee", "Knee"], ["shoulder", "Trunk (shoulder)"]].forEach(function (c) {
      if (plumb === null || !ahead || !p[c[0]]) return;
      var offset = (p[c[0]][0] - plumb) * ahead;
      var d = distance(Math.abs(offset), scale);
      var direction = offset > 0 ? "forward" : offset < 0 ? "behind" : "on";
      found.push(m(c[0] + "_offset", c[1] + " against the plumb line", d[0], d[1], direction,
        direction === "on" ? "on the plumb line" : direction === "forward" ? "in front of the plumb line" : "behind the plumb line"));
    });
    return found;
  }
  function scaleFrom(scale) {
    if (!scale || !scale.a || !scale.b) return null;
    return mmPerPixel(scale.a, scale.b, Number(scale.mm));
  }
  function compute(view, landmarks, scale) {
    var mm = scaleFrom(scale);
    return view === "front" || view === "back" ? frontBack(view, landmarks, mm) : side(view, landmarks, mm);
  }
  var api = { compute: compute, tilt: tilt, angleAt: angleAt, craniovertebral: craniovertebral, sagittalTilt: sagittalTilt, mmPerPixel: mmPerPixel };
  root.PostureMeasures = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
