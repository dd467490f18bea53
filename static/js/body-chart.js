// The body chart: tapping (or Enter / Space on) a drawn place cycles its symptom.
// The list view's selects are the chart's real fields: each tap sets one, and a
// change in the list redraws the picture, so both always say the same thing.
(function () {
  "use strict";

  function init(root) {
    var key = {};
    root.querySelectorAll(".bc-key li").forEach(function (item) {
      key[item.dataset.kind] = { colour: item.dataset.colour, letter: item.dataset.letter };
    });
    var summary = root.querySelector(".bc-summary");
    var zones = Array.prototype.slice.call(root.querySelectorAll(".bc-zone"));

    function selectFor(zone) {
      return document.getElementById(zone.dataset.field);
    }

    function draw(zone) {
      var select = selectFor(zone);
      var option = select.options[select.selectedIndex];
      var style = key[select.value];
      zone.setAttribute("fill", style ? style.colour : "#ffffff");
      zone.setAttribute("aria-label", zone.dataset.label + ": " + option.text.toLowerCase());
      var letter = root.querySelector('[data-letter-for="' + zone.dataset.field + '"]');
      if (letter) letter.textContent = style ? style.letter : "";
    }

    function summarise() {
      var marked = [];
      zones.forEach(function (zone) {
        var select = selectFor(zone);
        if (select.value) {
          marked.push(zone.dataset.label + ": " + select.options[select.selectedIndex].text.toLowerCase());
        }
      });
      summary.textContent = marked.length ? "Marked: " + marked.join("; ") + "." : summary.dataset.empty;
    }

    function cycle(zone) {
      var select = selectFor(zone);
      select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    zones.forEach(function (zone) {
      var select = selectFor(zone);
      zone.addEventListener("click", function () { cycle(zone); });
      zone.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          cycle(zone);
        }
      });
      select.addEventListener("change", function () {
        draw(zone);
        summarise();
      });
      draw(zone);
    });
    root.querySelectorAll(".bc-needs-js").forEach(function (el) { el.hidden = false; });
  }

  document.querySelectorAll("[data-body-chart]").forEach(init);
})();
