"""python -m etablera.benchmarks.load — see etablera/benchmarks/load/__init__.py and docs/performance.md."""

import sys

from etablera.benchmarks.load.run import main

if __name__ == "__main__":
    sys.exit(main())
