/* privacy-terms: on a jurisdiction's page, a filter that shows one platform's timeline entries
   (or only the law's). Progressive enhancement: without JavaScript the whole timeline shows, and
   each platform's own page lists its events. No network, no storage. Its words come from the
   filter paragraph's data- attributes, written by the page in its edition's language. */
(function () {
  "use strict";
  var filter = document.getElementById("timeline-filter");
  var section = document.getElementById("timeline");
  if (!filter || !section) { return; }
  var items = Array.prototype.slice.call(section.querySelectorAll("ol.timeline > li[data-subject]"));
  // Each year is a <details> fold holding its heading (in the summary) and its list.
  var years = Array.prototype.slice.call(section.querySelectorAll("details.year"));
  var label = document.createElement("label");
  label.htmlFor = "timeline-subject";
  var says = filter.dataset;
  label.textContent = says.show + " ";
  var select = document.createElement("select");
  select.id = "timeline-subject";
  [["", says.everything], ["law", says.law]].concat(
    Array.prototype.map.call(filter.querySelectorAll("a[data-subject]"), function (a) {
      return [a.getAttribute("data-subject"), says.only.replace("{name}", a.textContent)];
    })
  ).forEach(function (pair) {
    var option = document.createElement("option");
    option.value = pair[0];
    option.textContent = pair[1];
    select.appendChild(option);
  });
  var status = document.createElement("span");
  status.className = "table-status";
  status.setAttribute("role", "status");
  var tools = document.createElement("p");
  tools.className = "table-tools";
  label.appendChild(select);
  tools.appendChild(label);
  tools.appendChild(status);
  filter.parentNode.insertBefore(tools, filter.nextSibling);
  select.addEventListener("change", function () {
    var chosen = select.value;
    var shown = 0;
    items.forEach(function (item) {
      var match = !chosen || item.getAttribute("data-subject") === chosen;
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    years.forEach(function (year) {
      var list = year.querySelector("ol.timeline");
      var any = list && Array.prototype.some.call(list.children, function (li) { return !li.hidden; });
      year.hidden = !any;
      // One platform's entries are few: show every year that holds one.
      if (chosen && any) { year.open = true; }
    });
    status.textContent = chosen ? says.shown.replace("{shown}", shown).replace("{total}", items.length) : "";
  });
})();
