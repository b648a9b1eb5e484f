"""privacy-terms: check the platform data and build the site. Run `python build.py --help`."""

import sys

from privacy_terms.cli import main

if __name__ == "__main__":
    sys.exit(main())
