"""The volunteers' writes (issue #17): the public sign-up, its confirmation and withdrawal (no user: the token is
the authority), and the staff's review, wishes, matches and follow-ups. Every state change locks its row
(etablera/transitions.py) and refuses the wrong state with a Swedish message; staff changes are logged."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.rules.volunteers import confirm_days
from etablera.transitions import StateConflict, lock
from etablera.volunteers import tokens
from etablera.volunteers.codes import pack
from etablera.volunteers.matching import Proposal
from etablera.volunteers.models import ConsentText, FollowUp, Match, NewcomerWish, Volunteer

ERASED = "Raderad"
# INACTIVE (renewal.py) is living too: a new sign-up with the address is told it is known, not made a second row.
LIVING = (
    Volunteer.Status.UNCONFIRMED,
    Volunteer.Status.CONFIRMED,
    Volunteer.Status.APPROVED,
    Volunteer.Status.INACTIVE,
)


def consent_in_force(language: str, on: dt.date | None = None) -> ConsentText:
    """The newest consent text in force in `language` (Swedish when there is none in it)."""
    on = on or timezone.localdate()
    texts = ConsentText.objects.filter(in_force_from__lte=on).order_by("-version")
    return texts.filter(language=language).first() or texts.filter(language="sv").first()


def _check_staff(actor, municipality_id: int) -> None:
    if municipality_id not in capabilities(actor).civil_municipality_ids:
        raise PermissionDenied(_("Du arbetar inte med civilsamhället i den här kommunen."))


# --- the public side --------------------------------------------------------------------------------------------


def _mail(volunteer: Volunteer, base_url: str, subject: str, lines: list[str]) -> None:
    withdraw = base_url.rstrip("/") + reverse(
        "volunteers_withdraw", args=[tokens.withdraw_token(volunteer.withdraw_salt)]
    )
    body = "\n\n".join(
        [
            *lines,
            _("Vill du inte längre vara med? Avsluta här, så raderas dina uppgifter: %(link)s")
            % {"link": withdraw},
        ]
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [volunteer.email])


def _send_confirmation(volunteer: Volunteer, token: str, base_url: str) -> None:
    link = base_url.rstrip("/") + reverse("volunteers_confirm", args=[token])
    _mail(
        volunteer,
        base_url,
        _("Bekräfta din anmälan som volontär"),
        [
            _("Hej! Tack för din anmälan som volontär i %(municipality)s.")
            % {"municipality": volunteer.municipality.name},
            _("Bekräfta din e-postadress med länken (gäller i %(days)s dagar): %(link)s")
            % {"days": confirm_days(timezone.localdate()), "link": link},
            _("Har du inte anmält dig? Då kan du strunta i det här brevet; anmälan raderas av sig själv."),
        ],
    )


def sign_up(
    *,
    municipality,
    name: str,
    email: str,
    phone: str = "",
    offers,
    languages,
    area: str = "",
    availability: str = "",
    takes_families: bool = True,
    consent_text: ConsentText,
    base_url: str,
) -> None:
    """A sign-up from the public form. Returns nothing: the page says the same whether or not the address is known
    (no enumeration). A new address gets a confirmation link; a known unconfirmed one gets a fresh link (its data
    replaced by the newest form); a known confirmed or approved one gets a note that it is already signed up.
    The e-mail goes after the transaction has committed."""
    with transaction.atomic():
        send = _record_sign_up(
            municipality=municipality,
            email=email,
            fields={
                "name": name,
                "phone": phone,
                "offers": pack(offers),
                "languages": pack(languages),
                "area": area,
                "availability": availability,
                "takes_families": takes_families,
                "consent_text": consent_text,
            },
            base_url=base_url,
        )
    send()


def _record_sign_up(*, municipality, email: str, fields: dict, base_url: str):
    now = timezone.now()
    existing = (
        Volunteer.objects.select_for_update()
        .filter(municipality=municipality, email__iexact=email, status__in=LIVING)
        .first()
    )
    token, token_hash = tokens.new_confirm_token()
    expires = now + dt.timedelta(days=confirm_days(timezone.localdate()))
    fields = {**fields, "consent_at": now}
    language = translation.get_language() or "sv"
    if existing is None:
        salt = tokens.new_salt()
        volunteer = Volunteer.objects.create(
            municipality=municipality,
            email=email,
            confirm_token_hash=token_hash,
            confirm_token_expires_at=expires,
            withdraw_salt=salt,
            withdraw_token_hash=tokens.digest(tokens.withdraw_token(salt)),
            **fields,
        )
        return lambda: _with_language(language, _send_confirmation, volunteer, token, base_url)
    if existing.status == Volunteer.Status.UNCONFIRMED:
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.confirm_token_hash = token_hash
        existing.confirm_token_expires_at = expires
        existing.save()
        return lambda: _with_language(language, _send_confirmation, existing, token, base_url)
    return lambda: _with_language(language, _send_already_known, existing, base_url)


def _with_language(language, function, *args):
    with translation.override(language):
        function(*args)


def _send_already_known(volunteer: Volunteer, base_url: str) -> None:
    _mail(
        volunteer,
        base_url,
        _("Du är redan anmäld som volontär"),
        [
            _(
                "Hej! Någon, kanske du, skickade en ny anmälan med den här e-postadressen. Du är redan anmäld och "
                "behöver inte göra något. Vill du ändra dina uppgifter, kontakta kommunen."
            ),
        ],
    )


def _by_confirm_token(token: str) -> Volunteer | None:
    if not tokens.looks_like_token(token):
        return None
    return (
        Volunteer.objects.select_related("municipality")
        .filter(confirm_token_hash=tokens.digest(token), status=Volunteer.Status.UNCONFIRMED)
        .filter(confirm_token_expires_at__gt=timezone.now())
        .first()
    )


def volunteer_for_confirm_token(token: str) -> Volunteer | None:
    """The unconfirmed volunteer the link is for, or None (unknown, used or expired: the page says nothing more)."""
    return _by_confirm_token(token)


@transaction.atomic
def confirm(token: str) -> bool:
    volunteer = _by_confirm_token(token)
    if volunteer is None:
        return False
    lock(volunteer)
    if volunteer.status != Volunteer.Status.UNCONFIRMED:
        return False
    volunteer.status = Volunteer.Status.CONFIRMED
    volunteer.confirmed_at = timezone.now()
    volunteer.renewed_at = volunteer.confirmed_at
    volunteer.confirm_token_hash = ""
    volunteer.confirm_token_expires_at = None
    volunteer.save()
    return True


def volunteer_for_withdraw_token(token: str) -> Volunteer | None:
    if not tokens.looks_like_token(token):
        return None
    return (
        Volunteer.objects.filter(
            withdraw_token_hash=tokens.digest(token), status__in=LIVING + (Volunteer.Status.REJECTED,)
        )
        .select_related("municipality")
        .first()
    )


def erase(volunteer: Volunteer, *, now: dt.datetime, status: str | None = None) -> None:
    """The volunteer's personal data goes at once: name, e-mail, phone, area, availability, notes and tokens. What
    remains (offers, languages, dates, the status) holds no one's identity and keeps the report's figures."""
    volunteer.name = ERASED
    volunteer.email = f"raderad-{volunteer.public_id}@invalid"
    volunteer.phone = ""
    volunteer.area = ""
    volunteer.availability = ""
    volunteer.review_note = ""
    volunteer.background_check_note = ""
    volunteer.confirm_token_hash = ""
    volunteer.confirm_token_expires_at = None
    volunteer.withdraw_salt = ""
    volunteer.withdraw_token_hash = ""
    volunteer.renew_token_hash = ""
    volunteer.erased_at = now
    if status:
        volunteer.status = status
    volunteer.save()


@transaction.atomic
def withdraw(token: str) -> bool:
    """The volunteer withdraws (GDPR art. 7.3): their data is erased at once and their running matches end with
    the reason "withdrawn" (the newcomer's wish goes back to waiting). False when the link is unknown."""
    volunteer = volunteer_for_withdraw_token(token)
    if volunteer is None:
        return False
    lock(volunteer)
    if volunteer.status == Volunteer.Status.WITHDRAWN:
        return False
    now = timezone.now()
    today = timezone.localdate()
    for match in Match.objects.select_for_update().filter(
        volunteer=volunteer, status__in=(Match.Status.PROPOSED, Match.Status.STARTED)
    ):
        match.status = Match.Status.ENDED
        match.ended_at = today
        match.end_reason = Match.EndReason.WITHDRAWN
        match.save()
        NewcomerWish.objects.filter(pk=match.wish_id, status=NewcomerWish.Status.MATCHED).update(
            status=NewcomerWish.Status.WAITING
        )
    volunteer.withdrawn_at = now
    erase(volunteer, now=now, status=Volunteer.Status.WITHDRAWN)
    return True


# --- staff: review ----------------------------------------------------------------------------------------------


@transaction.atomic
def review(
    *, actor, volunteer: Volunteer, approve: bool, note: str = "", background_check_note: str = ""
) -> Volunteer:
    """Approve or reject a confirmed volunteer (an approved one may be rejected later, and a rejected one approved
    on a second look); never an unconfirmed or withdrawn one."""
    _check_staff(actor, volunteer.municipality_id)
    lock(volunteer)
    if volunteer.status not in (
        Volunteer.Status.CONFIRMED,
        Volunteer.Status.APPROVED,
        Volunteer.Status.REJECTED,
    ):
        raise StateConflict(
            _("Volontären kan inte granskas: status är nu ”%(status)s”.")
            % {"status": volunteer.get_status_display()}
        )
    target = Volunteer.Status.APPROVED if approve else Volunteer.Status.REJECTED
    if volunteer.status == target:
        raise StateConflict(
            _("Volontären är redan ”%(status)s”.") % {"status": volunteer.get_status_display()}
        )
    if not approve and not note.strip():
        raise ValidationError({"note": _("Skriv varför volontären inte godkänns.")})
    before = volunteer.status
    volunteer.status = target
    volunteer.review_note = note
    if background_check_note:
        volunteer.background_check_note = background_check_note
    volunteer.reviewed_by = actor
    volunteer.reviewed_at = timezone.now()
    volunteer.save()
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        volunteer,
        "Volontär granskad",
        {"status": [before, target]},
    )
    return volunteer


@transaction.atomic
def set_background_check_note(*, actor, volunteer: Volunteer, note: str) -> Volunteer:
    _check_staff(actor, volunteer.municipality_id)
    lock(volunteer)
    if volunteer.status == Volunteer.Status.WITHDRAWN:
        raise StateConflict(_("Volontären har avslutat sitt uppdrag."))
    volunteer.background_check_note = note
    volunteer.save(update_fields=["background_check_note"])
    log_change(actor, AuditEvent.Action.UPDATE, volunteer, "Anteckning om belastningsregister")
    return volunteer


# --- staff: wishes, matches, follow-ups --------------------------------------------------------------------------


@transaction.atomic
def register_wish(
    *,
    actor,
    person,
    kind: str,
    languages,
    offers,
    area: str = "",
    note: str = "",
    consent_given_by: str,
    consent_method: str,
    consent_date: dt.date,
) -> NewcomerWish:
    """A newcomer's wish for a volunteer, with their consent to be matched. `person` comes from a selector that
    checked the actor may see them."""
    _check_staff(actor, person.municipality_id)
    if not offers:
        raise ValidationError({"offers": _("Välj minst en sak som önskas.")})
    if consent_date > timezone.localdate():
        raise ValidationError({"consent_date": _("Samtyckets datum kan inte vara i framtiden.")})
    wish = NewcomerWish.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        kind=kind,
        languages=pack(languages),
        offers=pack(offers),
        area=area,
        note=note,
        consent_given_by=consent_given_by,
        consent_method=consent_method,
        consent_date=consent_date,
        created_by=actor,
    )
    log_change(actor, AuditEvent.Action.CREATE, wish, "Önskan om volontär registrerad")
    return wish


@transaction.atomic
def withdraw_wish(*, actor, wish: NewcomerWish) -> NewcomerWish:
    _check_staff(actor, wish.municipality_id)
    lock(wish)
    if wish.status == NewcomerWish.Status.WITHDRAWN:
        raise StateConflict(_("Önskan är redan återkallad."))
    if wish.matches.filter(status=Match.Status.STARTED).exists():
        raise StateConflict(_("Avsluta den pågående matchningen först."))
    wish.matches.filter(status=Match.Status.PROPOSED).update(
        status=Match.Status.ENDED, ended_at=timezone.localdate(), end_reason=Match.EndReason.NEWCOMER_DECLINED
    )
    wish.status = NewcomerWish.Status.WITHDRAWN
    wish.withdrawn_at = timezone.now()
    wish.save()
    log_change(actor, AuditEvent.Action.UPDATE, wish, "Önskan om volontär återkallad")
    return wish


@transaction.atomic
def choose(*, actor, wish: NewcomerWish, volunteer: Volunteer, proposal: Proposal) -> Match:
    """A person chooses a proposal: the match is proposed (not yet started — the newcomer's consent to share their
    contact comes first). `proposal` is the ranking's explanation for this volunteer, kept with the match."""
    _check_staff(actor, wish.municipality_id)
    lock(wish)
    lock(volunteer)
    if wish.status != NewcomerWish.Status.WAITING:
        raise StateConflict(
            _("Önskan väntar inte längre: status är nu ”%(status)s”.") % {"status": wish.get_status_display()}
        )
    if volunteer.status != Volunteer.Status.APPROVED or volunteer.municipality_id != wish.municipality_id:
        raise StateConflict(_("Volontären är inte godkänd och kan inte matchas."))
    match = Match.objects.create(
        municipality_id=wish.municipality_id,
        volunteer=volunteer,
        wish=wish,
        offer=proposal.offers[0],
        score=proposal.score,
        explanation=[
            {"key": c.key, "points": c.points, "message": c.message, "params": c.params}
            for c in proposal.criteria
        ],
        chosen_by=actor,
    )
    wish.status = NewcomerWish.Status.MATCHED
    wish.save(update_fields=["status"])
    log_change(actor, AuditEvent.Action.CREATE, match, "Matchning föreslagen")
    return match


def _locked_match(match: Match, *allowed: str) -> Match:
    lock(match)
    if match.status not in allowed:
        raise StateConflict(
            _("Matchningen kan inte ändras så: status är nu ”%(status)s”.")
            % {"status": match.get_status_display()}
        )
    return match


@transaction.atomic
def record_contact_consent(*, actor, match: Match, given_by: str, date: dt.date) -> Match:
    _check_staff(actor, match.municipality_id)
    _locked_match(match, Match.Status.PROPOSED)
    if date > timezone.localdate():
        raise ValidationError({"date": _("Samtyckets datum kan inte vara i framtiden.")})
    match.contact_consent_by = given_by
    match.contact_consent_date = date
    match.save(update_fields=["contact_consent_by", "contact_consent_date"])
    log_change(actor, AuditEvent.Action.UPDATE, match, "Samtycke till att dela kontaktuppgifter")
    return match


@transaction.atomic
def start(*, actor, match: Match, date: dt.date) -> Match:
    _check_staff(actor, match.municipality_id)
    _locked_match(match, Match.Status.PROPOSED)
    if not match.contact_consent_date:
        raise StateConflict(
            _(
                "Den nyanländes samtycke till att dela kontaktuppgifter med volontären måste registreras först."
            ),
            field="contact_consent_by",
        )
    match.status = Match.Status.STARTED
    match.started_at = date
    match.save(update_fields=["status", "started_at"])
    log_change(actor, AuditEvent.Action.UPDATE, match, "Matchning startad")
    return match


@transaction.atomic
def end(*, actor, match: Match, reason: str, note: str = "", date: dt.date) -> Match:
    _check_staff(actor, match.municipality_id)
    _locked_match(match, Match.Status.PROPOSED, Match.Status.STARTED)
    if reason not in Match.EndReason.values:
        raise ValidationError({"reason": _("Välj ett skäl.")})
    if match.started_at and date < match.started_at:
        raise ValidationError({"date": _("Slutdatum kan inte vara före start.")})
    match.status = Match.Status.ENDED
    match.end_reason = reason
    match.end_note = note
    match.ended_at = date
    match.save(update_fields=["status", "end_reason", "end_note", "ended_at"])
    # The wish waits again unless the newcomer has another running match (Flen: several volunteers are rare).
    wish = lock(match.wish)
    if (
        wish.status == NewcomerWish.Status.MATCHED
        and not wish.matches.exclude(status=Match.Status.ENDED).exists()
    ):
        wish.status = NewcomerWish.Status.WAITING
        wish.save(update_fields=["status"])
    log_change(actor, AuditEvent.Action.UPDATE, match, "Matchning avslutad", {"reason": reason})
    return match


@transaction.atomic
def add_follow_up(*, actor, match: Match, date: dt.date, outcome: str, note: str = "") -> FollowUp:
    _check_staff(actor, match.municipality_id)
    _locked_match(match, Match.Status.STARTED)
    if date > timezone.localdate():
        raise ValidationError({"date": _("Uppföljningens datum kan inte vara i framtiden.")})
    follow_up = FollowUp.objects.create(match=match, date=date, outcome=outcome, note=note, created_by=actor)
    log_change(actor, AuditEvent.Action.CREATE, match, "Uppföljning av matchning")
    return follow_up
