"""API tokens: `etablera api_token create USERNAME --name NAME` (the token is printed once, only its hash is
kept), `etablera api_token list [USERNAME]` and `etablera api_token revoke ID`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import channel, log_event
from etablera.access.models import AuditEvent
from etablera.organisation.models import ApiToken, User


class Command(BaseCommand):
    help = "Skapa, lista och återkalla API-nycklar."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="Skapa en nyckel åt en användare (visas en enda gång).")
        create.add_argument("username", help="Användarnamnet nyckeln ska tillhöra.")
        create.add_argument("--name", required=True, help="Vad nyckeln används till, t.ex. 'Rapportverktyg'.")
        listing = sub.add_parser("list", help="Lista nycklar (aldrig själva nyckeln).")
        listing.add_argument("username", nargs="?", help="Bara denna användares nycklar.")
        revoke = sub.add_parser("revoke", help="Återkalla en nyckel.")
        revoke.add_argument("token_id", type=int, help="Nyckelns id (från 'list').")

    def handle(self, *args, **options):
        with channel(AuditEvent.Channel.CLI):
            return getattr(self, f"_{options['action']}")(options)

    @transaction.atomic
    def _create(self, options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Okänd användare: {options['username']}")
        if not user.is_active:
            raise CommandError(f"Användaren {user.username} är inaktiverad.")
        name = options["name"].strip()
        if not name:
            raise CommandError("Ange en beskrivning med --name.")
        token, raw = ApiToken.issue(user=user, name=name)
        log_event(
            None,
            AuditEvent.Action.CREATE,
            object_type="ApiToken",
            object_id=str(token.pk),
            summary=f"API-nyckel {token.prefix}… skapad åt {user.username}: {name}",
        )
        self.stdout.write(raw)
        self.stderr.write(
            f"API-nyckel {token.pk} ({token.prefix}…) skapad åt {user.username}. Spara den nu – den visas inte igen."
        )

    def _list(self, options):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if options.get("username"):
            tokens = tokens.filter(user__username=options["username"])
        self.stdout.write(
            f"{'id':>4}  {'användare':<16} {'prefix':<9} {'skapad':<16} {'senast använd':<16} status     namn"
        )
        for token in tokens:
            used = f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}" if token.last_used_at else "–"
            created = f"{timezone.localtime(token.created_at):%Y-%m-%d %H:%M}"
            status = "återkallad" if token.revoked_at else "aktiv"
            self.stdout.write(
                f"{token.pk:>4}  {token.user.username:<16} {token.prefix + '…':<9} {created:<16} {used:<16} "
                f"{status:<10} {token.name}"
            )

    @transaction.atomic
    def _revoke(self, options):
        token = ApiToken.objects.select_related("user").filter(pk=options["token_id"]).first()
        if token is None:
            raise CommandError(f"Ingen API-nyckel med id {options['token_id']}.")
        if token.revoked_at:
            self.stdout.write(f"API-nyckel {token.pk} var redan återkallad.")
            return
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        log_event(
            None,
            AuditEvent.Action.UPDATE,
            object_type="ApiToken",
            object_id=str(token.pk),
            summary=f"API-nyckel {token.prefix}… åt {token.user.username} återkallad",
        )
        self.stdout.write(f"API-nyckel {token.pk} ({token.prefix}…) åt {token.user.username} är återkallad.")
