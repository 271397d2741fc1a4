// "Copy" buttons of the cite block: a button with data-copy="<id>" copies that element's
// text (or an input's value). The buttons stay hidden without JavaScript; the text is
// selectable either way. A file, not an inline script, for a CSP without 'unsafe-inline'.
(function () {
  "use strict";
  var status = document.querySelector(".copy-status");

  function announce(key) {
    if (status) {
      status.textContent = "";
      status.textContent = status.dataset[key] || "";
    }
  }

  function select(element) {
    if (element.select) {
      element.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.value !== undefined ? source.value : source.textContent;
      if (!navigator.clipboard) {
        select(source);
        announce("failed");
        return;
      }
      navigator.clipboard.writeText(text).then(
        function () { announce("done"); },
        function () { select(source); announce("failed"); }
      );
    });
  });
})();
