"""The e-mail digest (issue #18): once a weekday or once a week, per person, the counts of their notices and a link
to each page — never a name, an identity number or anything of a protected person, so an e-mail that goes astray
says only that there is work waiting. Sent by the worker's schedule (`etablera notices digest`, background/
schedule.py); at most one digest per person and day (DigestSent), so a run delivered twice sends nothing twice."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from etablera.notices.models import DigestSent, NoticePreference
from etablera.notices.selectors import notices_for, preference_for

logger = logging.getLogger(__name__)


def wants_digest(preference: NoticePreference, day: dt.date) -> bool:
    if preference.frequency == NoticePreference.Frequency.NEVER:
        return False
    if preference.frequency == NoticePreference.Frequency.WEEKLY:
        return day.weekday() == 0
    return day.weekday() < 5


def absolute(path: str) -> str:
    return settings.ETABLERA_SITE_URL.rstrip("/") + path


def compose(user, notices) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "notices/digest.txt",
            {
                "user": user,
                "items": [(notice.kind.title, notice.count, absolute(notice.path)) for notice in notices],
                "settings_url": absolute("/aviseringar/installningar/"),
            },
        )
        subject = _("Etablera: det här väntar på dig")
    return EmailMessage(subject=subject, body=body, to=[user.email])


def send_digests(day: dt.date) -> tuple[int, int]:
    """Send the day's digests; return (sent, failed)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .select_related("notice_preference")
        .distinct()
        .order_by("pk")
    )
    sent = failed = 0
    for user in users:
        preference = preference_for(user)
        if not wants_digest(preference, day):
            continue
        notices = [notice for notice in notices_for(user, day, preference=preference) if notice.count]
        if not notices:
            continue
        try:
            with transaction.atomic():
                record = DigestSent.objects.create(user=user, day=day, items=len(notices))
        except IntegrityError:
            continue  # already sent today
        try:
            compose(user, notices).send()
        except Exception:
            # Not sent: the record goes, so the next run tries again. No address or name in the log.
            logger.exception("Digest to user %s could not be sent", user.pk)
            DigestSent.objects.filter(pk=record.pk).delete()
            failed += 1
            continue
        sent += 1
    return sent, failed
