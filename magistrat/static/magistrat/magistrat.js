// Small enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Forms marked data-confirm ask before they are sent.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // The phone menu.
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // On a phone the filters start folded (unless some are in use), so results come first.
  if (window.matchMedia("(max-width: 760px)").matches) {
    document.querySelectorAll("details.filters-box").forEach((box) => {
      if (!box.hasAttribute("data-active")) box.removeAttribute("open");
    });
  }
  const key = document.getElementById("new-key");
  if (key) key.select();
});

// "Select all" checkbox of a bulk-edit table (re-bound after htmx swaps the table).
function bindSelectAll(root) {
  root.querySelectorAll("input[data-select-all]").forEach((all) => {
    all.addEventListener("change", () => {
      document.querySelectorAll('input[name="pk"][form="' + all.getAttribute("form") + '"]')
        .forEach((box) => { box.checked = all.checked; });
    });
  });
}
document.addEventListener("DOMContentLoaded", () => bindSelectAll(document));
document.addEventListener("htmx:afterSwap", (event) => bindSelectAll(event.target));

// A search box that narrows a list on the page: <input data-filter-for="LIST_ID"> hides the
// [data-filter-item] elements of #LIST_ID whose text lacks every typed word (case and Polish
// diacritics ignored); ticked items stay shown. The box starts hidden and is shown here, so a
// page without JavaScript never offers a box that does nothing.
function plainText(text) {
  return text.toLowerCase().replace(/ł/g, "l").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}
function applyListFilter(input) {
  const list = document.getElementById(input.dataset.filterFor);
  if (!list) return;
  const words = plainText(input.value).split(/\s+/).filter(Boolean);
  list.querySelectorAll("[data-filter-item]").forEach((item) => {
    const text = plainText(item.textContent);
    const ticked = item.querySelector("input[type=checkbox]:checked");
    item.hidden = !ticked && !words.every((word) => text.includes(word));
  });
}
function bindListFilters(root) {
  root.querySelectorAll("[data-filter-for]").forEach((input) => {
    const box = input.closest("[hidden]");
    if (box) box.hidden = false;
    applyListFilter(input);
  });
}
document.addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches("[data-filter-for]")) applyListFilter(event.target);
});
document.addEventListener("DOMContentLoaded", () => bindListFilters(document));
document.addEventListener("htmx:afterSwap", () => bindListFilters(document));

// Buttons that redraw part of a form without JavaScript ([data-htmx-fallback]) step aside when
// htmx does that job.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.htmx) return;
  document.querySelectorAll("[data-htmx-fallback]").forEach((element) => { element.hidden = true; });
});
