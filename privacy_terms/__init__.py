"""privacy-terms: sourced data on what platforms hand over to authorities, and the site built from it.

The core is pure and runs in stages, each a module named after it:

- `files` and `load`: only ordinary files inside the repository, read as strict YAML (no
  duplicate keys, anchors, tags, control characters or YAML 1.1 guesses), with positions;
- `model` and `vocabulary`: the typed, frozen data and every allowed value with its definition;
- `validate`, `checks`, `text_rules` and `page_names`: model errors and cross-file rules (with
  `characters`, the one place for characters that never belong in the data), as
  `problems.Problem` values;
- `dataset`: loads and checks everything before anything is rendered;
- `comparison`, `timeline`, `site_views`: what the pages show, derived from the data;
- `pages` and `render`: Jinja templates to HTML; `publish`, `opendata`, `single_file`: the open
  data, the feed and the single-file edition;
- `sources`, `quotes` and `findings`: what `verify` and `watch` look at, compare and report;
  `fetch` (polite HTTP) and `archive` (an Open Terms Archive clone, read with git) are their I/O.

`cli` and the `commands` subpackage (one module per command) are the command line
(`python build.py`), with `swap` (site/ and dist/ replaced in one atomic step), `process` (one
line for a broken machine) and `serving` (the preview's request guard); `mkdocs_hooks.py`, beside
this package, is the only module that imports MkDocs.
"""
