"""Newcomers' wishes and matches (issue #17): register a wish for a person the user may see, the ranked proposals
with their explanations, a person's choice, the newcomer's consent to share their contact, start, follow-ups, end.
Staff see only what the match needs: the volunteer's contact and the newcomer's name, nothing more of either."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.guards import civil_required
from etablera.volunteers import selectors, services
from etablera.volunteers.models import Match, NewcomerWish
from etablera.volunteers.web.forms import ConsentForm, EndForm, FollowUpForm, StartForm, WishForm
from etablera.web.forms import attach_errors
from etablera.web.pages import page

NAV = "civil"


@civil_required
@require_GET
def match_list(request):
    wishes = list(selectors.wishes_for(request.user, status=NewcomerWish.Status.WAITING)[:200])
    matches = list(selectors.matches_for(request.user)[:200])
    selectors.log_wishes(request.user, wishes + [m.wish for m in matches])
    return page(request, "volunteers/matches.html", {"wishes": wishes, "matches": matches}, nav=NAV)


@civil_required
@require_http_methods(["GET", "POST"])
def wish_new(request):
    person_id = request.POST.get("person") or request.GET.get("person", "")
    try:
        person = selectors.person_for(request.user, person_id)
    except (ValidationError, ValueError) as error:
        raise Http404 from error
    form = WishForm(
        request.POST or None,
        initial={"person": person.public_id, "consent_date": timezone.localdate(), "consent_given_by": ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wish = services.register_wish(
                actor=request.user,
                person=person,
                kind=data["kind"],
                languages=data["languages"],
                offers=data["offers"],
                area=data["area"],
                note=data["note"],
                consent_given_by=data["consent_given_by"],
                consent_method=data["consent_method"],
                consent_date=data["consent_date"],
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Önskan är registrerad."))
            return redirect("volunteers_wish", public_id=wish.public_id)
    return page(request, "volunteers/wish_new.html", {"form": form, "person": person}, nav=NAV)


@civil_required
@require_http_methods(["GET", "POST"])
def wish_detail(request, public_id):
    """The wish and its ranked proposals; POST `volunteer` chooses one (a person decides, the ranking orders)."""
    wish = selectors.wish_for(request.user, public_id)
    ranked = selectors.proposals(wish) if wish.status == NewcomerWish.Status.WAITING else []
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            return _act(
                request,
                wish,
                lambda: services.withdraw_wish(actor=request.user, wish=wish),
                _("Önskan är återkallad."),
            )
        chosen = next(((v, p) for v, p in ranked if str(v.public_id) == request.POST.get("volunteer")), None)
        if chosen is None:
            messages.error(request, _("Välj en av de föreslagna volontärerna."))
            return redirect("volunteers_wish", public_id=wish.public_id)
        try:
            match = services.choose(actor=request.user, wish=wish, volunteer=chosen[0], proposal=chosen[1])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("volunteers_wish", public_id=wish.public_id)
        messages.success(
            request, _("Matchningen är föreslagen. Registrera den nyanländes samtycke innan start.")
        )
        return redirect("volunteers_match", public_id=match.public_id)
    return page(request, "volunteers/wish.html", {"wish": wish, "proposals": ranked}, nav=NAV)


def _act(request, obj, action, success):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    if isinstance(obj, Match):
        return redirect("volunteers_match", public_id=obj.public_id)
    return redirect("volunteers_wish", public_id=obj.public_id)


@civil_required
@require_GET
def match_detail(request, public_id):
    match = selectors.match_for(request.user, public_id)
    today = timezone.localdate()
    context = {
        "match": match,
        "follow_ups": match.follow_ups.all(),
        "consent_form": ConsentForm(initial={"date": today}),
        "start_form": StartForm(initial={"date": today}),
        "end_form": EndForm(initial={"date": today}),
        "follow_up_form": FollowUpForm(initial={"date": today}),
    }
    return page(request, "volunteers/match.html", context, nav=NAV)


FORMS = {"consent": ConsentForm, "start": StartForm, "end": EndForm, "follow_up": FollowUpForm}


@civil_required
@require_POST
def match_action(request, public_id, action):
    match = selectors.match_for(request.user, public_id)
    if action not in FORMS:
        raise Http404
    form = FORMS[action](request.POST)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(f"{form.fields[k].label}: {v[0]}" for k, v in form.errors.items() if k in form.fields),
        )
        return redirect("volunteers_match", public_id=match.public_id)
    data = form.cleaned_data
    user = request.user
    actions = {
        "consent": (
            lambda: services.record_contact_consent(
                actor=user, match=match, given_by=data["given_by"], date=data["date"]
            ),
            _("Samtycket är registrerat."),
        ),
        "start": (
            lambda: services.start(actor=user, match=match, date=data["date"]),
            _("Matchningen är startad."),
        ),
        "end": (
            lambda: services.end(
                actor=user, match=match, reason=data["reason"], note=data["note"], date=data["date"]
            ),
            _("Matchningen är avslutad."),
        ),
        "follow_up": (
            lambda: services.add_follow_up(
                actor=user, match=match, date=data["date"], outcome=data["outcome"], note=data["note"]
            ),
            _("Uppföljningen är sparad."),
        ),
    }
    do, success = actions[action]
    return _act(request, match, do, success)
