"""The network's meetings (issue #17), for those who work with civil society (`civil_required`).

GET  /civilsamhallet/natverk/          the meetings, newest first, with attendance and open follow-ups
GET  /civilsamhallet/natverk/nytt/     a form to register a meeting (POST registers)
GET  /civilsamhallet/natverk/<id>/     one meeting: notes, who came, follow-ups
GET  /civilsamhallet/natverk/<id>/andra/   change its date, place, notes and who came (POST saves)
POST /civilsamhallet/natverk/<id>/     action=followup (add one) | done (mark one done, id=)
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import civil_required
from etablera.civil import selectors
from etablera.civil.services import network as services
from etablera.civil.web import forms as cf
from etablera.civil.web.views.common import civil_municipality
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page

NAV = "civil"


@civil_required
@require_GET
def meeting_list(request):
    return page(
        request,
        "civil/meetings.html",
        {
            "meetings": list(selectors.meetings(request.user)[: selectors.PAGE_SIZE]),
            "may_keep": civil_municipality(request.user) is not None,
        },
        nav=NAV,
    )


@civil_required
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    municipality = civil_municipality(request.user)
    if municipality is None:
        raise PermissionDenied(_("Nätverksmöten registreras av integrationsenheten och kultur och fritid."))
    choices = selectors.associations(request.user, selectors.AssociationFilters()).filter(
        municipality=municipality
    )
    form = cf.MeetingForm(request.POST or None, associations=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting(
                actor=request.user,
                municipality=municipality,
                held_on=data["held_on"],
                place=data["place"],
                notes=data["notes"],
                attending=list(data["attending"]),
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Nätverksmötet är registrerat."))
            return redirect("civil_meeting", public_id=meeting.public_id)
    return page(request, "civil/meeting_form.html", {"form": form}, nav=NAV)


@civil_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, public_id):
    """Change a meeting's date, place, notes and who came: the create form, filled in, with the same limits."""
    meeting = selectors.get_meeting(request.user, public_id)
    choices = selectors.associations(request.user, selectors.AssociationFilters(active=None)).filter(
        municipality_id=meeting.municipality_id
    )
    initial = {
        "held_on": meeting.held_on,
        "place": meeting.place,
        "notes": meeting.notes,
        "attending": [a.pk for a in meeting.attending.all()],
    }
    form = cf.MeetingForm(request.POST or None, initial=initial, associations=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_meeting(
                actor=request.user,
                meeting=meeting,
                held_on=data["held_on"],
                place=data["place"],
                notes=data["notes"],
                attending=list(data["attending"]),
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Nätverksmötet är ändrat."))
            return redirect("civil_meeting", public_id=meeting.public_id)
    return page(request, "civil/meeting_form.html", {"form": form, "meeting": meeting}, nav=NAV)


@civil_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, public_id):
    meeting = selectors.get_meeting(request.user, public_id)
    form = cf.FollowUpForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "followup":
            form = cf.FollowUpForm(request.POST)
            if form.is_valid():
                try:
                    services.add_follow_up(actor=request.user, meeting=meeting, **form.cleaned_data)
                except ValidationError as error:
                    attach_errors(error, form)
                else:
                    messages.success(request, _("Uppföljningen är tillagd."))
                    return redirect("civil_meeting", public_id=meeting.public_id)
        elif action == "done":
            try:
                pk = int(request.POST.get("id", ""))
            except ValueError:
                messages.error(request, _("Okänd uppföljning."))
                return redirect("civil_meeting", public_id=meeting.public_id)
            follow_up = selectors.get_follow_up(request.user, meeting, pk)
            try:
                services.complete_follow_up(actor=request.user, follow_up=follow_up)
            except StateConflict as error:
                messages.error(request, error.detail)
            else:
                messages.success(request, _("Uppföljningen är klarmarkerad."))
            return redirect("civil_meeting", public_id=meeting.public_id)
        else:
            messages.error(request, _("Okänd åtgärd."))
            return redirect("civil_meeting", public_id=meeting.public_id)
    return page(
        request,
        "civil/meeting.html",
        {
            "meeting": meeting,
            "attending": list(meeting.attending.all()),
            "follow_ups": list(meeting.follow_ups.all()),
            "form": form,
        },
        nav=NAV,
    )
