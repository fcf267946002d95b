// Enhancements only: every page works without this script.
(function () {
  "use strict";

  // A copy button next to a receipt code.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        var done = document.getElementById(button.getAttribute("data-copied"));
        if (done) { done.textContent = done.getAttribute("data-text"); }
      });
    });
  });

  // A print button.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Live counters on a ballot: approvals ticked, budget used, points spread.
  var ballot = document.querySelector("form[data-ballot]");
  if (!ballot) { return; }
  var status = document.getElementById("ballot-live");
  var meter = document.getElementById("ballot-meter");
  var kind = ballot.getAttribute("data-ballot");
  var limit = Number(ballot.getAttribute("data-limit") || "0");
  var template = status ? status.getAttribute("data-template") : "";
  var over = status ? status.getAttribute("data-over") : "";

  function danish(ore) {
    var kroner = Math.floor(ore / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var rest = (ore % 100).toString().padStart(2, "0");
    return ballot.getAttribute("data-lang") === "en"
      ? "DKK " + Math.floor(ore / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + rest
      : kroner + "," + rest + " kr.";
  }

  function update() {
    var used = 0;
    if (kind === "cumulative") {
      ballot.querySelectorAll("input[type=number]").forEach(function (input) { used += Number(input.value || "0"); });
    } else {
      ballot.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        used += kind === "knapsack" ? Number(box.getAttribute("data-ore")) : 1;
      });
    }
    var left = limit - used;
    var shown = kind === "knapsack" ? [danish(used), danish(limit), danish(Math.max(left, 0))] : [used, limit, Math.max(left, 0)];
    if (status) {
      var text = template.replace("%used%", shown[0]).replace("%limit%", shown[1]).replace("%left%", shown[2]);
      status.textContent = left < 0 ? text + " " + over : text;
    }
    if (meter) {
      meter.value = Math.min(used, limit);
      meter.classList.toggle("over", left < 0);
    }
  }
  if (limit > 0) {
    ballot.addEventListener("input", update);
    ballot.addEventListener("change", update);
    update();
  }
})();
