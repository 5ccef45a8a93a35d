"""The pages associations use, with no account (issue #17): the open programmes, the application form, the
confirmation of an application by the link in its e-mail, and the report back by the link in the decision. They show
nothing from the register; a link that does not work gets the same plain page whatever the reason. The list, the
form and its thanks page are also in easy Swedish, `?lang=lattsvenska` (web/easy.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from etablera.grants import selectors
from etablera.grants.services import public
from etablera.grants.web import easy as easy_swedish
from etablera.grants.web.forms import ApplicationForm, ReportForm
from etablera.rules.grants import age_bands, application_limit
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page
from etablera.web.throttle import allow

SCOPE = "grants.application"


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _invalid_link(request):
    return page(request, "grants/public/invalid_link.html", status=404)


def _applied(easy: bool):
    """The thanks page, in easy Swedish after the easy form."""
    url = reverse("grants_applied")
    return redirect(f"{url}?lang={easy_swedish.EASY}" if easy else url)


@require_GET
def programme_list(request):
    today = timezone.localdate()
    context = {"programmes": selectors.open_programmes(today), "easy_swedish": easy_swedish.use(request)}
    return page(request, "grants/public/list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, public_id):
    today = timezone.localdate()
    programme = selectors.open_programme(public_id, today)
    easy = easy_swedish.use(request)
    form = ApplicationForm(request.POST or None, programme=programme, easy=easy)
    context = {"programme": programme, "form": form, "easy_swedish": easy}
    status = 200
    if request.method == "POST":
        if form.is_bot:
            # A bot is told what a person is told, and nothing is saved or sent.
            return _applied(easy)
        if form.is_valid():
            limit, window = application_limit(today)
            if not allow(request, SCOPE, limit=limit, window=window):
                form.add_error(
                    None, _("Ni har skickat många ansökningar på kort tid. Försök igen om en timme.")
                )
                return page(request, "grants/public/apply.html", context, status=429)
            try:
                public.submit_application(
                    programme=programme, base_url=_base_url(request), **form.service_values()
                )
            except StateConflict as conflict:
                form.add_error(None, conflict.detail)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                return _applied(easy)
        status = 422
    return page(request, "grants/public/apply.html", context, status=status)


@require_GET
def applied(request):
    return page(request, "grants/public/applied.html", {"easy_swedish": easy_swedish.use(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    application = public.application_by_confirm_token(token)
    if application is None:
        return _invalid_link(request)
    if request.method == "POST":
        public.confirm_application(application)
        return page(request, "grants/public/confirmed.html", {"reference": application.reference})
    if application.confirmed_at is not None:
        return page(request, "grants/public/confirmed.html", {"reference": application.reference})
    return page(request, "grants/public/confirm.html", {"reference": application.reference})


@never_cache
@require_http_methods(["GET", "POST"])
def report(request, token):
    application = public.application_by_report_token(token)
    if application is None:
        return _invalid_link(request)
    bands = age_bands(timezone.localdate())
    form = ReportForm(request.POST or None, bands=bands)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                public.record_report(application, form.service_values())
            except StateConflict as conflict:
                form.add_error(None, conflict.detail)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                return page(request, "grants/public/reported.html", {"reference": application.reference})
        status = 422
    context = {"application": application, "form": form, "bands": bands}
    return page(request, "grants/public/report.html", context, status=status)
