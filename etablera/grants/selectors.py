"""The reads of grants, each from `restrict()`: staff see the programmes and confirmed applications of the
municipalities where they work with civil society (the rule is grants/visibility.py); anything else is "not found"
(404), as missing. Reading an application — it names a contact person — is logged. The public sees only an open
programme's name, criteria and period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, restrict
from etablera.grants import visibility
from etablera.grants.models import Application, GrantProgramme

Status = Application.Status


def open_programmes(today: dt.date):
    return (
        GrantProgramme.objects.filter(
            status=GrantProgramme.Status.OPEN, opens_on__lte=today, closes_on__gte=today
        )
        .only("public_id", "name", "criteria", "opens_on", "closes_on")
        .order_by("closes_on", "name")
    )


def open_programme(public_id, today: dt.date) -> GrantProgramme:
    programme = (
        open_programmes(today)
        .filter(public_id=public_id)
        .only(
            "public_id",
            "name",
            "criteria",
            "opens_on",
            "closes_on",
            "extra_fields",
            "status",
            "municipality_id",
        )
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def programmes_for_user(user):
    return (
        restrict(user, GrantProgramme.objects.all())
        .select_related("municipality", "funding_year")
        .annotate(
            applications_count=Count("applications", filter=~Q(applications__confirmed_at=None)),
            granted_sum=Sum(
                "applications__amount_granted",
                filter=Q(applications__status__in=(Status.GRANTED, Status.PAID, Status.REPORTED)),
            ),
        )
    )


def get_programme_for_user(user, public_id) -> GrantProgramme:
    programme = programmes_for_user(user).filter(public_id=public_id).first()
    if programme is None:
        raise Http404
    return programme


def applications_for(user, programme: GrantProgramme, *, log: bool = True):
    """The confirmed applications of a programme the user may see (an unconfirmed one is not yet a case)."""
    if not visibility.handles(capabilities(user), programme.municipality_id):
        raise Http404
    rows = list(
        restrict(user, Application.objects.filter(programme=programme))
        .select_related("association", "municipality")
        .order_by("reference")
    )
    for row in rows:
        row.programme = programme  # every row is the programme's: not a query per row to read it again
    if log:
        log_list(user, rows, f"Ansökningar {programme.name}")
    return rows


def get_application_for_user(user, public_id) -> Application:
    application = (
        restrict(user, Application.objects.filter(public_id=public_id))
        .select_related("programme", "association", "municipality", "decided_by", "assessed_by")
        .first()
    )
    if application is None:
        raise Http404
    log_read(user, application, f"Ansökan {application.reference}")
    return application


@dataclass
class ReportRow:
    programme: str
    association: str
    decided: int = 0
    granted: int = 0
    paid: int = 0
    reported: int = 0
    late: int = 0
    money_used: int = 0
    participants: int = 0


@dataclass
class Report:
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def totals(self) -> ReportRow:
        total = ReportRow(programme="", association="")
        for row in self.rows:
            for name in ("decided", "granted", "paid", "reported", "late", "money_used", "participants"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def decided_and_reported(user, municipality_ids=None) -> Report:
    """Per programme and association: decisions (count), granted, paid and money used (sums), report backs in and
    late (counts). No person: the contact persons are not read."""
    decided = restrict(user, Application.objects.filter(decided_at__isnull=False))
    if municipality_ids is not None:
        decided = decided.filter(municipality_id__in=municipality_ids)
    today = timezone.localdate()
    rows: dict[tuple, ReportRow] = defaultdict(lambda: ReportRow("", ""))
    decided = decided.select_related("programme")
    for application in decided.only(
        "programme__name",
        "association_name",
        "status",
        "amount_granted",
        "paid_amount",
        "report_money_used",
        "report_participants",
        "report_deadline",
        "report_submitted_at",
    ):
        key = (application.programme.name, application.association_name)
        row = rows[key]
        row.programme, row.association = key
        row.decided += 1
        row.granted += application.amount_granted or 0
        row.paid += application.paid_amount or 0
        row.money_used += application.report_money_used or 0
        if application.report_submitted_at:
            row.reported += 1
            row.participants += application.participant_total()
        deadline = application.report_deadline
        if deadline and (
            (
                application.report_submitted_at
                and timezone.localdate(application.report_submitted_at) > deadline
            )
            or (
                not application.report_submitted_at
                and application.status in (Status.GRANTED, Status.PAID)
                and today > deadline
            )
        ):
            row.late += 1
    return Report(rows=sorted(rows.values(), key=lambda r: (r.programme, r.association)))
