// Check-in: show the safety questions only when the answers so far say things got worse.
// Without JavaScript they are always shown, with a note on when to answer them.
(function () {
  "use strict";
  var form = document.querySelector(".check-in-form");
  var questions = document.getElementById("red-flag-questions");
  if (!form || !questions) {
    return;
  }
  function worse() {
    var before = parseInt(form.elements.pain_before.value, 10);
    var after = parseInt(form.elements.pain_after.value, 10);
    var leg = form.querySelector("input[name=leg_symptoms]:checked");
    return (!isNaN(before) && !isNaN(after) && after > before) || (leg && leg.value === "spread");
  }
  function update() {
    // Keep them visible when the server flagged an unanswered question.
    var hasError = questions.querySelector(".invalid-feedback") !== null;
    questions.hidden = !(worse() || hasError);
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
