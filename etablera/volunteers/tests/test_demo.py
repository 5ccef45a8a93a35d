"""What the demo shows of volunteers (issue #17): one volunteer at each step, Rania's wish waiting, Khaled's
language-friend match started with a follow-up — reached by `handlaggare`, and a second load adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from etablera.organisation.models import User
from etablera.testing.demo import demo_command
from etablera.volunteers.models import Match, NewcomerWish, Volunteer


@pytest.fixture
def demo(db):
    demo_command()


def test_volunteers_at_each_step_and_a_language_friend_match(demo, client):
    assert set(Volunteer.objects.values_list("status", flat=True)) == set(Volunteer.Status.values)
    assert Volunteer.objects.get(status="WITHDRAWN").name == "Raderad"
    match = Match.objects.get()
    assert match.status == "STARTED" and match.offer == "LANGUAGE_FRIEND" and match.follow_ups.count() == 1
    assert NewcomerWish.objects.get(status="WAITING").person.first_name == "Rania"
    client.force_login(User.objects.get(username="handlaggare"))
    html = client.get(f"/civilsamhallet/matchningar/{match.public_id}/").content.decode()
    assert "Anna Berg" in html and "Khaled" in html and "biblioteket" in html
    call_command("demo", "--skip-sodermanland", stdout=StringIO())
    assert Volunteer.objects.count() == 7 and Match.objects.count() == 1
