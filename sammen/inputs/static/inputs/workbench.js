// The sorting workbench's keyboard shortcuts. Every shortcut clicks a button that is also on
// the page, so everything stays reachable without them (and without JavaScript).
(function () {
  "use strict";

  var current = null; // the id of the current row's input
  var focusAfterSwap = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#results tr[data-input]"));
  }

  function currentRow() {
    return current && document.getElementById("rad-" + current);
  }

  function say(text) {
    var status = document.getElementById("workbench-status");
    if (!status) return;
    status.textContent = "";
    var p = document.createElement("p");
    p.className = "message";
    p.textContent = text;
    status.appendChild(p);
  }

  function setCurrent(row) {
    rows().forEach(function (r) {
      r.classList.remove("is-current");
      r.removeAttribute("aria-current");
    });
    if (!row) {
      current = null;
      return;
    }
    current = row.dataset.input;
    row.classList.add("is-current");
    row.setAttribute("aria-current", "true");
    row.focus();
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var index = all.indexOf(currentRow());
    var next = index === -1 ? (step > 0 ? 0 : all.length - 1) : index + step;
    if (next >= 0 && next < all.length) setCurrent(all[next]);
  }

  function needRow() {
    var row = currentRow();
    if (!row) say(document.querySelector(".workbench").dataset.noRowMessage);
    return row;
  }

  function clickIn(row, selector) {
    var button = row.querySelector(selector);
    if (!button) return;
    focusAfterSwap = row.id;
    button.click();
  }

  function isTyping(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable], dialog");
  }

  function helpDialog() {
    return document.getElementById("shortcut-help");
  }

  function openHelp() {
    var dialog = helpDialog();
    if (dialog && !dialog.open) dialog.showModal();
  }

  var RESPONSIBILITY = { K: "kommune", I: "innbyggere", S: "sammen" };

  // Keys pressed while a change is on its way wait for its answer to be swapped in: they act
  // on the rows as they will be, not on rows about to be replaced (a fast typist, a test).
  var busy = false;
  var waiting = [];

  function release() {
    busy = false;
    while (!busy && waiting.length) handleKey(waiting.shift());
  }

  document.addEventListener("htmx:beforeRequest", function () { busy = true; });
  document.addEventListener("htmx:afterSettle", function () { setTimeout(release, 0); });
  document.addEventListener("htmx:responseError", release);
  document.addEventListener("htmx:sendError", release);

  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("results")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    var press = { key: event.key, shiftKey: event.shiftKey };
    if (busy) {
      if (isShortcut(press)) {
        waiting.push(press);
        event.preventDefault();
      }
      return;
    }
    if (handleKey(press)) event.preventDefault();
  });

  function isShortcut(press) {
    return /^([jkxdura?1-9]|ArrowUp|ArrowDown)$/.test(press.key) ||
      (RESPONSIBILITY[press.key] !== undefined && press.shiftKey);
  }

  function handleKey(event) {
    var key = event.key;
    var row;
    if (key === "j" || key === "ArrowDown") {
      move(1);
    } else if (key === "k" || key === "ArrowUp") {
      move(-1);
    } else if (key === "?") {
      openHelp();
    } else if (key === "u") {
      var undo = document.getElementById("undo-last");
      if (undo) undo.click();
    } else if (/^[1-9]$/.test(key)) {
      if ((row = needRow())) clickIn(row, '[data-area-number="' + key + '"]');
    } else if (RESPONSIBILITY[key] && event.shiftKey) {
      if ((row = needRow())) clickIn(row, '[data-responsibility="' + RESPONSIBILITY[key] + '"]');
    } else if ((key === "a" || key === "r") && !event.shiftKey) {
      // Accept the row's suggestion (sammen/analysis), where one is shown.
      var kind = key === "a" ? "focus_area" : "responsibility";
      if ((row = needRow())) clickIn(row, '[data-accept-suggestion="' + kind + '"]');
    } else if (key === "x") {
      if ((row = needRow())) {
        var box = row.querySelector(".row-select");
        box.checked = !box.checked;
      }
    } else if (key === "d") {
      if ((row = needRow())) {
        var original = document.getElementById("bulk-original");
        var button = document.getElementById("bulk-duplicate");
        if (original && button) {
          original.value = row.dataset.input;
          focusAfterSwap = row.id;
          button.click();
        }
      }
    } else {
      return false;
    }
    return true;
  }

  document.addEventListener("change", function (event) {
    if (event.target.id === "hele-siden") {
      rows().forEach(function (r) {
        var box = r.querySelector(".row-select");
        if (box) box.checked = event.target.checked;
      });
    }
  });

  // A row swapped in by HTMX replaces the element that had focus: put focus back on the same
  // button (or row), so the keyboard user stays where they were.
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    if (!focusAfterSwap && active && active.id && active !== document.body) {
      focusAfterSwap = active.id;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var target = focusAfterSwap && document.getElementById(focusAfterSwap);
    focusAfterSwap = null;
    var row = currentRow();
    if (row) {
      row.classList.add("is-current");
      row.setAttribute("aria-current", "true");
    } else {
      current = null;
    }
    if (target) target.focus();
  });

  document.addEventListener("click", function (event) {
    if (event.target.id === "shortcut-help-open") openHelp();
    var row = event.target.closest && event.target.closest("#results tr[data-input]");
    if (row && row.dataset.input !== current) {
      rows().forEach(function (r) {
        r.classList.remove("is-current");
        r.removeAttribute("aria-current");
      });
      current = row.dataset.input;
      row.classList.add("is-current");
      row.setAttribute("aria-current", "true");
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var open = document.getElementById("shortcut-help-open");
    if (open) open.hidden = false;
  });
})();
