// GOV.UK-style timeout warning for staff sessions (the HMRC timeout pattern): two minutes
// before the idle timeout a modal dialog counts down. "Stay signed in", Escape and closing the
// dialog all extend the session; "Sign out" signs out now. After extending, the clocks start
// again, so the warning comes back before any later sign-out. A keep-alive or page load in
// another tab of the portal restarts this tab's clocks too (BroadcastChannel).
// Without JavaScript the server still signs the user out after the idle period.
const body = document.body;
const idleSeconds = Number(body.dataset.idleTimeout || 0);
const dialog = document.getElementById("timeout-warning");

if (idleSeconds > 0 && dialog && typeof dialog.showModal === "function") {
  const warnSeconds = Math.min(120, idleSeconds);
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("portal-session") : null;
  let deadline = 0;
  let warnTimer;
  let signOutTimer;
  let tick;

  const words = (seconds) => {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
    if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
    return parts.join(" ");
  };

  const showCountdown = () => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (countdown) countdown.textContent = `in ${words(left)}`;
    // Screen readers hear the time left every 20 seconds, not every second.
    if (announce && (left % 20 === 0 || left <= 10) && left > 0) {
      announce.textContent = `You will be signed out in ${words(left)}.`;
    }
  };

  const warn = () => {
    showCountdown();
    if (!dialog.open) dialog.showModal();
    clearInterval(tick);
    tick = setInterval(showCountdown, 1000);
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(signOutTimer);
    clearInterval(tick);
    deadline = Date.now() + idleSeconds * 1000;
    warnTimer = setTimeout(warn, (idleSeconds - warnSeconds) * 1000);
    signOutTimer = setTimeout(() => {
      window.location.href = body.dataset.timeoutUrl;
    }, idleSeconds * 1000);
  };

  const close = () => {
    clearInterval(tick);
    if (announce) announce.textContent = "";
    if (dialog.open) dialog.close();
  };

  const staySignedIn = async () => {
    close();
    schedule();
    try {
      const response = await fetch(body.dataset.keepAliveUrl, {
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.redirected || !response.ok) {
        // The session had already ended on the server: say so on the sign-in page.
        window.location.href = body.dataset.timeoutUrl;
        return;
      }
    } catch {
      // Offline for a moment: the clocks have restarted; the next page load will tell.
    }
    if (channel) channel.postMessage("active");
  };

  dialog.querySelector("[data-stay-signed-in]").addEventListener("click", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  // Escape fires "cancel": treat it as "Stay signed in", never as a silent dismissal.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });

  if (channel) {
    channel.addEventListener("message", (event) => {
      if (event.data === "active") {
        close();
        schedule();
      }
    });
    channel.postMessage("active");
  }
  schedule();
}
