// The 24-hour dashboard refreshes its figures every 60 seconds on a wall screen, keeping the
// chosen period (the same address, query string included). Without JavaScript the page still
// shows every figure; reloading it gives fresh ones.
//
// The refresh changes figures in place (text and attributes of the nodes already there), so
// keyboard focus, an open <details> and the reading position stay where they were (WCAG 2.4.3).
// A "Pause automatic updates" button stops it (WCAG 2.2.2), and a polite status message says
// when figures changed, without moving focus.
import { wrapTables } from "/static/js/tables.js";

const live = document.getElementById("dashboard-live");

// Attributes the person controls, which a refresh must not undo.
const KEEP = new Set(["open"]);

function syncAttributes(from, to) {
  // A table's scroll box manages its own attributes (tables.js).
  if (from.classList?.contains("app-table-scroll")) return;
  for (const { name } of [...from.attributes]) {
    if (!KEEP.has(name) && !to.hasAttribute(name)) from.removeAttribute(name);
  }
  for (const { name, value } of [...to.attributes]) {
    if (!KEEP.has(name) && from.getAttribute(name) !== value) from.setAttribute(name, value);
  }
}

// Make `from` look like `to`, reusing every node that has the same kind; returns how many
// text changes were made, not counting the "Figures as at" line.
function morph(from, to) {
  let changes = 0;
  const fromNodes = [...from.childNodes];
  const toNodes = [...to.childNodes];
  toNodes.forEach((fresh, index) => {
    const old = fromNodes[index];
    if (!old) {
      from.appendChild(document.importNode(fresh, true));
      changes += 1;
    } else if (old.nodeType !== fresh.nodeType || old.nodeName !== fresh.nodeName) {
      old.replaceWith(document.importNode(fresh, true));
      changes += 1;
    } else if (old.nodeType === Node.TEXT_NODE) {
      if (old.nodeValue !== fresh.nodeValue) {
        old.nodeValue = fresh.nodeValue;
        if (!from.closest("#dashboard-updated")) changes += 1;
      }
    } else if (old.nodeType === Node.ELEMENT_NODE) {
      syncAttributes(old, fresh);
      changes += morph(old, fresh);
    }
  });
  fromNodes.slice(toNodes.length).forEach((extra) => {
    extra.remove();
    changes += 1;
  });
  return changes;
}

if (live) {
  const seconds = Number(live.dataset.refreshSeconds) || 60;
  let paused = false;

  const controls = document.createElement("div");
  controls.className = "app-dashboard-controls";
  const hint = document.createElement("p");
  hint.className = "govuk-body-s govuk-!-margin-bottom-2";
  hint.id = "dashboard-refresh-hint";
  hint.textContent = `These figures update every ${seconds === 60 ? "minute" : `${seconds} seconds`}.`;
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-4";
  toggle.id = "dashboard-pause";
  toggle.textContent = "Pause automatic updates";
  const status = document.createElement("p");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.id = "dashboard-status";
  controls.append(hint, toggle, status);
  live.before(controls);

  toggle.addEventListener("click", () => {
    paused = !paused;
    toggle.textContent = paused ? "Resume automatic updates" : "Pause automatic updates";
    hint.textContent = paused
      ? "Automatic updates are paused. Reload the page for fresh figures."
      : `These figures update every ${seconds === 60 ? "minute" : `${seconds} seconds`}.`;
  });

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
      if (fresh && !paused) {
        wrapTables(fresh);
        const changes = morph(live, fresh);
        if (changes > 0) {
          // The portal's one way of writing a time (referral_portal/govuk/dates.py): "3:05pm".
          const now = new Date();
          const h = now.getHours();
          const m = now.getMinutes();
          const time =
            h === 12 && m === 0
              ? "midday"
              : h === 0 && m === 0
                ? "midnight"
                : `${h % 12 || 12}${m ? `:${String(m).padStart(2, "0")}` : ""}${h < 12 ? "am" : "pm"}`;
          status.textContent = `Figures updated at ${time}.`;
        }
      }
    } catch {
      // Offline for a moment: try again at the next tick.
    }
  };

  window.setInterval(() => {
    if (!document.hidden && !paused) {
      refresh();
    }
  }, seconds * 1000);
}
