// Small enhancements; every page works without them.

// Forms marked data-confirm ask before they are sent — also those htmx drew later (tabs).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
}, true);
document.addEventListener("DOMContentLoaded", () => {
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

// Equipment pickers (inventory/picker.py): the search box asks the server for matches (htmx);
// ticking a match moves it among the chosen ones. Enter searches instead of sending the form,
// and the text in the box is never sent with the form (it is a search, not a choice).
function pickerOf(element) { return element.closest("[data-picker]"); }
document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (event.key !== "Enter" || !input.matches || !input.matches("[data-picker-search]")) return;
  event.preventDefault();
  if (window.htmx) window.htmx.trigger(input, "search");
});
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.matches || !box.matches("[data-picker-choice]") || !box.checked) return;
  const picker = pickerOf(box);
  const item = box.closest("[data-picker-item]");
  const chosen = picker && picker.querySelector("[data-picker-chosen]");
  if (!chosen || chosen.contains(item)) return;
  const results = item.parentElement;
  if (picker.dataset.multiple === "false") chosen.replaceChildren();
  chosen.appendChild(item);
  chosen.hidden = false;
  box.focus();
  const status = picker.querySelector("[data-picker-status]");
  if (status) status.textContent = (picker.dataset.chosenText || "") + " " + item.querySelector("label").textContent.trim();
  if (results && !results.children.length) results.hidden = true;
});
document.addEventListener("htmx:afterSwap", (event) => {
  const picker = pickerOf(event.target);
  if (!picker) return;
  // An answer to an earlier search may list what was chosen meanwhile: leave it out.
  const chosen = new Set(Array.from(picker.querySelectorAll("[data-picker-chosen] [data-picker-choice]"), (box) => box.value));
  event.target.querySelectorAll("[data-picker-results] [data-picker-choice]").forEach((box) => {
    if (chosen.has(box.value)) box.closest("[data-picker-item]").remove();
  });
  const summary = event.target.querySelector("[data-picker-summary]");
  const status = picker.querySelector("[data-picker-status]");
  if (summary && status) status.textContent = summary.textContent.trim();
});
document.addEventListener("formdata", (event) => {
  event.target.querySelectorAll("[data-picker-search]").forEach((input) => {
    if (input.name) event.formData.delete(input.name);
  });
});

// Buttons that redraw part of a form without JavaScript ([data-htmx-fallback]) step aside when
// htmx does that job (also in parts htmx has just drawn).
function hideFallbacks(root) {
  if (!window.htmx) return;
  root.querySelectorAll("[data-htmx-fallback]").forEach((element) => { element.hidden = true; });
}
document.addEventListener("DOMContentLoaded", () => hideFallbacks(document));
document.addEventListener("htmx:afterSwap", () => hideFallbacks(document));
