// Loaded as a module at the end of <body>: the CSP forbids inline script, so GOV.UK
// Frontend's "js-enabled" snippet lives here, followed by initAll().
import { initAll } from "/static/govuk/js/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
