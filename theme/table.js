/* privacy-terms: filter and sort for the home table, once it holds many platforms.
   Progressive enhancement only: without JavaScript the table is complete, sorted by name.
   No network, no storage, no globals; loaded only by the home page. Its words come from the
   table's data- attributes, written by the page in its edition's language. */
(function () {
  "use strict";
  var table = document.querySelector("table[data-sortable]");
  if (!table || !table.tBodies.length || !table.tHead) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var original = rows.slice();

  var tools = document.createElement("div");
  tools.className = "table-tools";
  var label = document.createElement("label");
  label.htmlFor = "platform-filter";
  var says = table.dataset;
  label.textContent = says.filterLabel + " ";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "platform-filter";
  input.autocomplete = "off";
  input.spellcheck = false;
  label.appendChild(input);
  var status = document.createElement("p");
  status.className = "table-status";
  status.setAttribute("role", "status");
  tools.appendChild(label);
  tools.appendChild(status);
  var wrap = table.closest(".table-wrap") || table;
  wrap.parentNode.insertBefore(tools, wrap);

  function nameOf(row) { return row.cells[0].textContent.trim().toLowerCase(); }

  function filter() {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var match = nameOf(row).indexOf(query) !== -1;
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = query ? says.shown.replace("{shown}", shown).replace("{total}", rows.length) : "";
  }
  input.addEventListener("input", filter);

  function keyOf(row, index) {
    var cell = row.cells[index];
    return (cell.getAttribute("data-sort") || cell.textContent).trim().toLowerCase();
  }

  // The last header row names every column; the rows above it group columns.
  var headRows = table.tHead.rows;
  var headers = Array.prototype.slice.call(headRows[headRows.length - 1].cells);
  headers.forEach(function (header, index) {
    var button = document.createElement("button");
    button.type = "button";
    while (header.firstChild) { button.appendChild(header.firstChild); }
    header.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var keyed = original.map(function (row, position) {
        return { row: row, key: keyOf(row, index), position: position };
      });
      keyed.sort(function (a, b) {
        var order = a.key < b.key ? -1 : a.key > b.key ? 1 : a.position - b.position;
        return ascending ? order : -order;
      });
      rows = keyed.map(function (item) { return item.row; });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
