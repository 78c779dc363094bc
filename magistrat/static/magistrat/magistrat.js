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
