"""Uppföljning av åtkomstloggen: the log review with flags and export, a person's printable access history, the
register extract, the break-glass review list, and the gallring dry run for administrators.

The reads are in etablera/access/review.py, extract.py and gallring.py, the writes in access/services.py and
access/register_extract.py (producing an extract, with its reason); these views parse the request and render. A
person is chosen by POST with an identity number, or by public id from a link — never a personnummer or a name in
the URL.
"""

from __future__ import annotations

import json
from functools import wraps
from urllib.parse import urlencode

import tablib
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access import gallring, review
from etablera.access import pdf as pdf_documents
from etablera.access import services as access_services
from etablera.access.audit import log_change, log_event, log_read
from etablera.access.extract import extract_pdf
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.access.register_extract import (
    MAX_REASON_LENGTH,
    find_person_for_extract,
    get_person_for_extract,
    may_produce,
    produce_extract,
    produced_extracts,
)
from etablera.access.sections import Section
from etablera.rules.parameters import parameter_value
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.forms import DateInput, attach_errors, mark_required
from etablera.web.pages import page


def reviewer_required(view):
    """Pages for the log review: unit managers and administrators, for their own municipalities."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not review.is_reviewer(request.user):
            raise PermissionDenied(_("Åtkomstloggen följs upp av enhetschefer och administratörer."))
        return view(request, *args, **kwargs)

    return wrapper


def _administrator_required(view):
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).is_administrator:
            raise PermissionDenied(_("Gallring hanteras av kommunens administratörer."))
        return view(request, *args, **kwargs)

    return wrapper


# --- forms ------------------------------------------------------------------------------------------------------


class LogFilterForm(forms.Form):
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)
    user = forms.ModelChoiceField(
        label=gettext_lazy("Användare"), queryset=None, required=False, empty_label=gettext_lazy("Alla")
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Enhet"), queryset=None, required=False, empty_label=gettext_lazy("Alla")
    )
    date_from = forms.DateField(label=gettext_lazy("Från och med"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Till och med"), required=False, widget=DateInput())
    action = forms.ChoiceField(label=gettext_lazy("Händelse"), required=False)
    flagged = forms.BooleanField(label=gettext_lazy("Endast flaggade"), required=False)

    def __init__(self, *args, reviewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = review.reviewer_users(reviewer)
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["unit"].queryset = review.reviewer_units(reviewer)
        self.fields["action"].choices = [("", _("Alla")), *AuditEvent.Action.choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Slutdatum kan inte vara före startdatum."))
        return cleaned


class PersonLookupForm(forms.Form):
    prefix = "person"
    identity_number = forms.CharField(
        label=gettext_lazy("Identitetsnummer"),
        max_length=20,
        help_text=gettext_lazy(
            "Personnummer, samordningsnummer eller dossiernummer. Skickas inte i adressen."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class RegisterExtractForm(forms.Form):
    prefix = "utdrag"
    reason = forms.CharField(
        label=gettext_lazy("Skäl eller diarienummer"),
        max_length=MAX_REASON_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy(
            "Till exempel diarienumret för personens begäran. Sparas i åtkomstloggen tillsammans med ditt namn."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "reason")  # checked by the service, so that its message is the one shown


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Granskningsanteckning"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- the log review ---------------------------------------------------------------------------------------------


def _filter_from(request, form: LogFilterForm) -> review.LogFilter:
    data = form.cleaned_data
    person = review.get_person_for_review(request.user, data["person"]) if data.get("person") else None
    return review.LogFilter(
        person=person,
        user_id=data["user"].pk if data.get("user") else None,
        unit_id=data["unit"].pk if data.get("unit") else None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        action=data.get("action") or "",
        only_flagged=bool(data.get("flagged")),
    )


def _query(request, **changes) -> str:
    params = {key: value for key, value in request.GET.items() if key not in ("page", "format")}
    params.update({key: value for key, value in changes.items() if value is not None})
    return urlencode(params)


@reviewer_required
@require_http_methods(["GET", "POST"])
def access_log(request):
    lookup = PersonLookupForm(request.POST or None)
    if request.method == "POST" and lookup.is_valid():
        person = review.find_person_by_number(request.user, lookup.cleaned_data["identity_number"])
        if person is not None:
            return redirect(f"{reverse('access_log')}?{urlencode({'person': person.public_id})}")
        lookup.add_error("identity_number", _("Ingen person med det numret finns i din kommun."))
    form = LogFilterForm(request.GET or None, reviewer=request.user)
    log_filter = _filter_from(request, form) if form.is_valid() else review.LogFilter()
    if not form.is_bound:
        form = LogFilterForm(reviewer=request.user)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES and (form.is_valid() or not form.is_bound):
        return _export(request, log_filter, fmt)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    result = review.review_page(request.user, log_filter, page=page_number)
    for row in result.rows:
        if row.person is not None:
            row.person_query = _query(request, person=row.person.public_id)
    return page(
        request,
        "access/log.html",
        {
            "form": form,
            "lookup": lookup,
            "result": result,
            "person": log_filter.person,
            "may_produce_extract": log_filter.person is not None
            and may_produce(request.user, log_filter.person),
            "previous_query": _query(request, page=result.page - 1) if result.page > 1 else "",
            "next_query": _query(request, page=result.page + 1) if result.page < result.pages else "",
            "downloads": [(f.upper(), _query(request, format=f)) for f in ("csv", "xlsx")],
            "clear_person_query": urlencode(
                {k: v for k, v in request.GET.items() if k not in ("person", "page", "format")}
            ),
            "many_count": parameter_value("log_review.many_persons_count", timezone.localdate()),
            "many_minutes": parameter_value("log_review.many_persons_minutes", timezone.localdate()),
        },
        nav="access_log",
    )


def _export(request, log_filter: review.LogFilter, fmt: str) -> HttpResponse:
    rows = review.export_rows(request.user, log_filter)
    headers = [
        _("Tid"),
        _("Användare"),
        _("Användarnamn"),
        _("Enhet"),
        _("Händelse"),
        _("Post"),
        _("Person (publikt id)"),
        _("Hushåll (publikt id)"),
        _("Kanal"),
        _("Grund för åtkomst"),
        _("Flaggor"),
    ]
    dataset = tablib.Dataset(headers=headers, title=_("Åtkomstlogg"))
    for row in rows:
        event = row.event
        values = (
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_full_name_then,  # as the account was named then
            event.actor_name,
            ", ".join(row.units),
            event.get_action_display(),
            row.object_label,
            str(event.person_public_id or ""),
            str(event.household_public_id or ""),
            event.get_channel_display(),
            row.basis_label,
            ", ".join(str(label) for label in row.flag_labels),
        )
        dataset.append([safe_cell(str(value)) for value in values])
    start, end = log_filter.period(timezone.localdate())
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="atkomstlogg-{start}-{end}.{fmt}"'
    municipalities = review.reviewer_municipalities(request.user)
    described = log_filter.describe()
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="AccessLog",
        summary=f"Logguppföljning som {fmt}: {len(rows)} händelser {start}–{end}"
        + (f" ({described})" if described else ""),
        municipality_code=municipalities[0].code if len(municipalities) == 1 else "",
    )
    return response


# --- a person's access history ------------------------------------------------------------------------------------


@reviewer_required
@require_GET
def access_history(request, public_id):
    person = review.get_person_for_review(request.user, public_id)
    if request.GET.get("format") == "pdf":
        with translation.override("sv"):  # the person's copy is in Swedish, whatever the reviewer reads
            content = _history_pdf(person, *review.access_history(request.user, person))
        log_change(request.user, AuditEvent.Action.EXPORT, person, "Åtkomsthistorik (PDF)")
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="atkomsthistorik-{timezone.localdate()}.pdf"'
        return response
    rows, cut_off = review.access_history(request.user, person)
    log_read(request.user, person, "Åtkomsthistorik för utlämnande")
    return page(
        request,
        "access/history.html",
        {"person": person, "rows": rows, "cut_off": cut_off, "printed": timezone.localtime()},
        nav="access_log",
    )


def _history_pdf(person, rows, cut_off) -> bytes:
    blocks: list[pdf_documents.Block] = [
        pdf_documents.Facts(
            [
                ("Namn", person.full_name),
                ("Kommun", person.municipality.name),
                ("Utskriven", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
            ]
        ),
        pdf_documents.Paragraph(
            "Här står vem som har läst eller ändrat uppgifter om dig och ditt hushåll i Etablera, när det hände "
            "och vad det gällde. Den senaste händelsen står först."
        ),
    ]
    if rows:
        blocks.append(
            pdf_documents.Table(
                ["När", "Vem", "Enhet", "Vad"],
                [
                    [
                        row.at.strftime("%Y-%m-%d %H:%M"),
                        row.who,
                        ", ".join(row.units),
                        row.what + (" (nödåtkomst)" if row.break_glass else ""),
                    ]
                    for row in rows
                ],
                [18, 22, 25, 35],
            )
        )
    else:
        blocks.append(pdf_documents.Paragraph("Ingen har läst eller ändrat uppgifter om dig."))
    if cut_off:
        blocks.append(
            pdf_documents.Paragraph(
                f"Listan visar de {len(rows)} senaste händelserna. Kontakta kommunen för hela historiken.",
                small=True,
            )
        )
    blocks.append(
        pdf_documents.Paragraph(
            "Har du frågor om någon av händelserna, kontakta kommunen. Du kan också begära ett registerutdrag "
            "med alla uppgifter som finns om dig.",
            small=True,
        )
    )
    return pdf_documents.render("Vem har läst om dig? Åtkomsthistorik från Etablera", blocks)


# --- register extract ---------------------------------------------------------------------------------------------


@login_required
@never_cache  # the file is the data subject's: no copy in a cache
@require_http_methods(["GET", "POST"])
def register_extract(request, public_id):
    """A form for the reason; the POST answers with the file as a download. No page shows what the file holds:
    the page lists only the extracts produced (when, by whom, why)."""
    person = get_person_for_extract(request.user, public_id)
    form = RegisterExtractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fmt = request.POST.get("format", "pdf")
        try:
            data = produce_extract(
                actor=request.user, person=person, reason=form.cleaned_data["reason"], fmt=fmt
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            return _extract_file(data, fmt)
    log_read(request.user, person, "Registerutdrag: skäl anges")
    return page(
        request,
        "access/extract.html",
        {
            "person": person,
            "form": form,
            "produced": produced_extracts(person),
            "is_reviewer": review.is_reviewer(request.user),
        },
        nav="register_extract",
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_extract_lookup(request):
    """The registrar's way in from a data subject's request: the identity number by POST (never in a URL), then the
    person's extract page. 403 without the authorisation (access/register_extract.py)."""
    lookup = PersonLookupForm(request.POST or None)
    if request.method == "POST" and lookup.is_valid():
        person = find_person_for_extract(request.user, lookup.cleaned_data["identity_number"])
        if person is not None:
            return redirect("register_extract", public_id=person.public_id)
        lookup.add_error("identity_number", _("Ingen person med det numret finns i din kommun."))
    elif request.method == "GET":
        find_person_for_extract(request.user, "")  # refuses those without the authorisation
    return page(request, "access/extract_lookup.html", {"lookup": lookup}, nav="register_extract")


def _extract_file(data, fmt: str) -> HttpResponse:
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(extract_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{timezone.localdate()}.{fmt}"'
    return response


# --- break-glass review -----------------------------------------------------------------------------------------


@reviewer_required
@require_GET
def break_glass_review(request):
    waiting = review.break_glass_for_review(request.user)
    reviewed = review.break_glass_for_review(request.user, reviewed=True, limit=50)
    return page(
        request,
        "access/break_glass.html",
        {"waiting": waiting, "reviewed": reviewed, "now": timezone.now()},
        nav="break_glass",
    )


@reviewer_required
@require_POST
def break_glass_mark_reviewed(request, access_id):
    grant = review.get_break_glass_for_review(request.user, access_id)
    form = ReviewNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        access_services.review_break_glass(actor=request.user, access=grant, note=note)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Nödåtkomsten är markerad som granskad."))
    return redirect("break_glass_review")


# --- gallring -----------------------------------------------------------------------------------------------------


@_administrator_required
@require_GET
def retention_dry_run(request):
    caps = capabilities(request.user)
    result = gallring.plan(municipality_ids=caps.admin_municipality_ids)
    counts = result.counts()
    return page(
        request,
        "access/gallring.html",
        {
            "result": result,
            "counts": counts,
            "notes": [(section.label, counts["notes"][section.value]) for section in Section],
            "kept": [(gallring.KEPT_LABELS.get(k, k), n) for k, n in counts["kept_households"].items()],
        },
        nav="gallring",
    )
