"""Matching for many municipalities at once as background work (issue #18): the "housing_matching" kind of
etablera/background/, registered when the app is ready (apps.py). A housing officer of several municipalities (a
county's coordinator) starts it from the matching page; the worker runs the same matching the page runs for one
municipality (matching_services.run_matching, one run and its audit events per municipality), as the user who
started it, one municipality after another. Each run's proposals are then on the matching page, as always; the
job's page lists the runs (figures only, no household)."""

from __future__ import annotations

import json

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.policy import capabilities
from etablera.background import registry
from etablera.housing import matching_services
from etablera.housing.models import MatchRun
from etablera.organisation.models import Municipality

KIND = "housing_matching"


def parameters(municipalities) -> dict:
    return {"kommuner": sorted(municipality.code for municipality in municipalities)}


def may_read(user, parameters: dict) -> bool:
    """The matching page's rule: housing work in every municipality of the job."""
    codes = set(parameters.get("kommuner") or ())
    ids = capabilities(user).housing_municipality_ids
    if not codes or not ids:
        return False
    return codes <= set(
        Municipality.objects.filter(pk__in=ids, code__in=codes).values_list("code", flat=True)
    )


def run(job, progress: registry.Progress) -> registry.Result:
    municipalities = list(Municipality.objects.filter(code__in=job.parameters["kommuner"]).order_by("name"))
    steps = len(municipalities)
    runs = []
    for step, municipality in enumerate(municipalities):
        progress(step, steps, _("Matchning i %(name)s") % {"name": municipality.name})
        run = matching_services.run_matching(actor=job.requested_by, municipality=municipality)
        runs.append(run.pk)
    progress(steps, steps, _("Klart"))
    return json.dumps({"runs": runs}).encode(), "matchning.json", "application/json"


def describe(parameters: dict) -> str:
    count = len(parameters.get("kommuner") or ())
    return _("%(n)s kommuner") % {"n": count}


def show(user, job) -> dict:
    """The runs the job made, each with its municipality, its counts and its proposals' number."""
    ids = json.loads(bytes(job.result).decode())["runs"]
    runs = (
        MatchRun.objects.filter(pk__in=ids)
        .select_related("municipality")
        .annotate(proposal_count=Count("proposals"))
        .order_by("municipality__name")
    )
    return {"runs": list(runs)}


def log_download(user, job) -> None:
    """Never called: the runs are shown on the job's page (there is no file); each run logged itself."""


def register() -> None:
    registry.register(
        KIND,
        run,
        gettext_lazy("Matchning för flera kommuner"),
        may_read=may_read,
        log_download=log_download,
        describe=describe,
        template="housing/matching_job_result.html",
        show=show,
    )
