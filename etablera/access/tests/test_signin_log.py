from etablera.access.models import AuditEvent


def test_sign_in_and_a_failed_attempt_are_logged_without_the_password(client, alice):
    assert client.login(username="alice", password="korrekt-häst-batteri")
    assert not client.login(username="alice", password="fel-lösenord-123")
    assert AuditEvent.objects.filter(actor=alice, action="LOGIN").count() == 1
    failed = AuditEvent.objects.get(action="LOGIN_FAILED")
    assert failed.actor is None and "alice" in failed.summary
    assert not AuditEvent.objects.filter(summary__contains="fel-lösenord").exists()
