"""The locust side of `make load` (etablera/benchmarks/load/run.py starts it): caseworkers of the benchmark
municipality who sign in through the login form and then work through the request mix in load/mix.py, added in
steps by the load shape (`SteppedLoad`, whose decisions are load/results.next_users) until a step's 95th
percentile passes the goal.

Runs in locust's own process (gevent), so it imports nothing of Django: what it needs comes in the JSON file
ETABLERA_LOAD_CONFIG names. Every request's time goes to the samples file at the end, so that load/results.py
computes the percentiles from the raw times (locust's own statistics round them).
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, events

from etablera.benchmarks.load.mix import RECEPTION_MIX, SFI_MIX, Caseworker, Reply, Settings, login
from etablera.benchmarks.load.results import next_users

_CONFIG = os.environ.get("ETABLERA_LOAD_CONFIG")
SETTINGS = Settings.from_json(Path(_CONFIG).read_text(encoding="utf-8")) if _CONFIG else None
_low, _high = (float(x) for x in os.environ.get("ETABLERA_LOAD_WAIT", "1-3").split("-"))
_PLAN = [int(x) for x in os.environ.get("ETABLERA_LOAD_STEPS", "50").split(",")]
_MEASURE_S = float(os.environ.get("ETABLERA_LOAD_STEP_TIME", "60"))
_SPAWN_RATE = float(os.environ.get("ETABLERA_LOAD_SPAWN_RATE", "10"))
_KEEP_GOING = os.environ.get("ETABLERA_LOAD_KEEP_GOING") == "1"

# "ready": when each sign-in finished; "steps": [users, when] as the shape began them (load/results.py reads both).
_samples: dict = {"started": None, "stopped": None, "ready": [], "steps": [], "requests": []}


class LocustSession:
    """load.mix.Session over locust's HTTP client: no redirects followed (a redirect to the login page is an
    error), and any status other than the expected one counts as a failure."""

    def __init__(self, client) -> None:
        self.client = client

    def _request(self, method: str, kind: str, path: str, expect: int = 200, **kwargs) -> Reply:
        with self.client.request(
            method, path, name=kind, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code}")
            return Reply(response.status_code, response.text or "")

    def get(self, kind, path, params=None, headers=None) -> Reply:
        return self._request("GET", kind, path, params=params, headers=headers)

    def post(self, kind, path, form=None, json_body=None, headers=None, expect=200) -> Reply:
        return self._request("POST", kind, path, expect=expect, data=form, json=json_body, headers=headers)


def _tasks(mix):
    def wrap(function):
        def task(user):
            function(user.caseworker)

        task.__name__ = function.__name__
        return task

    return {wrap(function): weight for function, weight in mix.items()}


class _Caseworker(HttpUser):
    abstract = True
    wait_time = between(_low, _high)
    username = ""

    def on_start(self) -> None:
        self.caseworker = Caseworker(LocustSession(self.client), SETTINGS, rng=random.Random())  # noqa: S311 — which page to open next, not a secret
        login(self.caseworker, getattr(SETTINGS, self.username))
        _samples["ready"].append(time.time())  # a step is measured once all its users are in (results.py)


class ReceptionCaseworker(_Caseworker):
    weight = 4  # load/run.py's report counts the users by these weights
    username = "reception_user"
    tasks = _tasks(RECEPTION_MIX)


class SfiCaseworker(_Caseworker):
    weight = 1
    username = "sfi_user"
    tasks = _tasks(SFI_MIX)


class SteppedLoad(LoadTestShape):
    """The users in steps (ETABLERA_LOAD_STEPS, each measured ETABLERA_LOAD_STEP_TIME seconds once its users have
    signed in), stopping after the first step whose 95th percentile passes the goal: results.next_users decides."""

    def tick(self):
        users = next_users(_samples, _PLAN, _MEASURE_S, time.time(), keep_going=_KEEP_GOING)
        return None if users is None else (users, _SPAWN_RATE)


@events.test_start.add_listener
def _started(**_kwargs) -> None:
    _samples["started"] = time.time()


@events.request.add_listener
def _request(name, response_time, exception, start_time=None, **_kwargs) -> None:
    _samples["requests"].append([name, response_time, exception is None, start_time or time.time()])


@events.test_stop.add_listener
def _stopped(**_kwargs) -> None:
    _samples["stopped"] = time.time()
    if SETTINGS and SETTINGS.samples:
        Path(SETTINGS.samples).write_text(json.dumps(_samples), encoding="utf-8")
