"""A finished job and its file are kept `background.result_days` (7) days, then `etablera gallring` removes them; a
job queued or running that long was abandoned and goes too."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from etablera.background import gallring
from etablera.background.models import Job
from etablera.rules.background import result_days

pytestmark = pytest.mark.django_db


def _job(user, status, *, finished_days_ago=None, created_days_ago=0):
    now = timezone.now()
    return Job.objects.create(
        kind="board_report",
        requested_by=user,
        status=status,
        created_at=now - dt.timedelta(days=created_days_ago),
        finished_at=None if finished_days_ago is None else now - dt.timedelta(days=finished_days_ago),
        result=b"%PDF" if status == Job.Status.DONE else None,
    )


def test_the_period_is_a_dated_parameter(today):
    assert result_days(today) == 7


def test_gallring_removes_the_old_jobs_and_keeps_the_recent(stina):
    old = _job(stina, Job.Status.DONE, finished_days_ago=8, created_days_ago=8)
    failed = _job(stina, Job.Status.FAILED, finished_days_ago=10, created_days_ago=10)
    abandoned = _job(stina, Job.Status.RUNNING, created_days_ago=9)
    recent = _job(stina, Job.Status.DONE, finished_days_ago=6, created_days_ago=9)
    running = _job(stina, Job.Status.RUNNING, created_days_ago=1)

    out = io.StringIO()
    call_command("gallring", "--dry-run", stdout=out)
    assert "Bakgrundsjobb med sina filer som raderas: 3" in out.getvalue()
    assert Job.objects.count() == 5
    later = timezone.localdate() + dt.timedelta(days=2)
    assert gallring.plan(later) == 4  # the recent one's time is up too, two days on

    out = io.StringIO()
    call_command("gallring", "--execute", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["background_jobs"] == 3
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not Job.objects.filter(pk__in=[old.pk, failed.pk, abandoned.pk]).exists()
