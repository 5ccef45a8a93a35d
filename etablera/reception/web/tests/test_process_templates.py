import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.reception import services, template_services
from etablera.reception.models import ProcessTemplate, Task, TemplateStep
from etablera.reception.template_services import StepInput


@pytest.fixture
def national():
    return ProcessTemplate.objects.get(municipality=None)


@pytest.fixture
def own(carol, nykoping):
    return template_services.copy_default_template(actor=carol, municipality=nykoping)


def edit_data(template, changes=None, extra=None, delete=()):
    """The edit form as the browser sends it: every step, the changes applied, and two extra rows."""
    steps = list(template.steps.order_by("order", "pk"))
    rows = []
    for step in steps:
        row = {
            "id": step.pk,
            "title": step.title,
            "description": step.description,
            "responsible_function": step.responsible_function,
            "scope": step.scope,
            "anchor": step.anchor,
            "offset_days": step.offset_days,
            "rule": step.rule,
            "min_age": "" if step.min_age is None else step.min_age,
            "max_age": "" if step.max_age is None else step.max_age,
            "order": step.order,
        }
        if step.establishment_age_only:
            row["establishment_age_only"] = "on"
        if step.requires_children:
            row["requires_children"] = "on"
        if step.pk in delete:
            row["DELETE"] = "on"
        row.update((changes or {}).get(step.pk, {}))
        rows.append(row)
    blank = {"scope": "HOUSEHOLD", "anchor": "ARRIVAL", "offset_days": "0", "order": "0"}
    rows += [{**blank, **(extra or {})}, dict(blank)]
    data = {
        "name": template.name,
        "is_active": "on",
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(rows):
        data.update({f"steps-{index}-{name}": value for name, value in row.items()})
    return data


def test_the_list_shows_the_national_default_and_offers_a_copy(client, carol, national):
    client.force_login(carol)
    page = client.get(reverse("template_list")).content.decode()
    assert national.name in page and "Nationell standard" in page
    assert "Skapa kommunens egen mall" in page


def test_copying_the_default_gives_the_municipality_its_own_template(client, carol, national, nykoping):
    client.force_login(carol)
    response = client.post(reverse("template_copy"), {"municipality": "0480"})
    own = ProcessTemplate.objects.get(municipality=nykoping)
    assert response["Location"] == reverse("template_detail", args=[own.pk])
    assert own.steps.count() == national.steps.count()
    assert set(own.steps.values_list("title", "offset_days", "min_age")) == set(
        national.steps.values_list("title", "offset_days", "min_age")
    )
    assert AuditEvent.objects.filter(actor=carol, object_type="ProcessTemplate", action="CREATE").exists()
    page = client.get(reverse("template_list")).content.decode()
    assert "Skapa kommunens egen mall" not in page


def test_a_second_copy_is_refused_with_a_message(client, carol, own):
    client.force_login(carol)
    response = client.post(reverse("template_copy"), {"municipality": "0480"}, follow=True)
    assert "har redan en egen mall" in response.content.decode()
    assert ProcessTemplate.objects.filter(municipality__code="0480").count() == 1


def test_the_national_default_is_read_only(client, carol, national):
    client.force_login(carol)
    page = client.get(reverse("template_detail", args=[national.pk])).content.decode()
    assert "kan inte ändras här" in page
    assert "steps-TOTAL_FORMS" not in page
    before = list(national.steps.values_list("title", flat=True))
    client.post(reverse("template_detail", args=[national.pk]), edit_data(national, extra={"title": "Nytt"}))
    assert list(national.steps.values_list("title", flat=True)) == before
    with pytest.raises(PermissionDenied):
        template_services.update_template(actor=carol, template=national, name="x", is_active=True, steps=[])


def test_an_administrator_changes_adds_and_removes_steps(client, carol, own):
    first, second = own.steps.order_by("order", "pk")[:2]
    first_days = first.offset_days
    client.force_login(carol)
    data = edit_data(
        own,
        changes={first.pk: {"offset_days": "12", "title": "Hämtning vid flygplatsen"}},
        extra={"title": "Välkomstsamtal", "responsible_function": "SOCIAL_SERVICES", "offset_days": "5"},
        delete=[second.pk],
    )
    response = client.post(reverse("template_detail", args=[own.pk]), data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.offset_days) == ("Hämtning vid flygplatsen", 12)
    assert not TemplateStep.objects.filter(pk=second.pk).exists()
    assert own.steps.filter(title="Välkomstsamtal", responsible_function="SOCIAL_SERVICES").exists()
    event = AuditEvent.objects.get(actor=carol, object_type="ProcessTemplate", action="UPDATE")
    assert event.changes["created"] == ["Välkomstsamtal"]
    assert event.changes["deleted"] == [second.title]
    assert event.changes["updated"][str(first.pk)]["offset_days"] == [first_days, 12]


def test_an_age_range_upside_down_is_an_error_at_the_field_and_nothing_is_saved(client, carol, own):
    step = own.steps.order_by("order", "pk").first()
    client.force_login(carol)
    data = edit_data(own, changes={step.pk: {"min_age": "20", "max_age": "10", "title": "Ändrad"}})
    response = client.post(reverse("template_detail", args=[own.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_steps-0-max_age_error"' in page
    assert "”Till och med ålder” kan inte vara lägre än ”från ålder”." in page
    assert '<a href="#id_steps-0-max_age">Steg 1: Till och med ålder' in page
    step.refresh_from_db()
    assert step.title != "Ändrad"
    assert not AuditEvent.objects.filter(action="UPDATE", object_type="ProcessTemplate").exists()


def test_a_new_step_needs_a_title_and_a_unit(client, carol, own):
    client.force_login(carol)
    data = edit_data(own, extra={"offset_days": "3"})
    page = client.post(reverse("template_detail", args=[own.pk]), data).content.decode()
    row = own.steps.count()
    assert f'id="id_steps-{row}-title_error"' in page
    assert "Ange en rubrik för steget." in page
    assert "Välj vilken enhet (ansvarsområde) som ansvarar för steget." in page


def test_a_template_cannot_lose_all_its_steps(carol, own):
    with pytest.raises(ValidationError) as error:
        template_services.update_template(
            actor=carol,
            template=own,
            name=own.name,
            is_active=True,
            steps=[],
            delete_ids=set(own.steps.values_list("pk", flat=True)),
        )
    assert "En mall måste ha minst ett steg." in error.value.message_dict["steps"]
    assert own.steps.exists()


def test_steps_of_another_template_cannot_be_smuggled_in(carol, own, national):
    foreign = national.steps.first()
    with pytest.raises(ValidationError):
        template_services.update_template(
            actor=carol,
            template=own,
            name=own.name,
            is_active=True,
            steps=[StepInput(id=foreign.pk, title="Kapad", responsible_function="RECEPTION")],
        )
    foreign.refresh_from_db()
    assert foreign.title != "Kapad"


def test_only_administrators_of_the_municipality_may_change_templates(alice, charlie, own, nykoping):
    with pytest.raises(PermissionDenied):
        template_services.copy_default_template(actor=alice, municipality=nykoping)
    with pytest.raises(PermissionDenied):
        template_services.update_template(actor=charlie, template=own, name="x", is_active=True, steps=[])


def test_another_municipalitys_template_is_not_found(client, carol, enkoping):
    theirs = ProcessTemplate.objects.create(municipality=enkoping, name="Enköpings mall")
    client.force_login(carol)
    assert client.get(reverse("template_detail", args=[theirs.pk])).status_code == 404
    assert "Enköpings mall" not in client.get(reverse("template_list")).content.decode()


def test_households_received_after_the_change_get_the_municipalitys_steps(
    client, carol, alice, own, assignment, today
):
    client.force_login(carol)
    data = edit_data(own, extra={"title": "Välkomstsamtal", "responsible_function": "SOCIAL_SERVICES"})
    client.post(reverse("template_detail", args=[own.pk]), data)
    case = services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=1)
    )
    assert case.template_name == own.name
    assert Task.objects.filter(case=case, title="Välkomstsamtal").exists()


def test_the_template_pages_cost_a_fixed_number_of_queries(client, carol, own, django_assert_max_num_queries):
    client.force_login(carol)
    with django_assert_max_num_queries(8):
        client.get(reverse("template_list"))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("template_detail", args=[own.pk])).content.decode()
    assert page.count('name="steps-') > 10 * own.steps.count()
