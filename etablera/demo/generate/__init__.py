"""`etablera generate`: fictional data at national scale, deterministic from a seed, for benchmarks and load tests.

What it makes (everything is invented; no real person, household or reference):

- for every one of the 290 municipalities: the units the process template needs (departments, teams, the external
  actors), a few staff users (caseworkers per unit, a reception coordinator and unit manager, a statistics reader)
  with unusable passwords — and in the benchmark municipality (Nyköping, sized as a mid-size municipality) a few
  documented benchmark logins with the password `BENCH_PASSWORD`;
- ten years of kommuntal (`--years`, ending this year), set from each municipality's own flow;
- about `--persons` persons (default 1 000 000) in households of 1–8, in the national proportions of 2017 between
  the categories (Migrationsverket, in seed 003 and PROCESS.md): assigned from a facility (ABO) 40.66 %,
  self-settled (EBO) 27.83 %, resettled and family 4.97 % (Etablera's RESETTLED and FAMILY_REUNIFICATION), other
  26.54 % (TEMPORARY_PROTECTION and UNACCOMPANIED_MINOR) — proportions of persons, met exactly per year;
- an anvisning per household in every state: received (most of the past years), pending (a share of this year,
  some past their latest reception date), cancelled;
- for every received household a reception case whose tasks are those `receive_household` would create: the same
  template (`tasks_generation.template_for`), the same conditions (`person_matches`, `household_matches`), the same
  owning unit rule and the same due dates with their `Deadline` JSON (`rules.tasks.task_deadline`) — computed in
  bulk, not through one service call per household; tasks in every state (done, not applicable, open, overdue),
  cases older than two years closed; task histories, household timelines and consents as the services write them;
- audit events for what the services would have logged (registrations, arrivals, cancellations, closings, the
  household page read on arrival), dated when it happened and marked `changes["generated"] = true`.

Writes go in bulk, in one transaction: on PostgreSQL with COPY (psycopg 3's `cursor.copy`), with the big tables'
foreign keys and plain indexes dropped during the load and re-created at the end (which checks every row again);
on SQLite with `bulk_create` in batches. Progress lines go to stderr.

Generated data is recognisable: anvisningar have references starting with `GEN-`, kommuntal a note starting with
`GEN`, staff users names starting with `gen-`, audit events `changes.generated`. The command refuses to run when
generated data exists; `--reset` first deletes the generated reception and people data (anvisningar, households,
persons, cases, tasks, timelines, consents, kommuntal). It cannot delete the generated audit events — the audit log
is append-only, and on PostgreSQL a trigger refuses DELETE — so they stay (marked), and so do the generated units
and users, which those events refer to and which the next run reuses. For a clean benchmark database, generate into
a fresh database (`dropdb`/`createdb`, then `etablera migrate`); docs/performance.md says how.

Where it lives (one module per domain, issue #10): common.py (the names that mark generated data, the options, the
run's shared state `Rows`) and writing.py (COPY, bulk_create, progress) are shared; organisation.py, people.py,
reception.py (anvisningar), cases.py (mottaganden and tasks), access.py (audit events, consents) and quotas.py
(kommuntal) make each domain's rows; runner.py runs them (`generate`), reset.py deletes what they made;
housing.py adds housing to a generated data set (`etablera generate --housing-only`). This package re-exports
the names its callers use, so `from etablera.demo import generate` and `generate.generate(...)` keep working.
"""

from etablera.demo.generate.access import CONSENT_SHARE, generated_audit_events
from etablera.demo.generate.common import (
    BENCH_MUNICIPALITY,
    BENCH_PASSWORD,
    DEFAULT_PERSONS,
    DEFAULT_SEED,
    DEFAULT_YEARS,
    GENERATED,
    MEMORY_GOAL_MB,
    REFERENCE_PREFIX,
    USERNAME_PREFIX,
    BenchLogin,
    GenerateRefused,
    Options,
    has_generated_data,
    peak_memory_mb,
)
from etablera.demo.generate.organisation import BENCH_LOGINS, UNITS, UnitSpec
from etablera.demo.generate.people import CATEGORY_GROUPS, CATEGORY_SHARES, GROUP_SHARES, HOUSEHOLD_SIZES
from etablera.demo.generate.quotas import QUOTA_NOTE
from etablera.demo.generate.reception import state_counts
from etablera.demo.generate.reset import reset_generated
from etablera.demo.generate.runner import DOMAINS, Summary, generate
from etablera.demo.generate.writing import _n

__all__ = [
    "BENCH_LOGINS",
    "BENCH_MUNICIPALITY",
    "BENCH_PASSWORD",
    "CATEGORY_GROUPS",
    "CATEGORY_SHARES",
    "CONSENT_SHARE",
    "DEFAULT_PERSONS",
    "DEFAULT_SEED",
    "DEFAULT_YEARS",
    "DOMAINS",
    "GENERATED",
    "GROUP_SHARES",
    "HOUSEHOLD_SIZES",
    "MEMORY_GOAL_MB",
    "QUOTA_NOTE",
    "REFERENCE_PREFIX",
    "UNITS",
    "USERNAME_PREFIX",
    "BenchLogin",
    "GenerateRefused",
    "Options",
    "Summary",
    "UnitSpec",
    "_n",
    "generate",
    "generated_audit_events",
    "has_generated_data",
    "peak_memory_mb",
    "reset_generated",
    "state_counts",
]
