"""Two administrators at the same moment (issue #9, findings 4 and 7): each in its own thread with its own
database connection. Two administrators removing each other's role at once must not leave the municipality without
one, and an account deactivated twice at once is deactivated once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.organisation import services
from etablera.organisation.models import Membership, Role, Unit, User
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.testing.factories import UserFactory
from etablera.transitions import StateConflict

pytestmark = CONCURRENT


def _fresh(model, pk):
    return model.objects.select_related("user", "unit__municipality").get(pk=pk)


def test_two_administrators_removing_each_other_at_once_leave_one(carol, units):
    dag = UserFactory.with_role("dag", units[Unit.Function.SFI], Role.ADMINISTRATOR)
    carols, dags = carol.memberships.get(), dag.memberships.get()
    results = at_once(
        lambda: services.remove_membership(
            actor=User.objects.get(pk=carol.pk), membership=_fresh(Membership, dags.pk)
        ),
        lambda: services.remove_membership(
            actor=User.objects.get(pk=dag.pk), membership=_fresh(Membership, carols.pk)
        ),
    )
    # The second is refused: as the last administrator, or (if it read its own rights after the first committed)
    # because it is no longer an administrator at all. Never a deadlock, never both.
    refused = [r for r in results if isinstance(r, ValidationError | PermissionDenied)]
    assert len(refused) == 1 and results.count(None) == 1, results
    assert Membership.objects.filter(role=Role.ADMINISTRATOR, unit__municipality__code="0480").count() == 1


def test_the_second_deactivation_waits_for_the_lock_and_is_refused(carol, alice):
    first, second, waited = while_locked(
        alice,
        lambda: services.deactivate_account(
            actor=User.objects.get(pk=carol.pk), user=User.objects.get(pk=alice.pk)
        ),
        lambda: services.deactivate_account(
            actor=User.objects.get(pk=carol.pk), user=User.objects.get(pk=alice.pk)
        ),
    )
    assert waited, "the second deactivation did not wait for the lock on the account"
    assert not isinstance(first, BaseException), first
    assert isinstance(second, StateConflict) and second.detail == "Kontot är redan inaktiverat."
    assert AuditEvent.objects.filter(object_type="Membership", changes__is_active=[True, False]).count() == 1
