// The 24-hour dashboard refreshes its figures every 60 seconds on a wall screen, keeping the
// chosen period (the same address, query string included). Without JavaScript the page still
// shows every figure; reloading it gives fresh ones.
const live = document.getElementById("dashboard-live");

if (live) {
  const seconds = Number(live.dataset.refreshSeconds) || 60;

  const refresh = async () => {
    try {
      const response = await fetch(window.location.href, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
        cache: "no-store",
      });
      if (!response.ok || response.redirected) {
        return;
      }
      const html = await response.text();
      const fresh = new DOMParser()
        .parseFromString(html, "text/html")
        .getElementById("dashboard-live");
      if (fresh) {
        // Keep the trend table open if someone opened it.
        const openDetails = live.querySelector("details[open]") !== null;
        live.replaceChildren(...fresh.childNodes);
        if (openDetails) {
          live.querySelector("details")?.setAttribute("open", "");
        }
      }
    } catch {
      // Offline for a moment: try again at the next tick.
    }
  };

  window.setInterval(() => {
    if (!document.hidden) {
      refresh();
    }
  }, seconds * 1000);
}
