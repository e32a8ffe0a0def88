// sammen on every page (linked from base.html; the CSP allows no inline script).
//
// A wide table scrolls inside its own region (<div class="table-scroll" tabindex="0">). When the
// table is wider than the region, a hint above it says so (its words come translated from the
// body's data-table-hint) and the region is described by it. A region its template leaves
// unnamed is named by its table's caption, unless a landmark of the page has that name already
// (two landmarks of one name would confuse more than an unnamed one).
// Without JS the region still scrolls and site.css still draws a shadow at the hidden edge.
(function () {
  "use strict";

  let counter = 0;

  function hintFor(region) {
    let hint = region.previousElementSibling;
    if (hint && hint.classList.contains("table-scroll__hint")) {
      return hint;
    }
    hint = document.createElement("p");
    hint.className = "table-scroll__hint";
    hint.id = "table-scroll-hint-" + ++counter;
    hint.textContent = document.body.dataset.tableHint;
    hint.hidden = true;
    region.before(hint);
    return hint;
  }

  function update(region) {
    const overflows = region.scrollWidth > region.clientWidth + 1;
    const hint = hintFor(region);
    hint.hidden = !overflows;
    region.classList.toggle("table-scroll--overflows", overflows);
    if (overflows) {
      region.setAttribute("aria-describedby", hint.id);
    } else {
      region.removeAttribute("aria-describedby");
    }
  }

  const observer = "ResizeObserver" in window
    ? new ResizeObserver((entries) =>
      entries.forEach((entry) => update(entry.target.closest(".table-scroll"))))
    : null;

  function words(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function landmarkNames() {
    const names = new Set();
    document.querySelectorAll("[role=region], section[aria-label], section[aria-labelledby]")
      .forEach((landmark) => {
        const label = landmark.getAttribute("aria-label");
        const ids = (landmark.getAttribute("aria-labelledby") || "").split(/\s+/);
        const by = ids.map((id) => document.getElementById(id)).filter(Boolean);
        names.add(words(label || by.map((el) => el.textContent).join(" ")));
      });
    return names;
  }

  function name(region) {
    const caption = region.querySelector(":scope > table > caption");
    if (region.hasAttribute("role") || !caption || !words(caption.textContent)) {
      return;
    }
    if (landmarkNames().has(words(caption.textContent))) {
      return;
    }
    if (!caption.id) {
      caption.id = "table-scroll-caption-" + ++counter;
    }
    region.setAttribute("role", "region");
    region.setAttribute("aria-labelledby", caption.id);
  }

  function watch(root) {
    if (!document.body.dataset.tableHint) {
      return;
    }
    const regions = root.querySelectorAll ? root.querySelectorAll(".table-scroll") : [];
    regions.forEach((region) => {
      if (region.dataset.tableScrollWatched) {
        return;
      }
      region.dataset.tableScrollWatched = "1";
      name(region);
      update(region);
      if (observer) {
        observer.observe(region);
        const table = region.querySelector("table");
        if (table) {
          observer.observe(table);
        }
      }
    });
  }

  function start() {
    watch(document);
    // Tables that htmx swaps in (partials) are watched too, and a region whose table was
    // swapped is measured again.
    document.body.addEventListener("htmx:afterSettle", (event) => {
      watch(event.target);
      const region = event.target.closest && event.target.closest(".table-scroll");
      if (region) {
        update(region);
        const table = region.querySelector("table");
        if (observer && table) {
          observer.observe(table);
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The header's menu on a phone (a <details> in base.html): Escape closes it and puts the focus
// back on its button, as a menu button is expected to.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const menu = document.querySelector("details.site-menu[open]");
  if (menu && getComputedStyle(menu.querySelector("summary")).display !== "none") {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});
