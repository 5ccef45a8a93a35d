"""`make bench`: latency of the pages and endpoints caseworkers use most at national scale, against their SQL floor,
and the import rate — written to docs/performance.md. Not a test: `make test` only runs it at a tiny scale.

    python -m etablera.benchmarks --prepare          # create the database, migrate, generate when missing, measure

Modules: `cases/` (what is measured and each floor, one module per domain), `runner` (timing), `importing` (the
import benchmark), `machine` (what it ran on), `report` (the Markdown), `__main__` (the command line). Beside them:
`load/` and `locustfile.py` (`make load`), `growth` and `plans` (`make bench-growth`: the pages at 1×, 2× and 3× the
data set, and the large tables their plans read whole), `sections` (the parts of docs/performance.md that one command
each rewrites), `matching` (`make bench-matching`).
"""
