/* privacy-terms: site search. The documents come from search-index.js (a script, so this works
   from file:// too), MiniSearch (theme/vendor/) indexes them here; nothing leaves the page.
   Results are built with textContent: no text from the index is ever parsed as HTML. */
(function () {
  "use strict";
  var docs = window.PRIVACY_TERMS_SEARCH;
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var form = document.getElementById("search-form");
  if (!docs || !input || !list || !window.MiniSearch) { return; }
  // Chinese and Japanese have no spaces between words: each run of CJK characters is indexed (and
  // a query split) into overlapping pairs of characters, so "警方" finds "香港警方要求"; other text
  // is split into words as MiniSearch does by default.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;
  var words = window.MiniSearch.getDefault("tokenize");
  function tokenize(text) {
    var tokens = words(text.replace(CJK, " ")).filter(function (token) { return token; });
    (text.match(CJK) || []).forEach(function (run) {
      if (run.length === 1) { tokens.push(run); return; }
      for (var i = 0; i < run.length - 1; i++) { tokens.push(run.slice(i, i + 2)); }
    });
    return tokens;
  }
  var says = status.dataset;  // the page's own words for the status line, in its language
  var search = new window.MiniSearch({
    fields: ["title", "text"],
    tokenize: tokenize,
    storeFields: ["title", "url", "text"],
    searchOptions: { prefix: true, fuzzy: 0.15, boost: { title: 3 }, combineWith: "AND" }
  });
  search.addAll(docs.map(function (doc, index) {
    return { id: index, title: doc.title, url: doc.url, text: doc.text };
  }));

  function snippet(text, terms) {
    var lower = text.toLowerCase();
    var at = -1;
    terms.some(function (term) { at = lower.indexOf(term.toLowerCase()); return at !== -1; });
    var start = Math.max(0, at - 60);
    if (start > 0) { start = text.indexOf(" ", start) + 1 || start; }  // start on a word
    var piece = text.slice(start, start + 200);
    return (start > 0 ? "… " : "") + piece + (start + 200 < text.length ? " …" : "");
  }

  // A query in the other edition's script (Chinese typed into the English search, or Latin
  // words the Chinese edition does not have) gets a link to the same search there.
  var other = document.getElementById("search-other");
  var language = document.querySelector("header a.language");
  var LATIN = /[A-Za-z]/;
  function pointToTheOtherEdition(query, count) {
    while (other.firstChild) { other.removeChild(other.firstChild); }
    var cjk = query.search(CJK) !== -1;
    var wanted = says.otherScript === "cjk" ? cjk : (!cjk && LATIN.test(query) && count === 0);
    other.hidden = !(wanted && language);
    if (other.hidden) { return; }
    var link = document.createElement("a");
    link.href = language.getAttribute("href") + "?q=" + encodeURIComponent(query);
    link.lang = says.otherLang;
    link.hreflang = says.otherLang;
    link.textContent = says.other.replace("{q}", query);
    other.appendChild(link);
  }

  function show() {
    var query = input.value.trim();
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query) { status.textContent = ""; other.hidden = true; return; }
    var found = search.search(query).slice(0, 30);
    var words = found.length === 1 ? says.foundOne : found.length ? says.found : says.none;
    status.textContent = words.replace("{n}", found.length).replace("{q}", query);
    pointToTheOtherEdition(query, found.length);
    found.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      var text = document.createElement("p");
      text.className = "meta";
      text.textContent = snippet(result.text, result.terms);
      item.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  input.addEventListener("input", show);
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; }
  show();
})();
