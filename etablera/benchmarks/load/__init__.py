"""`make load`: a mixed caseworker workload against gunicorn on loopback, written into docs/performance.md.

    python -m etablera.benchmarks.load                              # DATABASE_URL names the bench database
    python -m etablera.benchmarks.load --users 50 --run-time 90     # one step of 50 users

The bench (`make bench`) times one request at a time in-process; this runs many at once through a real web server:
gunicorn with production settings on 127.0.0.1 (a free port), driven by locust headless (`locustfile.py`) as
signed-in caseworkers of the benchmark municipality — the logins `etablera generate` makes — added in steps until
the 95th percentile passes 150 ms (the ceiling: the saturation throughput of the machine), with the workers' memory
sampled meanwhile. It stops by itself, stops gunicorn, and writes its section of docs/performance.md between its own markers, which
the bench's report (below its marker) never touches. Why locust: docs/decisions/0007-load-testing-with-locust.md.

Modules: `mix` (the request mix, which the locustfile runs through locust and the tests through Django's test
client), `server` (gunicorn), `run` (one run from start to end: `main`, and the workers' memory: `WorkerMemory`),
`results` (the steps up to the ceiling, the statistics and the section in docs/performance.md), `__main__` (the command line). The names below are here so that `load.<name>` keeps
working. Nothing at module level imports Django or locust: the locustfile imports this package in locust's
process.
"""

from etablera.benchmarks.load.mix import (
    KINDS,
    LOGIN,
    RECEPTION_MIX,
    SFI_MIX,
    Caseworker,
    DjangoSession,
    Reply,
    Session,
    Settings,
    api_assignments,
    api_search,
    api_tasks,
    find_households,
    household,
    login,
    my_tasks,
    overview,
    quota_report,
    search,
    unit_tasks,
)
from etablera.benchmarks.load.results import (
    BEGIN,
    END,
    GOAL_P95_MS,
    GOAL_PER_SECOND,
    GOAL_WORKER_MB,
    KindStats,
    Step,
    Summary,
    ceiling,
    measured_from,
    next_users,
    percentile,
    render,
    steps,
    summarise,
    write_section,
)
from etablera.benchmarks.load.run import DEFAULT_STEPS, WorkerMemory, main, prepare_settings, revoke
from etablera.benchmarks.load.server import GUNICORN_CONFIG, free_port, server_environment

__all__ = [
    "BEGIN",
    "DEFAULT_STEPS",
    "END",
    "GOAL_P95_MS",
    "GOAL_PER_SECOND",
    "GOAL_WORKER_MB",
    "GUNICORN_CONFIG",
    "KINDS",
    "LOGIN",
    "RECEPTION_MIX",
    "SFI_MIX",
    "Caseworker",
    "DjangoSession",
    "KindStats",
    "Reply",
    "Session",
    "Settings",
    "Step",
    "Summary",
    "WorkerMemory",
    "api_assignments",
    "api_search",
    "api_tasks",
    "ceiling",
    "find_households",
    "free_port",
    "household",
    "login",
    "main",
    "measured_from",
    "my_tasks",
    "next_users",
    "overview",
    "percentile",
    "prepare_settings",
    "quota_report",
    "render",
    "revoke",
    "search",
    "server_environment",
    "steps",
    "summarise",
    "unit_tasks",
    "write_section",
]
