// Progressive enhancement of the levels-of-need pages. Without JavaScript the Search button
// filters on the server; with it, the list filters as you type and a Print button appears.

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
      item.hidden = !match;
      if (match) visibleInArea += 1;
    }
    area.hidden = visibleInArea === 0;
    count += visibleInArea;
  }
  for (const heading of form.querySelectorAll("[data-domain]")) {
    let next = heading.nextElementSibling;
    let any = false;
    while (next && !next.hasAttribute("data-domain")) {
      if (next.hasAttribute("data-area") && !next.hidden) any = true;
      next = next.nextElementSibling;
    }
    heading.hidden = !any;
  }
  if (status) {
    status.textContent = words === "" ? "" : `Showing ${count} example${count === 1 ? "" : "s"} containing “${search.value.trim()}”.`;
  }
}

if (form && search) {
  search.addEventListener("input", filter);
}

for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
