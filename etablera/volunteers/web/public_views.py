"""The public pages (issue #17): the volunteer sign-up `/medverka/`, the confirmation, the yearly renewal and the
withdrawal. No login, no navigation to staff pages, nothing from the register: the only data shown is what the
visitor typed.

Abuse: a honeypot (a hidden field bots fill in: answered as a success, nothing stored), a rate limit per sender
address (throttle.allow, `volunteers.signups_per_hour`), `max_length` on every field and the request-body limit
(413 from web/request_limits.py). The answer after a sign-up is the same whether or not the address is known.
A link's GET shows a button and only its POST acts, so a mail scanner that opens links confirms nothing."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from etablera.organisation.models import Municipality
from etablera.rules.volunteers import signups_per_hour
from etablera.volunteers import renewal, services
from etablera.volunteers.web.forms import SignUpForm
from etablera.web.throttle import allow

EASY = "lattsvenska"


def _context(request, **extra) -> dict:
    easy = request.GET.get("lang") == EASY or request.POST.get("lang") == EASY
    if easy:
        translation.activate("sv")
        request.LANGUAGE_CODE = "sv"
    return {"easy_swedish": easy, **extra}


def _municipality(code: str):
    return Municipality.objects.filter(code=code).first() if code and len(code) == 4 else None


@require_http_methods(["GET", "POST"])
def sign_up(request):
    context = _context(request)
    code = request.GET.get("kommun", "")[:4]
    preset = _municipality(code)
    language = "sv" if context["easy_swedish"] else (translation.get_language() or "sv")
    consent = services.consent_in_force(language)
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.data.get("website"):
            # A bot filled in the honeypot: the same answer as a success, nothing stored or sent.
            return render(request, "volunteers/public/thanks.html", context)
        if form.is_valid():
            if not allow(
                request,
                "volunteers.signup",
                limit=signups_per_hour(timezone.localdate()),
                window=timedelta(hours=1),
            ):
                return render(request, "volunteers/public/too_many.html", context, status=429)
            data = form.cleaned_data
            services.sign_up(
                municipality=Municipality.objects.get(code=data["municipality"]),
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                offers=data["offers"],
                languages=data["languages"],
                area=data["area"],
                availability=data["availability"],
                takes_families=data["takes_families"],
                consent_text=consent,
                base_url=request.build_absolute_uri("/"),
            )
            return render(request, "volunteers/public/thanks.html", context)
    else:
        form = SignUpForm(initial={"municipality": preset.code if preset else ""})
    context.update(form=form, consent=consent, public_municipality=preset.name if preset else "")
    return render(request, "volunteers/public/sign_up.html", context)


def _not_found(request, context):
    return render(request, "volunteers/public/link_not_valid.html", context, status=404)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    context = _context(request)
    if request.method == "POST":
        if not services.confirm(token):
            return _not_found(request, context)
        return render(request, "volunteers/public/confirmed.html", context)
    if services.volunteer_for_confirm_token(token) is None:
        return _not_found(request, context)
    return render(request, "volunteers/public/confirm.html", context)


@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    context = _context(request)
    if request.method == "POST":
        if not services.withdraw(token):
            return _not_found(request, context)
        return render(request, "volunteers/public/withdrawn.html", context)
    if services.volunteer_for_withdraw_token(token) is None:
        return _not_found(request, context)
    return render(request, "volunteers/public/withdraw.html", context)


@require_http_methods(["GET", "POST"])
def renew(request, token: str):
    """The yearly renewal's link (renewal.py): GET shows the button, only the POST renews."""
    context = _context(request)
    if request.method == "POST":
        if not renewal.renew(token):
            return _not_found(request, context)
        return render(request, "volunteers/public/renewed.html", context)
    if renewal.volunteer_for_renew_token(token) is None:
        return _not_found(request, context)
    return render(request, "volunteers/public/renew.html", context)
