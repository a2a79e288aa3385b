// Progressive enhancement only: every page works without this file.
// "Try a question" on an FAQ entry updates as the moderator types, against the edit as it stands.
(function () {
  "use strict";
  var form = document.getElementById("faq-form");
  if (!form) { return; }
  var box = document.getElementById("try");
  var out = document.getElementById("try-result");
  var csrf = document.body.getAttribute("data-csrf");
  var timer = null;
  function show(data) {
    out.textContent = "";
    var p = document.createElement("p");
    if (data.problems) {
      p.textContent = "The edit has a problem: " + data.problems.join("; ");
    } else if (!data || !data.sentence) {
      return;
    } else {
      var strong = document.createElement("strong");
      strong.textContent = data.verdict.toUpperCase();
      p.appendChild(strong);
      p.appendChild(document.createTextNode(": best " + (data.best || "none") + " (" + (data.score === null ? "-" : data.score) +
        "); this entry scores " + data.this + "."));
      var why = document.createElement("p");
      why.className = "muted";
      why.textContent = data.explanation;
      out.appendChild(p);
      out.appendChild(why);
      return;
    }
    out.appendChild(p);
  }
  function tryIt() {
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-try"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf }
    }).then(function (r) { return r.json(); }).then(show).catch(function () {});
  }
  form.addEventListener("input", function () {
    if (!box.value.trim()) { return; }
    clearTimeout(timer);
    timer = setTimeout(tryIt, 250);
  });
})();
