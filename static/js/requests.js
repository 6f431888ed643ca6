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
