"""privacy-terms: sourced data on what platforms hand over to authorities, and the site built from it.

The core is pure and runs in stages, each a module named after it:

- `load`: strict YAML (no duplicate keys, anchors, tags or YAML 1.1 guesses), with positions;
- `model` and `vocabulary`: the typed, frozen data and every allowed value with its definition;
- `validate` and `checks`: model errors and cross-file rules, as `problems.Problem` values;
- `dataset`: loads and checks everything before anything is rendered;
- `comparison`, `timeline`, `site_views`: what the pages show, derived from the data;
- `pages` and `render`: Jinja templates to HTML; `publish`, `opendata`, `single_file`: the open
  data, the feed and the single-file edition;
- `sources`, `quotes` and `findings`: what `verify` and `watch` look at, compare and report;
  `fetch` (polite HTTP) and `archive` (an Open Terms Archive clone, read with git) are their I/O.

`cli` and the `commands` subpackage (one module per command) are the command line
(`python build.py`); `mkdocs_hooks.py`, beside this package, is the only module that imports MkDocs.
"""
