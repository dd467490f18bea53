// The assessment form's sections: each one is saved to the draft as the practitioner
// leaves it (the server saves that section alone, clients/assessments/views.py), a
// red-flag answer is saved the moment it is given, the navigation shows each
// section's saved state, and on a phone the sections come one at a time (a stepper).
// Without this script the page is one form: links to each section, a "Save section"
// button in each, and the usual buttons at the end.
(function () {
  "use strict";
  var form = document.getElementById("assessment-form");
  if (!form) {
    return;
  }
  var sections = Array.prototype.slice.call(form.querySelectorAll(".assessment-section"));
  var links = Array.prototype.slice.call(form.querySelectorAll(".section-nav-link"));
  var status = document.getElementById("section-save-status");
  var stepLabel = document.getElementById("section-nav-step");
  var alertBox = document.getElementById("section-red-flag-alert");
  var autosave = form.hasAttribute("data-section-save");
  var phone = window.matchMedia("(max-width: 767.98px)");
  var dirty = {};
  var queue = Promise.resolve();
  var pending = 0; // section saves sent and not answered yet
  var current = null;

  function codeOf(element) {
    var section = element && element.closest ? element.closest(".assessment-section") : null;
    return section ? section.getAttribute("data-section") : null;
  }

  function sectionFor(code) {
    return document.getElementById("section-" + code);
  }

  function titleOf(code) {
    var item = form.querySelector('[data-section-link="' + code + '"] .section-nav-title');
    return item ? item.textContent : code;
  }

  function say(message, problem) {
    status.textContent = message;
    status.classList.toggle("text-danger", Boolean(problem));
  }

  function showState(code, state, label) {
    var item = form.querySelector('[data-section-link="' + code + '"]');
    if (!item) {
      return;
    }
    item.setAttribute("data-state", state);
    item.querySelector(".section-nav-state").textContent = label;
    var number = item.querySelector(".section-nav-number");
    number.textContent = state === "done" ? "✓" : String(sections.indexOf(sectionFor(code)) + 1);
  }

  // The server's errors for a section, marked at their fields (and cleared once saved).
  function clearErrors(code) {
    sectionFor(code).querySelectorAll(".js-field-error").forEach(function (note) {
      note.remove();
    });
    sectionFor(code).querySelectorAll("[data-js-invalid]").forEach(function (field) {
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
      var described = field.getAttribute("data-js-invalid");
      field.removeAttribute("data-js-invalid");
      if (described) {
        field.setAttribute("aria-describedby", described);
      } else {
        field.removeAttribute("aria-describedby");
      }
    });
  }

  function markErrors(code, errors) {
    clearErrors(code);
    Object.keys(errors || {}).forEach(function (name) {
      var field = sectionFor(code).querySelector('[name="' + name + '"]');
      if (!field) {
        return;
      }
      var note = document.createElement("div");
      note.className = "invalid-feedback d-block js-field-error";
      note.id = "js-error-" + name;
      note.textContent = errors[name].join(" ");
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      var described = field.getAttribute("aria-describedby") || "";
      field.setAttribute("data-js-invalid", described);
      field.setAttribute("aria-describedby", (described + " " + note.id).trim());
      field.insertAdjacentElement("afterend", note);
    });
  }

  function applyAnswer(code, ok, body) {
    if (body.red_flag && alertBox && alertBox.hidden) { // said once, not at every save
      alertBox.textContent = body.red_flag;
      alertBox.classList.add("alert-danger");
      alertBox.hidden = false;
    }
    if (!body.saved) {
      dirty[code] = true;
      markErrors(code, body.errors);
      say(body.message, true);
      return;
    }
    clearErrors(code);
    form.action = body.action;
    if (window.location.pathname !== body.action) {
      window.history.replaceState(null, "", body.action + window.location.hash);
    }
    form.elements.loaded_version.value = body.version;
    Object.keys(body.states).forEach(function (each) {
      showState(each, body.states[each].state, body.states[each].label);
    });
    say(body.message + " " + new Date().toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}), false);
  }

  // Saves run one after another: the first save of a new assessment creates the draft,
  // and every later one goes to that draft with its new version.
  function save(code) {
    if (!autosave || !code || !dirty[code]) {
      return queue;
    }
    dirty[code] = false;
    pending += 1;
    queue = queue.then(function () {
      var data = new FormData(form);
      data.set("save_section", code);
      return fetch(form.action, {
        method: "POST",
        body: data,
        headers: {Accept: "application/json"},
        credentials: "same-origin",
        keepalive: true
      }).then(function (response) {
        return response.json().then(function (body) {
          applyAnswer(code, response.ok, body);
        });
      }).catch(function () {
        dirty[code] = true;
        say("Could not save " + titleOf(code) + " (no answer from the server). " +
            "What you typed is still here; it is saved when you leave the section again.", true);
      }).then(function () {
        pending -= 1;
      });
    });
    return queue;
  }

  function show(code, moveFocus) {
    if (!sectionFor(code)) {
      return;
    }
    current = code;
    var stepper = phone.matches;
    form.classList.toggle("is-stepper", stepper);
    sections.forEach(function (section) {
      section.classList.toggle("is-current", section.getAttribute("data-section") === code);
    });
    links.forEach(function (link) {
      if (link.getAttribute("href") === "#section-" + code) {
        link.setAttribute("aria-current", "step");
        if (stepper) {
          link.scrollIntoView({block: "nearest", inline: "center"});
        }
      } else {
        link.removeAttribute("aria-current");
      }
    });
    stepLabel.hidden = !stepper;
    stepLabel.textContent = "Step " + (sections.indexOf(sectionFor(code)) + 1) + " of " +
      sections.length + ": " + titleOf(code);
    if (moveFocus) {
      var heading = sectionFor(code).querySelector(".assessment-section-title");
      heading.setAttribute("tabindex", "-1");
      heading.focus({preventScroll: true});
      sectionFor(code).scrollIntoView({block: "start"});
    }
  }

  form.addEventListener("input", function (event) {
    var code = codeOf(event.target);
    if (code) {
      dirty[code] = true;
    }
  });

  form.addEventListener("change", function (event) {
    var code = codeOf(event.target);
    if (!code) {
      return;
    }
    dirty[code] = true;
    if (event.target.name && event.target.name.indexOf("red_flag_") === 0 && event.target.type === "radio") {
      save(code); // a red-flag answer never waits
    }
  });

  // Leaving a section: focus moves out of it (into another section, the navigation,
  // the buttons, or away from the page).
  form.addEventListener("focusout", function (event) {
    var from = codeOf(event.target);
    if (from && codeOf(event.relatedTarget) !== from) {
      save(from);
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      Object.keys(dirty).forEach(save);
    }
  });

  // Links to a section (the navigation, "Previous" and "Next"): on a phone they turn
  // the stepper's page; the section left is saved either way.
  form.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#section-']");
    var button = event.target.closest(".section-save");
    if (button && autosave) {
      event.preventDefault();
      var code = button.value;
      dirty[code] = true;
      save(code);
      var next = sections[sections.indexOf(sectionFor(code)) + 1];
      if (next) {
        show(next.getAttribute("data-section"), true);
      }
      return;
    }
    if (!link) {
      return;
    }
    var target = link.getAttribute("href").slice("#section-".length);
    save(current);
    save(codeOf(link));
    if (phone.matches) {
      event.preventDefault();
      window.history.replaceState(null, "", "#section-" + target);
      show(target, true);
    } else {
      show(target, false);
    }
  });

  // A field the browser refuses in a section not on screen: bring the section back.
  form.addEventListener("invalid", function (event) {
    var code = codeOf(event.target);
    if (code && code !== current && phone.matches) {
      show(code, false);
    }
  }, true);

  // "Save draft" or "Save and complete" sends the whole form: first let any section
  // being saved finish, so the form carries the draft's address and latest version.
  var submitting = false;
  form.addEventListener("submit", function (event) {
    dirty = {};
    if (submitting || !autosave || pending === 0) {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter;
    queue.then(function () {
      submitting = true;
      form.requestSubmit(submitter);
    });
  });

  phone.addEventListener("change", function () {
    show(current, false);
  });

  // At desk size the list marks the section being read as the page scrolls.
  if ("IntersectionObserver" in window) {
    var spy = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !phone.matches) {
          show(entry.target.getAttribute("data-section"), false);
        }
      });
    }, {rootMargin: "0px 0px -70% 0px"});
    sections.forEach(function (section) {
      spy.observe(section);
    });
  }

  // The section to start on: the one in the address, else the first with an error.
  var start = window.location.hash.indexOf("#section-") === 0 ?
    window.location.hash.slice("#section-".length) : null;
  var invalid = form.querySelector(".assessment-section .is-invalid");
  if (sectionFor(start)) {
    show(start, false);
    sectionFor(start).scrollIntoView({block: "start"}); // (the layout changed under the link)
  } else {
    show(invalid ? codeOf(invalid) : sections[0].getAttribute("data-section"), false);
  }
})();
