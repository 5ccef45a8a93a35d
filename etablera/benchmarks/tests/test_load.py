"""The load test's harness at a tiny scale (the real run is `make load`): every request of the mix answers as the
load test expects when run through Django's test client — so the locustfile's users would not fail on the
harness itself — and the statistics and the section in docs/performance.md come out right. Needs no locust."""

import random

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from etablera.access.policy import capabilities
from etablera.benchmarks import load, report
from etablera.demo import generate
from etablera.organisation.models import ApiToken, User
from etablera.people.models import Household


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.generate(
            generate.Options(persons=400, bench_share=0.3, today=timezone.localdate(), progress=None)
        )
        transaction.set_rollback(True)


@pytest.fixture
def settings_(generated, db, tmp_path):
    settings, facts = load.prepare_settings(tmp_path / "samples.json")
    assert facts["municipality"]
    # The data set was made before the tests' fast password hasher took over, which cannot check its Argon2 hashes.
    for user in User.objects.filter(username__in=[settings.reception_user, settings.sfi_user]):
        user.set_password(settings.password)
        user.save(update_fields=["password"])
    yield settings
    load.revoke()


def _caseworker(settings):
    return load.Caseworker(load.DjangoSession(Client()), settings, rng=random.Random(7))


def test_every_request_of_both_mixes_answers_as_the_load_test_expects(settings_):
    for username, mix in ((settings_.reception_user, load.RECEPTION_MIX), (settings_.sfi_user, load.SFI_MIX)):
        cw = _caseworker(settings_)
        assert load.login(cw, username).status == 302
        assert cw.csrf  # the next POST has its token
        for function in mix:
            assert function(cw).status == 200, (username, function.__name__)
        statuses = dict(cw.session.replies)
        assert statuses.pop(load.LOGIN) == 302
        assert set(statuses.values()) == {200}
    # The reception caseworker found households of its municipality (its unit's list or, when that shows none,
    # the household search), and the household page was one of them.
    cw = _caseworker(settings_)
    load.login(cw, settings_.reception_user)
    assert cw.households
    found = Household.objects.filter(public_id__in=cw.households)
    assert {h.municipality.name for h in found} == {_home_municipality(settings_)}
    assert found.count() == len(cw.households)
    reply = load.household(cw)
    assert reply.status == 200 and cw.session.replies[-1] == ("household", 200)
    assert any(f"/hushall/{public_id}/" in reply.text for public_id in cw.households)


def _home_municipality(settings_):
    return capabilities(User.objects.get(username=settings_.reception_user)).home_municipality.name


class _FakeSession:
    """Pages by path (and the search's answer by what was searched for), and every request made."""

    def __init__(self, pages, searches):
        self.pages, self.searches, self.requests = pages, searches, []

    def get(self, kind, path, params=None, headers=None):
        self.requests.append((kind, path))
        return load.Reply(200, self.pages.get(path, ""))

    def post(self, kind, path, form=None, json_body=None, headers=None, expect=200):
        self.requests.append((kind, (form or {}).get("q", path)))
        return load.Reply(
            expect, self.pages.get(path, "") if path != "/hushall/" else self.searches[form["q"]]
        )


_ONE = "11111111-2222-3333-4444-555555555555"
_TWO = "66666666-7777-8888-9999-000000000000"
_TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="tok">'


def _settings(**kwargs):
    values = dict(
        password="x",
        reception_user="r",
        sfi_user="s",
        token="t",
        reception_unit=1,
        year=2026,
        county="04",
        as_of="2026-12-01",
        searches=["Ali", "Berg", "Svensson"],
    )
    return load.Settings(**values | kwargs)


def test_a_unit_list_with_households_is_enough_and_nothing_is_searched():
    pages = {"/logga-in/": _TOKEN, "/uppgifter/enhet/": f'{_TOKEN}<a href="/hushall/{_ONE}/">Familjen A</a>'}
    cw = load.Caseworker(_FakeSession(pages, {}), _settings(), rng=random.Random(1))
    load.login(cw, "r")
    assert cw.households == [_ONE]
    assert [kind for kind, _ in cw.session.requests] == [load.LOGIN, load.LOGIN, "unit_tasks"]


def test_a_unit_list_without_households_sends_the_caseworker_to_the_household_search():
    pages = {"/logga-in/": _TOKEN, "/uppgifter/enhet/": f"{_TOKEN}<p>Inga öppna uppgifter.</p>"}
    searches = {
        "Ali": f"{_TOKEN}<p>Inga hushåll hittades.</p>",
        "Berg": f'{_TOKEN}<a href="/hushall/{_ONE}/">B</a> <a href="/hushall/{_TWO}/">B</a>',
    }
    cw = load.Caseworker(_FakeSession(pages, searches), _settings(), rng=random.Random(1))
    load.login(cw, "r")
    assert cw.households == [_ONE, _TWO]
    # The searches one after the other until one found households: "Svensson" was not needed.
    assert cw.session.requests[3:] == [("household_search", "Ali"), ("household_search", "Berg")]
    load.household(cw)
    assert cw.session.requests[-1][0] == "household"


def test_a_caseworker_who_may_see_no_household_searches_once_not_before_every_page():
    pages = {"/logga-in/": _TOKEN}
    searches = dict.fromkeys(["Ali", "Berg", "Svensson"], f"{_TOKEN}<p>Inga hushåll hittades.</p>")
    cw = load.Caseworker(_FakeSession(pages, searches), _settings(), rng=random.Random(1))
    load.login(cw, "s")
    made = len(cw.session.requests)
    assert [kind for kind, _ in cw.session.requests].count("household_search") == 3
    assert load.household(cw) == load.Reply(200, "")
    assert [kind for kind, _ in cw.session.requests[made:]] == ["unit_tasks"]


def test_the_settings_travel_to_locust_as_json_and_the_api_key_is_revoked(settings_):
    assert load.Settings.from_json(settings_.as_json()) == settings_
    assert len(settings_.searches) == 5 and all(len(s) >= 2 for s in settings_.searches)
    load.revoke()
    assert not ApiToken.objects.filter(name="make load", revoked_at=None).exists()


def test_the_server_runs_with_production_settings_except_tls():
    env = load.server_environment({"ETABLERA_DEBUG": "1", "SECRET_KEY": "old", "PATH": "/bin"}, 8123)
    assert "ETABLERA_DEBUG" not in env and env["SECRET_KEY"] != "old" and len(env["SECRET_KEY"]) > 40
    assert env["ALLOWED_HOSTS"] == "127.0.0.1" and env["SECURE_COOKIES"] == "0" and env["PATH"] == "/bin"
    assert 1024 < load.free_port() < 65536


def _samples():
    rows = [["login", 300.0, True, 0.5], ["unit_tasks", 99.0, True, 0.9]]  # the ramp-up: left out
    rows += [["unit_tasks", float(ms), True, 2.0] for ms in range(1, 21)]
    rows += [["household", 40.0, True, 3.0], ["household", 60.0, False, 4.0]]
    return {"started": 0.0, "stopped": 11.0, "ready": [1.0], "steps": [[1, 0.0]], "requests": rows}


def test_the_summary_leaves_out_the_ramp_up_and_reports_errors():
    (step,) = load.steps(_samples())
    summary = step.summary
    assert (step.users, step.measured_from, step.ended) == (1, 1.0, 11.0)
    assert summary.seconds == 10.0 and summary.ramp_up_excluded == 1
    tasks, households = summary.kinds
    assert (tasks.kind, tasks.requests, tasks.median_ms, tasks.p95_ms) == ("unit_tasks", 20, 10.5, 19.0)
    assert (households.requests, households.errors) == (2, 1)
    assert summary.overall.requests == 22 and summary.overall.per_second == 2.2
    assert summary.error_rate == pytest.approx(1 / 22)
    assert summary.logins.requests == 1


def _climb(plan, p95_per_users, measure_s=10.0, sign_in_s=2.0, keep_going=False):
    """Drive next_users second by second as locust's shape does, with requests whose times depend on the users
    (p95_per_users: users → ms) and each step's new users signing in sign_in_s after it began."""
    samples = {"started": 0.0, "stopped": None, "ready": [], "steps": [], "requests": []}
    now, users = 0.0, 0
    while True:
        wanted = load.next_users(samples, plan, measure_s, now, keep_going=keep_going)
        if wanted is None:
            samples["stopped"] = now
            return samples
        if wanted > users:
            samples["ready"] += [now + sign_in_s] * (wanted - users)
            samples["requests"] += [["login", 500.0, True, now]] * (wanted - users)
            users = wanted
        # Ten requests a second; the slowest one in ten takes the step's time, the rest 10 ms.
        samples["requests"] += [["unit_tasks", 10.0, True, now]] * 9 + [
            ["household", p95_per_users[users], True, now]
        ]
        now += 1.0


def test_the_load_climbs_step_by_step_and_stops_at_the_first_step_past_the_goal():
    plan = [10, 20, 40, 80]
    samples = _climb(plan, {10: 40.0, 20: 120.0, 40: 400.0, 80: 900.0})
    # Each step waits until its users have signed in (2 s), is measured for 10 s, and the run stops after the
    # step whose p95 passed 150 ms: 80 users are never asked for.
    assert samples["steps"] == [[10, 0.0], [20, 12.0], [40, 24.0]] and samples["stopped"] == 36.0
    run_steps = load.steps(samples, memory=[[5.0, 180.0], [13.0, 190.0], [30.0, 240.5], [40.0, 999.0]])
    assert [(s.users, s.measured_from, s.ended) for s in run_steps] == [
        (10, 2.0, 12.0),
        (20, 14.0, 24.0),
        (40, 26.0, 36.0),
    ]
    assert [s.summary.overall.requests for s in run_steps] == [100, 100, 100]
    assert [s.summary.overall.p95_ms for s in run_steps] == [40.0, 120.0, 400.0]
    # A sample while the step's users sign in (13 s: Argon2's moment) counts for the step, not for its measured
    # window; a sample after the end belongs to none.
    assert [s.worker_mb for s in run_steps] == [180.0, None, 240.5]
    assert [s.sign_in_mb for s in run_steps] == [180.0, 190.0, 240.5]
    saturation, passed = load.ceiling(run_steps)
    assert (saturation.users, passed.users) == (20, 40)
    assert saturation.summary.overall.per_second == 10.0


def test_the_load_runs_every_step_when_none_passes_the_goal_and_none_when_the_first_does():
    samples = _climb([5, 10], {5: 20.0, 10: 30.0})
    assert [users for users, _ in samples["steps"]] == [5, 10]
    assert load.ceiling(load.steps(samples)) == (load.steps(samples)[1], None)
    samples = _climb([5, 10], {5: 151.0, 10: 30.0})
    assert [users for users, _ in samples["steps"]] == [5]
    saturation, passed = load.ceiling(load.steps(samples))
    assert saturation is None and passed.users == 5


def test_keep_going_runs_the_whole_plan_and_the_ceiling_is_still_the_last_step_within_the_goal():
    samples = _climb([10, 20, 40, 80], {10: 40.0, 20: 160.0, 40: 100.0, 80: 900.0}, keep_going=True)
    assert [users for users, _ in samples["steps"]] == [10, 20, 40, 80]
    saturation, passed = load.ceiling(load.steps(samples))
    assert (saturation.users, passed.users) == (10, 20)  # a later step back under the goal does not count
    section = load.render(load.steps(samples), _run(plan=[10, 20, 40, 80], keep_going=True))
    assert "every step was run (`--keep-going`)" in section and "the run stopped there" not in section
    assert "| The most requests/s of any step | 10.0 at 10 users (p95 40.0 ms) |" in section


def test_a_step_whose_sign_ins_never_finish_is_measured_after_the_patience_runs_out():
    samples = {"started": 0.0, "ready": [1.0] * 9, "steps": [], "requests": []}  # the tenth never signed in
    assert load.next_users(samples, [10, 20], 5.0, 0.0) == 10
    assert load.measured_from(samples, 10, 0.0, 30.0) is None
    assert (
        load.measured_from(samples, 10, 0.0, load.results.SIGN_IN_PATIENCE_S)
        == load.results.SIGN_IN_PATIENCE_S
    )
    assert load.next_users(samples, [10, 20], 5.0, load.results.SIGN_IN_PATIENCE_S + 4) == 10
    assert load.next_users(samples, [10, 20], 5.0, load.results.SIGN_IN_PATIENCE_S + 5) == 20


def test_the_steps_and_the_single_step_of_the_command_line():
    from etablera.benchmarks.load.run import _arguments

    args = _arguments([])
    assert args.steps == [int(u) for u in load.DEFAULT_STEPS.split(",")] and args.step_time == 60
    args = _arguments(["--users", "50", "--run-time", "90"])
    assert (args.steps, args.step_time) == ([50], 90)
    assert _arguments(["--steps", "5,10", "--step-time", "20"]).steps == [5, 10]
    for wrong in (["--steps", "10,5"], ["--steps", "0,5"], ["--steps", "a"], ["--run-time", "90"]):
        with pytest.raises(SystemExit):
            _arguments(wrong)


_MASTER = """
import subprocess, sys, time
small = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
large = subprocess.Popen([sys.executable, "-c", "b = bytearray(40 * 2**20); b[::4096] = b'x' * (len(b) // 4096); print(1, flush=True); import time; time.sleep(60)"], stdout=subprocess.PIPE)
large.stdout.readline()
print(small.pid, large.pid, flush=True)
time.sleep(60)
"""


def test_the_workers_memory_is_the_largest_child_of_the_master():
    import subprocess
    import sys

    import psutil

    # A stand-in for gunicorn: a master of its own with two workers, one holding 40 MB more than the other.
    master = subprocess.Popen([sys.executable, "-c", _MASTER], stdout=subprocess.PIPE, text=True)  # noqa: S603 — our own interpreter and code
    try:
        small_pid, large_pid = (int(pid) for pid in master.stdout.readline().split())
        small, large = (psutil.Process(pid).memory_info().rss / 2**20 for pid in (small_pid, large_pid))
        assert large > small + 30
        memory = load.WorkerMemory(master.pid, interval=0.05)
        with memory:
            while len(memory.samples) < 3:
                memory._stop.wait(0.05)
        # The larger worker, not the smaller one, nor the two together, nor the master.
        assert all(abs(mb - large) < 5 for _t, mb in memory.samples)
        assert all(mb > 40 for _t, mb in memory.samples)
        assert memory.sample() < 250
    finally:
        for process in psutil.Process(master.pid).children(recursive=True):
            process.kill()
        master.kill()
        master.wait()
    assert load.WorkerMemory(master.pid).sample() is None  # a master that has gone


def _run(**kwargs):
    return {
        "date": "2026-12-01 19:00 CET",
        "plan": [1, 2],
        "step_time": 10,
        "municipality": "Nyköping",
        "wait": "1–3",
        "workers": 4,
        "locust": "2.0",
        "cpu": "2 cores",
        "load_before": "1.00, 1.00, 1.00",
        "load_after": "2.00, 1.50, 1.00",
    } | kwargs


def test_the_section_reports_the_ceiling_and_the_memory():
    samples = _climb([10, 20, 40, 80], {10: 40.0, 20: 120.0, 40: 400.0, 80: 900.0})
    section = load.render(
        load.steps(samples, memory=[[5.0, 180.0], [30.0, 240.5]]), _run(plan=[10, 20, 40, 80])
    )
    assert "**10.0 requests/s** at 20 users (p95 120.0 ms)" in section
    assert "at 40 users: 10.0 requests/s, p95 **400.0 ms** — the run stopped there" in section
    assert "| Goal ≥ 100 requests/s | **not met** |" in section
    assert "240 MB — goal under 250 MB: met" in section  # 240.5 rounds to even
    assert "| 40 | 10 s | 100 | 10.0 | 10.0 | 400.0 | 0 | 240 MB | 240 MB | **no** |" in section
    assert "Per request at 20 users (the ceiling)" in section
    assert "**0 of 300**" in section


def test_the_section_has_its_own_markers_and_survives_the_bench_report(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(
        "# Performance\n\nOur words.\n\n" + report.MARKER + "\n\nbench results\n", encoding="utf-8"
    )
    section = load.render(load.steps(_samples()), _run(plan=[1]))
    assert "**2.2 requests/s** at 1 user (" in section and "**1 of 22**" in section
    assert (
        "| Largest gunicorn worker (resident memory, sampled every second, the measured windows) | not measured |"
        in section
    )
    load.write_section(path, section)
    load.write_section(path, section)  # a second run replaces its section, nothing else
    text = path.read_text(encoding="utf-8")
    assert text.count(load.BEGIN) == 1 and text.count(load.END) == 1
    assert text.index("Our words.") < text.index(load.BEGIN) < text.index(report.MARKER)
    assert "bench results" in text
    report.write(path, report.MARKER + "\n\nnew bench results\n")  # what make bench does
    text = path.read_text(encoding="utf-8")
    assert load.BEGIN in text and "new bench results" in text and text.count("bench results") == 1
