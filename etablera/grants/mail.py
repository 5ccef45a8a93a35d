"""The e-mails to an application's contact person. The texts are Swedish with the English below: the contact person
chose no language we know of when the decision or the reminder is sent."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _


def public_url(path: str, base: str | None = None) -> str:
    """An absolute link: from the request's own address when there is one, else the configured public address
    (ETABLERA_SITE_URL) for mail sent by a command."""
    root = (base or settings.ETABLERA_SITE_URL).rstrip("/")
    return root + path


def send_confirmation(application, token: str, base: str) -> None:
    link = public_url(reverse("grants_confirm", args=[token]), base)
    body = _(
        "Tack för er ansökan om bidrag ur %(programme)s.\n\nDiarienummer: %(reference)s\n\n"
        "Bekräfta ansökan genom att öppna länken och trycka på knappen:\n%(link)s\n\n"
        "Ansökan handläggs först när den är bekräftad. Har ni inte skickat någon ansökan kan ni bortse från "
        "det här meddelandet; en obekräftad ansökan raderas efter 30 dagar."
    ) % {"programme": application.programme.name, "reference": application.reference, "link": link}
    send_mail(
        _("Bekräfta ansökan %(reference)s") % {"reference": application.reference},
        body,
        None,
        [application.contact_email],
    )


def send_decision(application, token: str | None, base: str | None) -> None:
    if application.status == application.Status.GRANTED:
        link = public_url(reverse("grants_report", args=[token]), base)
        body = _(
            "Beslut om bidrag, %(reference)s (%(programme)s)\n\nBeviljat belopp: %(amount)s kr\n\n"
            "Motivering: %(reasons)s\n\nVillkor: %(conditions)s\n\n"
            "Återrapporten ska vara inne senast %(deadline)s. Lämna den här:\n%(link)s"
        ) % {
            "reference": application.reference,
            "programme": application.programme.name,
            "amount": application.amount_granted,
            "reasons": application.decision_reasons or "–",
            "conditions": application.conditions or "–",
            "deadline": application.report_deadline.isoformat(),
            "link": link,
        }
    else:
        body = _(
            "Beslut om bidrag, %(reference)s (%(programme)s)\n\nAnsökan är avslagen.\n\nMotivering: %(reasons)s"
        ) % {
            "reference": application.reference,
            "programme": application.programme.name,
            "reasons": application.decision_reasons or "–",
        }
    send_mail(
        _("Beslut om bidrag %(reference)s") % {"reference": application.reference},
        body,
        None,
        [application.contact_email],
    )


def send_reminder(application, token: str) -> None:
    link = public_url(reverse("grants_report", args=[token]))
    body = _(
        "Påminnelse: återrapporten för bidraget %(reference)s (%(programme)s) ska vara inne senast %(deadline)s.\n\n"
        "Lämna den här:\n%(link)s\n\nLänken ersätter den i beslutsmeddelandet."
    ) % {
        "reference": application.reference,
        "programme": application.programme.name,
        "deadline": application.report_deadline.isoformat(),
        "link": link,
    }
    send_mail(
        _("Påminnelse: återrapport %(reference)s") % {"reference": application.reference},
        body,
        None,
        [application.contact_email],
    )
