// Quick hide: the "Hide this page" button, or Escape pressed once while not typing in a box,
// replaces the page at once with a neutral page. location.replace() takes this page out of the
// tab's history, and a flag in this tab's session storage sends any other Request for Support
// page that Back reaches (even from the back-forward cache) straight on to the neutral page;
// the next portal page opened that has no quick hide clears the flag (portal.js).
// Without JavaScript the button is a plain link to the same page.
// What was typed and not yet saved is kept in this tab's session storage (cleared when the
// tab closes) and put back when the person opens the same page again; saved answers are kept
// on the server as always.
const button = document.querySelector("[data-quick-hide]");
const HIDDEN = "app-quick-hidden";
const PENDING = `app-pending:${window.location.pathname}`;

const storage = (() => {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage switched off: hiding still works, unsaved text is not kept
  }
})();

const isTyping = (element) =>
  element instanceof HTMLElement &&
  (element.isContentEditable ||
    element.tagName === "TEXTAREA" ||
    element.tagName === "SELECT" ||
    (element.tagName === "INPUT" &&
      !["radio", "checkbox", "button", "submit", "reset", "file", "image"].includes(element.type)));

const keepUnsaved = () => {
  if (!storage) return;
  const values = {};
  for (const form of document.querySelectorAll("main form[method=post]")) {
    for (const field of form.elements) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || field.type === "file") continue;
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) (values[field.name] ||= []).push(field.value);
      } else if (field.value && field.value !== field.defaultValue) {
        values[field.name] = field.value;
      }
    }
  }
  if (Object.keys(values).length) storage.setItem(PENDING, JSON.stringify(values));
};

const restoreUnsaved = () => {
  const saved = storage?.getItem(PENDING);
  if (!saved) return;
  storage.removeItem(PENDING);
  let values;
  try {
    values = JSON.parse(saved);
  } catch {
    return;
  }
  for (const form of document.querySelectorAll("main form[method=post]")) {
    for (const field of form.elements) {
      if (!(field.name in values)) continue;
      const value = values[field.name];
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = Array.isArray(value) && value.includes(field.value);
        field.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (!field.value || field.value === field.defaultValue) {
        field.value = value;
      }
    }
  }
};

if (button) {
  const target = button.getAttribute("href");

  const hide = (event) => {
    if (event) event.preventDefault();
    keepUnsaved();
    storage?.setItem(HIDDEN, "1");
    document.body.classList.add("app-hidden");
    document.title = "Weather";
    window.location.replace(target);
  };

  // Back to a hidden page (including from the back-forward cache): move straight on.
  const bounce = () => {
    if (storage?.getItem(HIDDEN)) {
      document.body.classList.add("app-hidden");
      window.location.replace(target);
      return true;
    }
    return false;
  };
  window.addEventListener("pageshow", bounce);
  if (!bounce()) restoreUnsaved();

  button.addEventListener("click", hide);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
    hide(event);
  });
}

// Conditional questions under a radio (GOV.UK "conditional reveal"), shown only for the
// chosen answer. Our own toggle, not Frontend's: Frontend puts aria-expanded on the radio,
// which axe reports as not allowed on that role. Without JavaScript every question shows.
const revealers = document.querySelectorAll("input[type=radio][data-app-reveal]");

const syncReveals = () => {
  revealers.forEach((input) => {
    const target = document.getElementById(input.dataset.appReveal);
    if (target) target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
  });
};

revealers.forEach((input) => {
  document
    .querySelectorAll(`input[type=radio][name="${input.name}"]`)
    .forEach((radio) => radio.addEventListener("change", syncReveals));
});
syncReveals();
