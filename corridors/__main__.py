"""Run the command line: ``python -m corridors``."""

import sys

from corridors.cli import main

if __name__ == "__main__":
    sys.exit(main())
