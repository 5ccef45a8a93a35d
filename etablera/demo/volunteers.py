"""The demo's volunteers and language friends (issue #17), in Nyköping: one volunteer at each step of the sign-up
(unconfirmed, confirmed and waiting for review, approved, rejected, withdrawn — the withdrawn one already erased,
as the withdrawal does), a wish for a language friend from Rania of the Haddad family (DEMO-ANV-002), and Khaled's
language-friend match with an approved volunteer, started, with one follow-up.

Every name and address is fictional (example.org). Staff steps written through the services as `handlaggare`
(Integrationsenheten); the public steps (sign-up, confirmation, withdrawal) as their results, so the demo sends no
e-mail. Idempotent: nothing is written when the first volunteer is there."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.demo import data
from etablera.organisation.models import Municipality
from etablera.people.models import Person
from etablera.volunteers import selectors, services, tokens
from etablera.volunteers.models import NewcomerWish, Volunteer

MARK = "anna.berg@example.org"  # the first volunteer: the demo is written once

# name, e-mail, offers, languages, area, availability, takes families, step
VOLUNTEERS = (
    ("Anna Berg", MARK, ",LANGUAGE_FRIEND,", ",ar,en,sv,", "Brandholmen", "Tisdagskvällar", True, "APPROVED"),
    (
        "Erik Holm",
        "erik.holm@example.org",
        ",HOMEWORK,JOB_MENTOR,",
        ",en,sv,",
        "Centrum",
        "Vardagar efter 17",
        False,
        "APPROVED",
    ),
    (
        "Maria Lind",
        "maria.lind@example.org",
        ",SPORTS,LANGUAGE_FRIEND,",
        ",es,sv,",
        "Arnö",
        "Helger",
        True,
        "CONFIRMED",
    ),
    ("Jonas Ek", "jonas.ek@example.org", ",DRIVING,", ",sv,", "Oppeby", "Lördagar", True, "UNCONFIRMED"),
    ("Sofia Strand", "sofia.strand@example.org", ",HOMEWORK,", ",sv,", "Centrum", "", True, "REJECTED"),
    ("Olle Ström", "olle.strom@example.org", ",LANGUAGE_FRIEND,", ",sv,", "Harg", "", True, "WITHDRAWN"),
    (
        "Berit Sjö",
        "berit.sjo@example.org",
        ",HOMEWORK,",
        ",sv,en,",
        "Brandkärr",
        "Tisdagar",
        False,
        "INACTIVE",
    ),
)


def _volunteer(nykoping, row, actor, now) -> Volunteer:
    name, email, offers, languages, area, availability, families, step = row
    salt = tokens.new_salt()
    volunteer = Volunteer.objects.create(
        municipality=nykoping,
        name=name,
        email=email,
        offers=offers,
        languages=languages,
        area=area,
        availability=availability,
        takes_families=families,
        consent_text=services.consent_in_force("sv"),
        consent_at=now,
        withdraw_salt=salt,
        withdraw_token_hash=tokens.digest(tokens.withdraw_token(salt)),
    )
    if step == "UNCONFIRMED":
        _token, digest = tokens.new_confirm_token()
        Volunteer.objects.filter(pk=volunteer.pk).update(
            confirm_token_hash=digest, confirm_token_expires_at=now + dt.timedelta(days=7)
        )
        return volunteer
    Volunteer.objects.filter(pk=volunteer.pk).update(
        status=Volunteer.Status.CONFIRMED, confirmed_at=now, renewed_at=now
    )
    volunteer.refresh_from_db()
    if step == "APPROVED":
        services.review(
            actor=actor,
            volunteer=volunteer,
            approve=True,
            note="Intervju hållen",
            background_check_note="Utdrag ur belastningsregistret visat (uppdrag med barn)"
            if families
            else "",
        )
    elif step == "REJECTED":
        services.review(actor=actor, volunteer=volunteer, approve=False, note="Kunde inte komma på intervju")
    elif step == "WITHDRAWN":
        volunteer.withdrawn_at = now
        services.erase(volunteer, now=now, status=Volunteer.Status.WITHDRAWN)
    elif step == "INACTIVE":
        # Approved last year, asked to renew five weeks ago and did not (the yearly renewal, volunteers/renewal.py):
        # the history is written as it would have happened, so the staff page shows the dates.
        services.review(actor=actor, volunteer=volunteer, approve=True, note="Intervju hållen")
        Volunteer.objects.filter(pk=volunteer.pk).update(
            status=Volunteer.Status.INACTIVE,
            confirmed_at=now - dt.timedelta(days=400),
            renewed_at=now - dt.timedelta(days=400),
            renewal_requested_at=now - dt.timedelta(days=35),
            inactive_since=now - dt.timedelta(days=5),
        )
    return volunteer


def _member(first_name: str) -> Person | None:
    return Person.objects.filter(
        household_memberships__household__assignments__reference="DEMO-ANV-002", first_name=first_name
    ).first()


def load_volunteers(today: dt.date, users: dict, units: dict) -> None:
    today = min(today, timezone.localdate())
    nykoping = Municipality.objects.get(code=data.NYKOPING)
    if Volunteer.objects.filter(municipality=nykoping, email=MARK).exists():
        return
    actor = users["handlaggare"]
    now = timezone.now()
    made = {row[1]: _volunteer(nykoping, row, actor, now) for row in VOLUNTEERS}
    rania, khaled = _member("Rania"), _member("Khaled")
    if rania is not None:
        services.register_wish(
            actor=actor,
            person=rania,
            kind=NewcomerWish.Kind.INDIVIDUAL,
            languages=["ar", "sv"],
            offers=["LANGUAGE_FRIEND", "SPORTS"],
            area="Brandholmen",
            consent_given_by="Rania Haddad",
            consent_method=NewcomerWish.ConsentMethod.ORAL,
            consent_date=today - dt.timedelta(days=3),
        )
    if khaled is None:
        return
    wish = services.register_wish(
        actor=actor,
        person=khaled,
        kind=NewcomerWish.Kind.FAMILY,
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        area="Brandholmen",
        consent_given_by="Khaled Haddad",
        consent_method=NewcomerWish.ConsentMethod.WRITTEN,
        consent_date=today - dt.timedelta(days=40),
    )
    anna = made[MARK]
    volunteer, proposal = next((v, p) for v, p in selectors.proposals(wish) if v.pk == anna.pk)
    match = services.choose(actor=actor, wish=wish, volunteer=volunteer, proposal=proposal)
    services.record_contact_consent(
        actor=actor, match=match, given_by="Khaled Haddad", date=today - dt.timedelta(days=35)
    )
    services.start(actor=actor, match=match, date=today - dt.timedelta(days=30))
    services.add_follow_up(
        actor=actor,
        match=match,
        date=today - dt.timedelta(days=2),
        outcome="ONGOING",
        note="Träffas varje tisdag på biblioteket; familjen vill fortsätta.",
    )
