// Backstride: optional keyboard shortcuts on the question page. Everything works without it.
// 1-9 pick an answer, ? picks "I don't know"; Enter (native) submits.
(function () {
  "use strict";
  document.documentElement.classList.add("js"); // shows the shortcut hints
  var form = document.querySelector("form.question:not(.checklist)"); // a checklist: none
  if (!form) { return; }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    if (t && (t.tagName === "INPUT" && t.type !== "radio" || t.tagName === "TEXTAREA")) { return; }
    var radios = form.querySelectorAll('input[type="radio"][name="v"]');
    var pick = null;
    if (ev.key === "?") {
      pick = form.querySelector('input[type="radio"][value="unknown"]');
    } else if (/^[1-9]$/.test(ev.key)) {
      var i = parseInt(ev.key, 10) - 1;
      if (i < radios.length && radios[i].value !== "unknown") { pick = radios[i]; }
    }
    if (pick) {
      pick.checked = true;
      pick.focus();
      ev.preventDefault();
    }
  });
})();
