"""privacy-terms: sourced data on what platforms hand over to authorities, and the site built from it.

The package's folders are its stages, each importing only from the stages before it
(`tests/test_imports.py` keeps it so; docs/architecture.md has the module map):

1. `utils`: machinery every stage uses and none of the data: problems as values (`problems`),
   ordinary files read safely (`files`), characters that never belong in the data, worker
   processes, the cache of results, dates, relative links, the atomic swap of a finished folder.
2. `data`: the data and its checks. Strict YAML with positions (`load`), the typed frozen model
   and its vocabulary, model errors and cross-file rules (`validate`, `checks`, `provenance`,
   `freshness`, `text_rules`, `page_names`), and `dataset`, which loads and checks everything
   before anything is rendered.
3. `website`: the site and its pages: both editions (`i18n`, `translations`), what the pages show
   (`comparison`, `site_views`, `timeline_markup`), Jinja templates to HTML (`pages`, `render`,
   `bodies`, `templates/`), the search index, the open data, the feed and the single file.
   `record`: keeping the record true: `verify` and `watch` (`sources`, `fetch`, `archive`,
   `quotes`, `findings`) and `diff` (what changed in the conclusions). `website` and `record`
   do not import each other.
4. `cli` and `commands/` (one module per command): the command line (`python build.py`).

`mkdocs_hooks.py`, beside this package, is the only module that imports MkDocs.
"""
