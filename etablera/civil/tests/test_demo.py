"""What the demo shows of the civil register (issue #17): five associations in Nyköping with contacts and offers, one
IOP agreement, two monthly network meetings with follow-ups, two association activities in the catalogue — reached
by `handlaggare`, refused to `sfi` and `soc`, and a second load adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from etablera.activity.models import Activity
from etablera.civil.models import Agreement, Association, ContactPerson, FollowUp, NetworkMeeting
from etablera.organisation.models import User


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's tests (testing.fixtures.demo_for_the_module)."""


def test_the_register_is_there_once(demo):
    assert Association.objects.filter(municipality__code="0480").count() == 5
    assert Agreement.objects.filter(kind="IOP").count() == 1
    assert NetworkMeeting.objects.count() == 2
    assert FollowUp.objects.filter(done_on__isnull=False).count() == 1
    assert set(Activity.objects.filter(kind="ASSOCIATION").values_list("name", "organiser")) >= {
        ("Prova på fotboll", "Nyköpings Idrottsklubb"),
        ("Kvinnocafé med syjunta", "Kvinnor för gemenskap i Nyköping"),
    }
    counts = (Association.objects.count(), ContactPerson.objects.count(), FollowUp.objects.count())
    call_command("demo", "--skip-sodermanland", stdout=StringIO())
    assert (Association.objects.count(), ContactPerson.objects.count(), FollowUp.objects.count()) == counts


def test_the_demo_users_reach_it_as_their_roles_say(demo):
    def client(username):
        signed_in = Client()
        signed_in.force_login(User.objects.get(username=username))
        return signed_in

    body = client("handlaggare").get("/civilsamhallet/foreningar/?language=so").content.decode()
    assert "Nyköpings Idrottsklubb" in body and "Alla Helgona församling" not in body
    meetings = client("samordnare").get("/civilsamhallet/natverk/").content.decode()
    assert "Folkets hus" in meetings
    for username in ("sfi", "soc"):
        assert client(username).get("/civilsamhallet/").status_code == 403
    assert (
        client("enkoping").get("/civilsamhallet/foreningar/").content.decode().count("Nyköpings Idrottsklubb")
        == 0
    )
