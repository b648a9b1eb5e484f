"""The command line's verbs, one module per command (`python build.py <command>`).

Each module has `register(commands)`, which adds its sub-parser and sets `run=function`, where
`function(args) -> int` returns the exit code. `privacy_terms.cli` lists the modules, parses the
arguments and calls `run`; no command module imports `cli`, and this file imports nothing, so the
command line has no import cycle. Shared argument helpers live in the leaf module `arguments`.
"""
