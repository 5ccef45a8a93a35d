"""The rows for the pages (web): tasks, households, anvisningar, reports, process templates, administration, the
person's and household's pages and the access log. The housing pages are in `matrix.housing`."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import (
    ADMIN_PAGE,
    ADMIN_POST,
    RECEPTION_PAGE,
    SEES_H,
    SEES_TASK,
    SIGNED_IN_200,
    Case,
    expect,
    page,
    task_pk,
)


def _colleague(w):
    return w.users["colleague"]


def _colleague_membership(w):
    # Kept on the world: the URL is asked for again after the request, when a removed membership is gone.
    if not hasattr(w, "colleague_membership"):
        w.colleague_membership = _colleague(w).memberships.order_by("pk").first()
    return w.colleague_membership


PAGES: list[Case] = [
    # Pages
    page("login", lambda w: "/logga-in/", expect(200)),
    page("logout", lambda w: "/logga-ut/", expect(302), method="post"),
    page(
        "set_language",
        lambda w: "/i18n/setlang/",
        expect(302),
        method="post",
        body=lambda w: {"language": "sv"},
    ),
    page("home", lambda w: "/", expect(302)),
    page("my_tasks", lambda w: "/uppgifter/", SIGNED_IN_200),
    page("unit_tasks", lambda w: "/uppgifter/enhet/", SIGNED_IN_200),
    page("task_detail", lambda w: f"/uppgifter/{task_pk(w)}/", SEES_TASK),
    page(
        "task_complete",
        lambda w: f"/uppgifter/{task_pk(w)}/klar/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"note": ""},
    ),
    page(
        "task_not_applicable",
        lambda w: f"/uppgifter/{task_pk(w)}/ej-aktuell/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"ejaktuell-reason": "Inte aktuellt längre"},
    ),
    page(
        "task_reopen",
        lambda w: f"/uppgifter/{task_pk(w)}/oppna-igen/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
    ),
    page(
        "task_reassign",
        lambda w: f"/uppgifter/{task_pk(w)}/lamna-over/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"flytta-unit": w.unit.pk},
    ),
    page(
        "task_note",
        lambda w: f"/uppgifter/{task_pk(w)}/anteckning/",
        expect(302, colleague=404, consent=404, outsider=404),
        method="post",
        body=lambda w: {"anteckning-text": "Ringt"},
    ),
    page("household_search", lambda w: "/hushall/", SIGNED_IN_200),
    page("household_detail", lambda w: f"/hushall/{w.household.public_id}/", SEES_H),
    page("assignment_list", lambda w: "/anvisningar/", RECEPTION_PAGE),
    page("assignment_create", lambda w: "/anvisningar/ny/", RECEPTION_PAGE),
    page("assignment_import", lambda w: "/anvisningar/import/", RECEPTION_PAGE),
    page(
        "assignment_detail",
        lambda w: f"/anvisningar/{w.pending.pk}/",
        expect(200, colleague=403, consent=403, outsider=404, anonymous=302),
    ),
    page(
        "assignment_receive",
        lambda w: f"/anvisningar/{w.pending.pk}/ankomst/",
        expect(302, colleague=403, consent=403, outsider=404),
        method="post",
        body=lambda w: {"ankomst-arrival_date": timezone.localdate().isoformat()},
    ),
    page(
        "assignment_cancel",
        lambda w: f"/anvisningar/{w.pending.pk}/avbryt/",
        expect(302, colleague=403, consent=403, outsider=404),
        method="post",
        body=lambda w: {
            "avbryt-cancelled_date": timezone.localdate().isoformat(),
            "avbryt-reason": "Tackade nej",
        },
    ),
    page("overview", lambda w: "/oversikt/", SIGNED_IN_200),
    page("quota_report", lambda w: "/rapporter/kommuntal/", SIGNED_IN_200),
    page("template_list", lambda w: "/mallar/", ADMIN_PAGE),
    page(
        "template_copy",
        lambda w: "/mallar/kopiera/",
        expect(403, admin=302, anonymous=302),
        method="post",
        body=lambda w: {"municipality": "0480"},
    ),
    page("template_detail", lambda w: f"/mallar/{w.template.pk}/", ADMIN_PAGE),
    # Administration (issue #9): Nyköping's administrator manages the accounts of Nyköping (here the colleague's)
    page("administration", lambda w: "/administration/", ADMIN_PAGE),
    page("account_create", lambda w: "/administration/konton/ny/", ADMIN_PAGE),
    page("account_detail", lambda w: f"/administration/konton/{_colleague(w).pk}/", ADMIN_PAGE),
    page(
        "membership_add",
        lambda w: f"/administration/konton/{_colleague(w).pk}/medlemskap/",
        ADMIN_POST,
        method="post",
        body=lambda w: {"ny-unit": w.unit.pk, "ny-role": "CASEWORKER"},
    ),
    page(
        "membership_update",
        lambda w: f"/administration/medlemskap/{_colleague_membership(w).pk}/",
        ADMIN_POST,
        method="post",
        body=lambda w: {f"m{_colleague_membership(w).pk}-role": "COORDINATOR"},
    ),
    page(
        "membership_remove",
        lambda w: f"/administration/medlemskap/{_colleague_membership(w).pk}/ta-bort/",
        ADMIN_POST,
        method="post",
    ),
    page(
        "account_deactivate",
        lambda w: f"/administration/konton/{_colleague(w).pk}/inaktivera/",
        ADMIN_POST,
        method="post",
    ),
    page(
        "account_reactivate",
        lambda w: f"/administration/konton/{_colleague(w).pk}/aktivera/",
        ADMIN_POST,
        method="post",
    ),
]
