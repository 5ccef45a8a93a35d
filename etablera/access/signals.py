"""Sign-ins and sign-outs go to the audit log (the attempted user name only, never a password)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities

OIDC_BACKEND = "etablera.organisation.oidc.MunicipalityOIDCBackend"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    oidc = getattr(user, "backend", "") == OIDC_BACKEND
    summary = "Inloggning med kommunens inloggning (OpenID Connect)" if oidc else "Inloggning"
    log_event(user, AuditEvent.Action.LOGIN, object_type="User", summary=summary)
    capabilities(user)  # read the memberships once now, so that the first page finds them in the cache


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_event(user, AuditEvent.Action.LOGOUT, object_type="User", summary="Utloggning")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if "username" not in credentials:
        return  # a sign-in through the identity provider: etablera/organisation/oidc.py logs it with its reason
    username = str(credentials.get("username", ""))[:150]
    log_event(
        None, AuditEvent.Action.LOGIN_FAILED, object_type="User", summary=f"Misslyckad inloggning: {username}"
    )
