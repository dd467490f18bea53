// The guided session's counter on one exercise's page: sets, reps and sides counted
// with large buttons, hold and rest timers that start on tap and count every second,
// a beep and a vibration when a timer ends (a switch mutes both; the choice is kept on
// this device), and the screen kept awake while the page is open.
//
// Without JavaScript the page is complete: the counter stays hidden and the client
// follows the dosage written above it. Screen readers hear the count through the
// buttons' names, and the timers through a polite live region at their start, half
// way (or 10 s before the end for longer ones) and end, never every second.
(function () {
  "use strict";

  var box = document.querySelector("[data-counter]");
  if (!box) {
    return;
  }
  var SOUND_KEY = "guided-session-sound";
  var sets = parseInt(box.dataset.sets, 10) || 1;
  var reps = parseInt(box.dataset.reps, 10) || 1;
  var hold = parseInt(box.dataset.hold, 10) || 0;
  var rest = parseInt(box.dataset.rest, 10) || 0;
  var perSide = box.dataset.perSide === "1";
  var sides = perSide ? 2 : 1;

  var countText = box.querySelector("[data-count-text]");
  var clock = box.querySelector("[data-clock]");
  var mainButton = box.querySelector('[data-action="main"]');
  var restButton = box.querySelector('[data-action="rest"]');
  var setButton = box.querySelector('[data-action="set"]');
  var announcer = box.querySelector("[data-announce]");
  var soundSwitch = box.querySelector("[data-sound-switch]");
  var setsField = document.querySelector("[data-sets-field]");
  var doneButton = document.querySelector("[data-done-button]");

  var state = {
    setsDone: Math.min(parseInt(box.dataset.setsDone, 10) || 0, sets),
    side: 0,
    reps: 0,
    timer: null, // {kind, left, total, interval}
    restOffered: false, // a set just ended: the rest button waits for a tap
  };

  // --- sound, vibration, wake lock -----------------------------------------------

  function soundOn() {
    try {
      return window.localStorage.getItem(SOUND_KEY) !== "off";
    } catch (error) {
      return true;
    }
  }

  soundSwitch.checked = soundOn();
  soundSwitch.addEventListener("change", function () {
    try {
      window.localStorage.setItem(SOUND_KEY, soundSwitch.checked ? "on" : "off");
    } catch (error) {
      // Private browsing: the switch still works for this page.
    }
  });

  var audio = null;
  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    audio = audio || new Context();
    [0, 0.3].forEach(function (delay) {
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = 880;
      gain.gain.value = 0.2;
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start(audio.currentTime + delay);
      oscillator.stop(audio.currentTime + delay + 0.18);
    });
  }

  function signalEnd() {
    if (!soundSwitch.checked) {
      return;
    }
    beep();
    if (navigator.vibrate) {
      navigator.vibrate([200, 100, 200]);
    }
  }

  var wakeLock = null;
  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible" || wakeLock) {
      return;
    }
    navigator.wakeLock.request("screen").then(
      function (lock) {
        wakeLock = lock;
        lock.addEventListener("release", function () {
          wakeLock = null;
        });
      },
      function () {
        // Refused (battery saver, or not allowed here): the session works without it.
      },
    );
  }
  document.addEventListener("visibilitychange", keepAwake);

  // --- the count --------------------------------------------------------------

  function announce(text) {
    announcer.textContent = text;
  }

  function sideName() {
    return state.side === 0 ? "first side" : "second side";
  }

  function finished() {
    return state.setsDone >= sets;
  }

  function render() {
    var running = state.timer !== null;
    setsField.value = state.setsDone ? String(state.setsDone) : "";
    if (finished()) {
      countText.textContent = "All " + sets + " set" + (sets === 1 ? "" : "s") + " done.";
      mainButton.hidden = true;
      setButton.hidden = true;
      restButton.hidden = !(running && state.timer.kind === "rest");
    } else {
      var where = "Set " + (state.setsDone + 1) + " of " + sets;
      if (perSide) {
        where += ", " + sideName();
      }
      countText.textContent = where + ": " + state.reps + " of " + reps + (hold ? " holds" : " reps") + ".";
      mainButton.hidden = false;
      setButton.hidden = running;
      if (running && state.timer.kind === "hold") {
        mainButton.textContent = "Stop the hold";
      } else if (hold) {
        mainButton.textContent = "Start a " + hold + " s hold (" + (state.reps + 1) + " of " + reps + ")";
      } else {
        mainButton.textContent = "Rep done (" + (state.reps + 1) + " of " + reps + ")";
      }
      mainButton.disabled = running && state.timer.kind === "rest";
    }
    if (running && state.timer.kind === "rest") {
      restButton.hidden = false;
      restButton.textContent = "Stop the rest";
    } else {
      restButton.hidden = !state.restOffered;
      restButton.textContent = "Start the " + rest + " s rest";
    }
    clock.hidden = !running;
    if (running) {
      clock.textContent = state.timer.left + " s";
    }
  }

  function completeSet() {
    state.setsDone += 1;
    state.side = 0;
    state.reps = 0;
    if (finished()) {
      state.restOffered = false;
      announce("All sets done. Well done. Go on when you are ready.");
      render();
      doneButton.focus();
      return;
    }
    state.restOffered = rest > 0;
    announce(
      "Set " + state.setsDone + " done." + (rest ? " Rest " + rest + " seconds when you are ready." : ""),
    );
    render();
  }

  function countRep() {
    state.reps += 1;
    if (state.reps < reps) {
      render();
      return;
    }
    if (state.side + 1 < sides) {
      state.side += 1;
      state.reps = 0;
      announce("First side done. Now the second side.");
      render();
      return;
    }
    completeSet();
  }

  // --- timers -----------------------------------------------------------------

  function stopTimer() {
    if (state.timer) {
      clearInterval(state.timer.interval);
      state.timer = null;
    }
  }

  function startTimer(kind, seconds, onEnd) {
    stopTimer();
    keepAwake();
    var half = Math.floor(seconds / 2);
    var tenLeft = seconds >= 30 ? 10 : null;
    state.timer = { kind: kind, left: seconds, total: seconds, interval: null };
    announce((kind === "hold" ? "Hold for " : "Rest for ") + seconds + " seconds.");
    state.timer.interval = setInterval(function () {
      var timer = state.timer;
      timer.left -= 1;
      if (timer.left <= 0) {
        stopTimer();
        signalEnd();
        onEnd();
        return;
      }
      if (timer.left === tenLeft) {
        announce("10 seconds left.");
      } else if (half >= 2 && timer.left === half && timer.left !== tenLeft) {
        announce("Half way: " + timer.left + " seconds left.");
      }
      clock.textContent = timer.left + " s";
    }, 1000);
    render();
  }

  mainButton.addEventListener("click", function () {
    if (state.timer && state.timer.kind === "hold") {
      stopTimer();
      announce("Hold stopped. It was not counted.");
      render();
      return;
    }
    if (!hold) {
      countRep();
      return;
    }
    state.restOffered = false;
    startTimer("hold", hold, function () {
      announce("Hold done. Relax.");
      countRep();
    });
  });

  restButton.addEventListener("click", function () {
    if (state.timer && state.timer.kind === "rest") {
      stopTimer();
      state.restOffered = false;
      announce("Rest stopped. Start the next set when you are ready.");
      render();
      return;
    }
    state.restOffered = false;
    startTimer("rest", rest, function () {
      announce("Rest over. Start set " + (state.setsDone + 1) + ".");
      render();
      mainButton.focus();
    });
  });

  setButton.addEventListener("click", function () {
    completeSet();
  });

  box.hidden = false;
  keepAwake();
  render();
})();
