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
// The browser's time zone, for the server's "today" and the times it shows (web/zones.py).
// Without this script the server uses the zone saved on My data, or its own.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  if (!zone) { return; }
  document.cookie = "backstride_tz=" + encodeURIComponent(zone) +
    "; path=/; max-age=31536000; SameSite=Lax";
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  document.addEventListener("DOMContentLoaded", function () {
    // a date field the server filled without knowing where the person is: the browser's date
    var day = document.querySelector("input[data-browser-today]");
    if (day) {
      if (day.max && day.max < today) { day.max = today; }
      day.value = today;
    }
    // the time zone field on My data: the browser's zone, when none is saved yet
    var field = document.querySelector("input[data-browser-zone]");
    if (field && !field.value) { field.value = zone; }
  });
})();
