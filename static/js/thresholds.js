// Progressive enhancement of the levels-of-need pages. Without JavaScript the Search button
// filters on the server; with it, the list filters as you type and a Print button appears.
// GOV.UK classes set `display`, which beats the `hidden` attribute, so we set the style
// through the CSSOM (allowed by the CSP, unlike style attributes in the markup).

function show(element, visible) {
  element.style.display = visible ? "" : "none";
}

const form = document.getElementById("assess-form");
const search = document.getElementById("q");
const status = document.getElementById("search-status");

function filter() {
  const words = search.value.trim().toLowerCase();
  let count = 0;
  for (const area of form.querySelectorAll("[data-area]")) {
    let visibleInArea = 0;
    for (const item of area.querySelectorAll(".govuk-checkboxes__item")) {
      const label = item.querySelector("label").textContent.toLowerCase();
      const match = words === "" || label.includes(words);
      show(item, match);
      if (match) visibleInArea += 1;
    }
    show(area, visibleInArea > 0);
    count += visibleInArea;
  }
  for (const heading of form.querySelectorAll("[data-domain]")) {
    let next = heading.nextElementSibling;
    let any = false;
    while (next && !next.hasAttribute("data-domain")) {
      if (next.hasAttribute("data-area") && next.style.display !== "none") any = true;
      next = next.nextElementSibling;
    }
    show(heading, any);
  }
  if (status) {
    status.textContent = words === "" ? "" : `Showing ${count} example${count === 1 ? "" : "s"} containing “${search.value.trim()}”.`;
  }
}

if (form && search) {
  search.addEventListener("input", filter);
}

// The Print button exists only when it can work.
for (const slot of document.querySelectorAll("[data-print-slot]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary";
  button.textContent = slot.dataset.printSlot;
  button.addEventListener("click", () => window.print());
  slot.replaceWith(button);
}
