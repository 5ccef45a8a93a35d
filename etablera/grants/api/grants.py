"""Grants over the API (issue #17), for staff of civil society only: programmes and applications, read. The same
selectors as the pages under /civilsamhallet/bidrag/: a programme or application of another municipality is 404,
a user who does not work with civil society gets 403. Reading an application's detail is logged."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Path, Query, Router

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import Message
from etablera.grants import selectors, visibility
from etablera.grants.api.schemas import GrantApplicationDetailOut, GrantApplicationOut, GrantProgrammeOut
from etablera.grants.services.decisions import granted_total

router = Router(tags=["grants"])
READ_ERRORS = {403: Message, 404: Message}
ProgrammeId = Annotated[UUID, Path(description="Programmets id.")]
ApplicationId = Annotated[UUID, Path(description="Ansökans id.")]


def _user(request):
    user = current_user(request)
    if not visibility.handled_municipality_ids(capabilities(user)):
        raise PermissionDenied("Bidragen handläggs av integrationsenheten och kultur och fritid.")
    return user


def programme_dict(programme) -> dict:
    return {
        "id": programme.public_id,
        "municipality": programme.municipality.code,
        "name": programme.name,
        "status": programme.status,
        "criteria": programme.criteria,
        "budget": programme.budget,
        "granted": programme.granted_sum or 0
        if hasattr(programme, "granted_sum")
        else granted_total(programme),
        "opens_on": programme.opens_on,
        "closes_on": programme.closes_on,
        "funding_year": programme.funding_year.year if programme.funding_year else None,
        "extra_fields": programme.extra_fields,
    }


def application_dict(application, *, detail: bool = False) -> dict:
    data = {
        "id": application.public_id,
        "programme": application.programme.public_id,
        "reference": application.reference,
        "association_name": application.association_name,
        "organisation_number": application.organisation_number,
        "association": application.association.public_id if application.association else None,
        "status": application.status,
        "amount_applied": application.amount_applied,
        "amount_granted": application.amount_granted,
        "decided_at": application.decided_at,
        "paid_on": application.paid_on,
        "paid_amount": application.paid_amount,
        "report_deadline": application.report_deadline,
        "report_submitted_at": application.report_submitted_at,
        "late": application.is_late,
    }
    if detail:
        for name in (
            "contact_name",
            "contact_email",
            "contact_phone",
            "description",
            "answers",
            "decision_reasons",
            "conditions",
            "report_text",
            "report_participants",
            "report_money_used",
        ):
            data[name] = getattr(application, name)
    return data


@router.get(
    "/grants/programmes",
    response={200: page_of(GrantProgrammeOut), 403: Message},
    summary="Bidragsprogram",
    description="Bidragsprogrammen i de kommuner där du arbetar med civilsamhället, nyast först. 403 om du inte "
    "arbetar med civilsamhället.",
)
def list_programmes(request, paging: Query[Paging]):
    user = _user(request)
    queryset = selectors.programmes_for_user(user).order_by("-opens_on", "pk")
    items = [programme_dict(p) for p in queryset[paging.offset : paging.offset + paging.limit]]
    return page(items, queryset.count(), paging)


@router.get(
    "/grants/programmes/{programme_id}",
    response={200: GrantProgrammeOut, **READ_ERRORS},
    summary="Ett bidragsprogram",
    description="Programmet med budget och beviljat hittills. 404 om det inte finns eller hör till en annan kommun.",
)
def get_programme(request, programme_id: ProgrammeId):
    return programme_dict(selectors.get_programme_for_user(_user(request), programme_id))


@router.get(
    "/grants/programmes/{programme_id}/applications",
    response={200: page_of(GrantApplicationOut), **READ_ERRORS},
    summary="Ett programs ansökningar",
    description="De bekräftade ansökningarna till programmet efter diarienummer, med beslut, utbetalning och "
    "återrapport (utan kontaktperson). 404 om programmet inte finns eller hör till en annan kommun.",
)
def list_applications(request, programme_id: ProgrammeId, paging: Query[Paging]):
    user = _user(request)
    programme = selectors.get_programme_for_user(user, programme_id)
    rows = selectors.applications_for(user, programme)
    items = [application_dict(a) for a in rows[paging.offset : paging.offset + paging.limit]]
    return page(items, len(rows), paging)


@router.get(
    "/grants/applications/{application_id}",
    response={200: GrantApplicationDetailOut, **READ_ERRORS},
    summary="En ansökan om bidrag",
    description="Ansökan med kontaktperson, svar, beslut, utbetalning och återrapport; läsningen loggas. 404 om den "
    "inte finns, inte är bekräftad eller hör till en annan kommun.",
)
def get_application(request, application_id: ApplicationId):
    return application_dict(selectors.get_application_for_user(_user(request), application_id), detail=True)
