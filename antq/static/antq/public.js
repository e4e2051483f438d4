/* Public portal: text size (A− A A+, remembered), copy-the-link and print buttons. No inline JS (CSP). */
(function () {
  "use strict";
  var KEY = "antq.textSize";
  var MIN = -2;
  var MAX = 3;
  var root = document.documentElement;

  function read() {
    try {
      var n = parseInt(window.localStorage.getItem(KEY) || "0", 10);
      return isNaN(n) ? 0 : Math.max(MIN, Math.min(MAX, n));
    } catch (e) {
      return 0; // storage disabled (private mode): the default size
    }
  }

  function apply(n) {
    for (var i = MIN; i <= MAX; i++) root.classList.remove("antq-text-" + i);
    if (n !== 0) root.classList.add("antq-text-" + n);
    root.setAttribute("data-text-size", String(n));
  }

  function save(n) {
    try {
      window.localStorage.setItem(KEY, String(n));
    } catch (e) {
      /* not remembered, still applied */
    }
  }

  apply(read());

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var sizeButton = target.closest("[data-text-size]");
    if (sizeButton && sizeButton.tagName === "BUTTON") {
      var step = parseInt(sizeButton.getAttribute("data-text-size"), 10);
      var n = step === 0 ? 0 : Math.max(MIN, Math.min(MAX, read() + step));
      apply(n);
      save(n);
      return;
    }
    var copyButton = target.closest("[data-copy-url]");
    if (copyButton) {
      var url = copyButton.getAttribute("data-copy-url") || window.location.href;
      var done = function () {
        var label = copyButton.querySelector("[data-copy-label]");
        if (label) label.textContent = copyButton.getAttribute("data-copied-text") || label.textContent;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () {});
      } else {
        var field = document.getElementById(copyButton.getAttribute("aria-controls") || "");
        if (field && field.select) {
          field.select();
          try {
            document.execCommand("copy");
            done();
          } catch (e) {
            /* the field stays selected for a manual copy */
          }
        }
      }
      return;
    }
    if (target.closest("[data-print]")) {
      window.print();
    }
  });
})();
