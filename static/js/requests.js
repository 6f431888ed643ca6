// Quick hide: the "Hide this page" button or Escape pressed twice replaces the page at once
// with a neutral page, leaving nothing to go "back" to. Without JavaScript the button is a
// plain link to the same page. Every form page is saved on "Continue", so the draft is kept.
const button = document.querySelector("[data-quick-hide]");

if (button) {
  const target = button.getAttribute("href");
  let lastEscape = 0;

  const hide = (event) => {
    if (event) event.preventDefault();
    document.body.classList.add("app-hidden");
    document.title = "Weather";
    window.location.replace(target);
  };

  button.addEventListener("click", hide);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < 1000) {
      hide(event);
    }
    lastEscape = now;
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
