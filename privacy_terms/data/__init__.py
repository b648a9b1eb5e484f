"""The data and its checks: load (strict YAML) -> validate/model -> checks -> one checked dataset."""
