"""Social services' pages of the activity requirement (issue #13): the lists (/aktivitetskrav/) — covered now,
starting within 30 days, plans missing, attendance below plan last week, deviations to assess — with CSV and Excel;
the deviations with their assessment (/aktivitetskrav/avvikelser/); and the support months' import
(/aktivitetskrav/import/, preview then confirm: web/import_view.py).

Only staff of social services see these pages (403 for others); the selectors and services check again."""

from __future__ import annotations

from functools import wraps

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.guards import municipalities_where
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.activity.importers import support as importer
from etablera.activity.models import Deviation
from etablera.activity.selectors.requirement import (
    LISTS,
    deviation_for,
    deviations_for,
    explained,
    requirement_lists,
)
from etablera.activity.services.deviations import assess_deviation
from etablera.activity.web import requirement_forms as f
from etablera.activity.web.requirement_person import state_label
from etablera.reception.importers.base import safe_cell
from etablera.transitions import StateConflict
from etablera.web.exports import CONTENT_TYPES
from etablera.web.exports import safe_cell as export_cell
from etablera.web.forms import attach_errors
from etablera.web.import_view import ImportPage, file_rows
from etablera.web.pages import page


def social_services_required(view):
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).social_services_municipality_ids:
            raise PermissionDenied(_("Aktivitetskravet hanteras av socialtjänsten."))
        return view(request, *args, **kwargs)

    return wrapper


def _municipality(request):
    municipalities = municipalities_where(
        request.user, capabilities(request.user).social_services_municipality_ids
    )
    code = request.GET.get("kommun", "")
    chosen = next((m for m in municipalities if m.code == code), municipalities[0])
    return chosen, municipalities


def list_titles() -> dict[str, str]:
    return {
        "covered": _("Omfattas nu"),
        "soon": _("Börjar inom 30 dagar"),
        "plans_missing": _("Plan saknas"),
        "below_plan": _("Närvaro under plan förra veckan"),
        "deviations": _("Avvikelser att bedöma"),
    }


def _rows(data, chosen: str) -> list[dict]:
    """The chosen list as rows of the page and the export."""
    if chosen == "deviations":
        return [
            {
                "person": d.person,
                "deviation": d,
                "date": d.occurred_on,
                "what": d.get_kind_display(),
                "why": [d.description],
            }
            for d in data.deviations
        ]
    if chosen == "below_plan":
        return [
            {
                "person": b.row.person,
                "state": state_label(b.row.coverage.state),
                "date": b.row.coverage.starts_on,
                "why": explained(b.row),
                "planned": b.planned,
                "attended": b.attended,
                "hours": b.row.demanded_hours,
                "plan": b.row.plan,
            }
            for b in data.below_plan
        ]
    return [
        {
            "person": r.person,
            "state": state_label(r.coverage.state),
            "date": r.coverage.starts_on,
            "why": explained(r),
            "hours": r.demanded_hours,
            "plan": r.plan,
        }
        for r in getattr(data, chosen)
    ]


def _export(user, chosen, rows, data, municipality, fmt) -> HttpResponse:
    title = list_titles()[chosen]
    headers = [_("Namn"), _("Född"), _("Från"), _("Varför"), _("Krav, timmar i veckan"), _("Plan")]
    dataset = tablib.Dataset(headers=headers, title=title[:31])
    for row in rows:
        person = row["person"]
        values = (
            person.full_name,
            person.birth_date.isoformat() if person.birth_date else "",
            row["date"].isoformat() if row.get("date") else "",
            " ".join(row["why"]),
            str(row["hours"]) if row.get("hours") is not None else "",
            (_("Finns") if row.get("plan") else _("Saknas")) if chosen != "deviations" else "",
        )
        dataset.append([export_cell(value) for value in values])
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="SupportMonth",
        summary=f"Aktivitetskravet: {title} {data.as_of.isoformat()}, {len(rows)} personer, som {fmt}",
        municipality_code=municipality.code,
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="aktivitetskrav-{chosen}-{data.as_of.isoformat()}.{fmt}"'
    )
    return response


@social_services_required
@require_GET
def activity_requirement(request):
    municipality, municipalities = _municipality(request)
    chosen = request.GET.get("lista", "covered")
    if chosen not in LISTS:
        chosen = "covered"
    data = requirement_lists(request.user, municipality.pk)
    rows = _rows(data, chosen)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(request.user, chosen, rows, data, municipality, fmt)
    counts = data.counts()
    titles = list_titles()
    return page(
        request,
        "activity/requirement/lists.html",
        {
            "data": data,
            "municipality": municipality,
            "municipalities": municipalities,
            "chosen": chosen,
            "title": titles[chosen],
            "tabs": [(name, titles[name], counts[name]) for name in LISTS],
            "rows": rows,
        },
        nav="activity_requirement",
    )


@social_services_required
@require_GET
def activity_deviations(request):
    municipality, municipalities = _municipality(request)
    status = request.GET.get("status", "")
    if status not in Deviation.Status.values:
        status = ""
    deviations = deviations_for(request.user, municipality.pk, status)
    return _deviations_page(request, municipality, municipalities, deviations, status)


def _deviations_page(request, municipality, municipalities, deviations, status, bound=None, status_code=200):
    forms = {d.pk: f.AssessForm(prefix=f"bedom-{d.public_id}") for d in deviations if d.status == "TO_ASSESS"}
    if bound is not None:
        forms[bound[0]] = bound[1]
    return page(
        request,
        "activity/requirement/deviations.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "rows": [(d, forms.get(d.pk)) for d in deviations],
            "status": status,
            "statuses": Deviation.Status.choices,
        },
        nav="activity_requirement",
        status=status_code,
    )


@social_services_required
@require_POST
def activity_deviation_assess(request, public_id):
    deviation = deviation_for(request.user, public_id)
    form = f.AssessForm(request.POST, prefix=f"bedom-{deviation.public_id}")
    back = reverse("activity_deviations") + f"#avvikelse-{deviation.public_id}"
    if form.is_valid():
        try:
            assess_deviation(request.user, deviation, **form.cleaned_data)
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect(back)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(
                request,
                _("Avvikelsen är bedömd.")
                if form.cleaned_data["status"] == Deviation.Status.ACCEPTABLE
                else _(
                    "Avvikelsen är lämnad till beslut. Beslutet fattas av en handläggare i socialtjänstens "
                    "verksamhetssystem, inte i Etablera."
                ),
            )
            return redirect(back)
    municipality, municipalities = _municipality(request)
    if deviation.municipality_id != municipality.pk:
        raise Http404
    deviations = deviations_for(request.user, municipality.pk)
    return _deviations_page(
        request, municipality, municipalities, deviations, "", bound=(deviation.pk, form), status_code=422
    )


# --- the import ----------------------------------------------------------------------------------------------------


class SupportImport(ImportPage):
    template, nav = "activity/requirement/import.html", "activity_requirement"
    session_key, url_name = "etablera_support_import", "activity_support_import"
    done = gettext_lazy(
        "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade månader."
    )

    def run(self, request, data, kept, *, dry_run):
        return importer.import_file(data, actor=request.user, dry_run=dry_run)

    def preview(self, data, kept):
        return file_rows(importer.read(data), ("month", "amount"), safe_cell)


IMPORT_PAGE = SupportImport()


@social_services_required
@require_http_methods(["GET", "POST"])
def activity_support_import(request):
    return IMPORT_PAGE.handle(request)
