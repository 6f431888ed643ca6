// Wide tables scroll sideways inside their own box on a narrow screen (WCAG 1.4.10), never
// the whole page. While a table is wider than its box, the box is a labelled, focusable
// region so keyboard users can scroll it; otherwise it is a plain box with no extra tab stop.
// Without JavaScript the stylesheet gives each table the same sideways scroll.

function label(table) {
  const caption = table.caption?.textContent.trim().replace(/\s+/g, " ");
  const heading = document.querySelector("main h1")?.textContent.trim().replace(/\s+/g, " ");
  return caption || (heading ? `${heading} (table)` : "Table");
}

function fit(box) {
  const table = box.querySelector("table");
  if (table && box.scrollWidth > box.clientWidth + 1) {
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", label(table));
    box.tabIndex = 0;
  } else {
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
    box.removeAttribute("tabindex");
  }
}

const observer =
  typeof ResizeObserver === "function"
    ? new ResizeObserver((entries) =>
        entries.forEach((entry) => {
          const box = entry.target.closest(".app-table-scroll");
          if (box) fit(box);
        }),
      )
    : null;

export function wrapTables(root) {
  for (const table of root.querySelectorAll("table.govuk-table")) {
    let box = table.parentElement;
    if (!box.classList.contains("app-table-scroll")) {
      box = document.createElement("div");
      box.className = "app-table-scroll";
      table.before(box);
      box.append(table);
    }
    fit(box);
    observer?.observe(box);
    observer?.observe(table);
  }
}
