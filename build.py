"""privacy-terms: check the platform data and build the site. Run `python build.py --help`."""

import sys

try:
    from privacy_terms.cli import main
except ModuleNotFoundError as missing:
    if (missing.name or "").partition(".")[0] == "privacy_terms":
        raise  # our own code is incomplete: that is a bug to see, not a set-up step
    sys.exit(
        f"error: this Python has no '{missing.name}' module: run `python3 -m venv .venv && "
        ".venv/bin/pip install -r requirements.txt`, then `.venv/bin/python build.py ...`"
    )

if __name__ == "__main__":
    sys.exit(main())
