// Loaded as a module at the end of <body>: the CSP forbids inline script, so GOV.UK
// Frontend's "js-enabled" snippet lives here, followed by initAll().
import { initAll } from "/static/govuk/js/govuk-frontend.min.js";
import { wrapTables } from "/static/js/tables.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

// Links styled as buttons act like buttons: GOV.UK's button guidance gives them
// role="button" and draggable="false", and Frontend's button module then makes Space
// activate them (Enter already does). Done here once rather than in every template.
for (const link of document.querySelectorAll("a.govuk-button")) {
  if (!link.hasAttribute("role")) link.setAttribute("role", "button");
  link.setAttribute("draggable", "false");
  if (!link.dataset.module) link.dataset.module = "govuk-button";
}

wrapTables(document);

// "Hide this page" left a flag so Back cannot show a Request for Support page again; a portal
// page without quick hide, opened on purpose, clears it.
if (!document.querySelector("[data-quick-hide]")) {
  try {
    window.sessionStorage.removeItem("app-quick-hidden");
  } catch {
    // storage switched off: nothing was stored
  }
}

initAll();
