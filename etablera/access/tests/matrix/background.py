"""The rows for background work (issue #18): the board report's PDF started in the background, and a job's page,
status and file. The job asked about is the administrator's (the matrix's only role with the report's figures), so
for every other role it does not exist (404) — the county board's too; the anonymous are sent to sign in."""

from __future__ import annotations

import functools
import uuid

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, expect, page

FIGURES_POST = expect(403, admin=302, anonymous=302)
OWN_JOB = expect(404, admin=200, anonymous=302)
JOB_ID = uuid.UUID("6a0b7a4e-1f0e-4c41-9d8e-000000000018")  # fixed: the row's URL is asked for more than once


@functools.cache
def _pdf() -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="Rapport till namnden 2025")
    return bytes(doc.output())


def _job(w) -> str:
    """The administrator's finished board report (made inside the row's savepoint, rolled back with it)."""
    from etablera.background.models import Job

    now = timezone.now()
    Job.objects.get_or_create(
        public_id=JOB_ID,
        defaults={
            "kind": "board_report",
            "requested_by": w.users["admin"],
            "parameters": {"kommun": "0480", "ar": 2025},
            "status": Job.Status.DONE,
            "step": 1,
            "steps": 1,
            "started_at": now,
            "finished_at": now,
            "result": _pdf(),
            "result_name": "rapport-0480-2025.pdf",
            "result_type": "application/pdf",
        },
    )
    return f"/bakgrund/{JOB_ID}/"


ROWS: list[Case] = [
    page(
        "followup_board_report_start",
        lambda w: "/uppfoljning/rapport/skapa/",
        FIGURES_POST,
        method="post",
        body=lambda w: {"kommun": "0480", "ar": "2025"},
    ),
    page("background_job", _job, OWN_JOB),
    page("background_job_status", lambda w: _job(w) + "status/", OWN_JOB),
    page("background_job_file", lambda w: _job(w) + "fil/", OWN_JOB),
    # The worker's schedule: administrators only (no personal data on it, but nothing for anyone else either).
    page("background_schedule", lambda w: "/bakgrund/schema/", expect(403, admin=200, anonymous=302)),
]
