// Move focus to a form's error summary when the page comes back with errors, so a
// screen reader reads it first and its links lead to each field.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
