"""What the demo shows of grants (issue #17): a round with applications at each step and one late report back,
reached by `handlaggare`; the open programme on the public page; a second load adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from etablera.grants.models import Application, GrantProgramme
from etablera.organisation.models import User
from etablera.testing.demo import demo_command


@pytest.fixture
def demo(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    demo_command()


def test_the_grant_round(demo, client):
    programme = GrantProgramme.objects.get(name__startswith="Integrationsbidraget")
    statuses = sorted(Application.objects.filter(programme=programme).values_list("status", flat=True))
    assert statuses == ["PAID", "REJECTED", "REPORTED", "SUBMITTED", "UNDER_ASSESSMENT"]
    late = [a for a in Application.objects.filter(programme=programme) if a.is_late]
    assert [a.association_name for a in late] == ["Alla Helgona församling"]
    assert Application.objects.filter(programme=programme, association__isnull=False).count() == 4
    assert programme.name in client.get("/medverka/bidrag/").content.decode()
    client.force_login(User.objects.get(username="handlaggare"))
    report = client.get("/civilsamhallet/bidrag/rapport/")
    assert report.status_code == 200 and report.context["report"].totals.late == 1
    before = Application.objects.count()
    call_command("demo", "--skip-sodermanland", stdout=StringIO())
    assert Application.objects.count() == before
