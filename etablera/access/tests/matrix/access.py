"""The rows for access (issues #3 and #9), pages and API operations: the access log review, a person's access history
and register extract, break-glass and its review, gallring, the person page with consents, notes and the protected
address, closing a case."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import (
    ADMIN_PAGE,
    API_SEES_H,
    SEES_H,
    SIGNED_IN_200,
    Case,
    api,
    expect,
    page,
)

ACCESS: list[Case] = [
    # The access log review, a person's access history and register extract, break-glass review, gallring
    # (unit managers and administrators of the municipality; carol is the administrator).
    page("access_log", lambda w: "/logg/", ADMIN_PAGE),
    page("access_history", lambda w: f"/logg/person/{w.person.public_id}/", ADMIN_PAGE),
    # The register extract takes an explicit authorisation (Membership.may_produce_register_extract), which no role
    # here has, not even the administrator; producing it is a POST with a reason (issue #9).
    page(
        "register_extract",
        lambda w: f"/logg/person/{w.person.public_id}/registerutdrag/",
        expect(403, anonymous=302),
        method="post",
        body=lambda w: {"utdrag-reason": "Begäran från personen, dnr 2026/1", "format": "pdf"},
    ),
    page("register_extract_lookup", lambda w: "/registerutdrag/", expect(403, anonymous=302)),
    page("break_glass_review", lambda w: "/logg/nodatkomst/", ADMIN_PAGE),
    page(
        "break_glass_mark_reviewed",
        lambda w: "/logg/nodatkomst/999999/granskad/",
        expect(403, admin=404, anonymous=302),
        method="post",
        body=lambda w: {"note": "Granskad"},
    ),
    page("retention_dry_run", lambda w: "/gallring/", ADMIN_PAGE),
    api("get", "/access-log", lambda w: "/access-log", expect(403, admin=200, anonymous=401)),
    api(
        "post",
        "/access-log/search",
        lambda w: "/access-log/search",
        expect(403, admin=200, anonymous=401),
        body=lambda w: {"person": str(w.person.public_id)},
    ),
    api(
        "post",
        "/persons/{public_id}/extract",
        lambda w: f"/persons/{w.person.public_id}/extract",
        expect(403, anonymous=401),
        body=lambda w: {"reason": "Begäran från personen, dnr 2026/1"},
    ),
    # Issue #3: the person page with consents, notes and the protected address; closing a case; nödåtkomst.
    page("person_detail", lambda w: f"/personer/{w.person.public_id}/", SEES_H),
    page(
        "person_address",
        lambda w: f"/personer/{w.person.public_id}/adress/",
        expect(403, colleague=404, outsider=404, anonymous=302),  # nobody here has the authorisation
        method="post",
        body=lambda w: {"adress-reason": "Behöver adressen för ett akut utskick"},
    ),
    page(
        "consent_create",
        lambda w: f"/personer/{w.person.public_id}/samtycken/",
        expect(302, colleague=404, outsider=404),
        method="post",
        body=lambda w: {
            "samtycke-units": [w.unit.pk],
            "samtycke-sections": ["BASIC"],
            "samtycke-purpose": "Planera SFI-start",
            "samtycke-given_date": timezone.localdate().isoformat(),
            "samtycke-given_by": "PERSON",
            "samtycke-method": "WRITTEN",
        },
    ),
    page(
        "consent_withdraw",
        lambda w: f"/personer/{w.person.public_id}/samtycken/{w.consent.public_id}/aterkalla/",
        expect(302, colleague=404, outsider=404),
        method="post",
    ),
    page(
        "person_note_create",
        lambda w: f"/personer/{w.person.public_id}/anteckningar/",
        expect(302, colleague=404, outsider=404),
        method="post",
        body=lambda w: {"anteckning-section": "BASIC", "anteckning-text": "Ringt"},
    ),
    page(
        "household_close_case",
        lambda w: f"/hushall/{w.household.public_id}/avsluta/",
        # The reception unit may close (here refused with a message: tasks are open, so a redirect back).
        expect(302, colleague=404, consent=403, outsider=404),
        method="post",
    ),
    page("break_glass", lambda w: "/nodatkomst/", SIGNED_IN_200),
    api(
        "get",
        "/persons/{public_id}/consents",
        lambda w: f"/persons/{w.person.public_id}/consents",
        API_SEES_H,
    ),
    api(
        "post",
        "/persons/{public_id}/consents",
        lambda w: f"/persons/{w.person.public_id}/consents",
        expect(201, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {
            "units": [w.unit.pk],
            "sections": ["BASIC"],
            "purpose": "Planera SFI-start",
            "given_date": timezone.localdate().isoformat(),
            "method": "WRITTEN",
        },
    ),
    api(
        "post",
        "/consents/{public_id}/withdraw",
        lambda w: f"/consents/{w.consent.public_id}/withdraw",
        expect(200, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {"note": "Återkallat i telefon"},
    ),
    api("get", "/persons/{public_id}/notes", lambda w: f"/persons/{w.person.public_id}/notes", API_SEES_H),
    api(
        "post",
        "/persons/{public_id}/notes",
        lambda w: f"/persons/{w.person.public_id}/notes",
        expect(201, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {"section": "BASIC", "text": "Ringt"},
    ),
    api(
        "post",
        "/persons/{public_id}/address",
        lambda w: f"/persons/{w.person.public_id}/address",
        expect(403, colleague=404, outsider=404, anonymous=401),
        body=lambda w: {"reason": "Behöver adressen för ett akut utskick"},
    ),
    api(
        "post",
        "/break-glass",
        lambda w: "/break-glass",
        expect(422, anonymous=401),  # a valid number that no one in Etablera has
        body=lambda w: {"identity_number": "19850317-0006", "reason": "Akut: behöver nå familjen i kväll"},
    ),
]
