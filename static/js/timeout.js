// GOV.UK-style timeout warning for staff sessions: two minutes before the idle timeout,
// a modal dialog offers to stay signed in. Without JavaScript the server still signs the
// user out after the idle period; nothing here is needed for that.
const body = document.body;
const idleSeconds = Number(body.dataset.idleTimeout || 0);
const dialog = document.getElementById("timeout-warning");

if (idleSeconds > 0 && dialog && typeof dialog.showModal === "function") {
  const warnAfter = Math.max(idleSeconds - 120, 0) * 1000;
  let warnTimer;
  let signOutTimer;

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(signOutTimer);
    warnTimer = setTimeout(() => dialog.showModal(), warnAfter);
    signOutTimer = setTimeout(() => {
      window.location.href = body.dataset.timeoutUrl;
    }, idleSeconds * 1000);
  };

  dialog.querySelector("[data-stay-signed-in]").addEventListener("click", async (event) => {
    event.preventDefault();
    await fetch(body.dataset.keepAliveUrl, { credentials: "same-origin" });
    dialog.close();
    schedule();
  });
  schedule();
}
