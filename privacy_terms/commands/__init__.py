"""The command line's verbs, one module per command (`python build.py <command>`).

Each module has `register(commands)`, which adds its sub-parser and sets `run=function`, where
`function(args) -> int` returns the exit code. `privacy_terms.cli` lists the modules, parses the
arguments and calls `run`; no command module imports `cli`, and this file imports nothing, so the
command line has no import cycle. Shared helpers live in two leaf modules: `arguments` (dates)
and `common` (the sub-parsers type, exit codes, `fail`, number and report-format options).
"""
