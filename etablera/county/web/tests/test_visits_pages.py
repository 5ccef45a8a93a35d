"""The municipality visits' pages (kommunbesök, issue #16): the county board plans, reads the answers once sent,
records the visit held with notes and follow-ups, and compares the answers; the municipality's administrator
answers (draft, then sent). Who gets which page, errors at the fields, a stale page's conflict as a message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.county import services_visits as services
from etablera.county.models import Answer, FollowUp, Visit, VisitNote
from etablera.organisation.models import County

YEAR = 2031


@pytest.fixture
def sodermanland(db):
    return County.objects.get(code="04")


@pytest.fixture
def visit(lena, sodermanland, nykoping):
    return services.plan_visit(
        actor=lena, county=sodermanland, municipality=nykoping, year=YEAR, planned_on=dt.date(YEAR, 10, 3)
    )


def _answers_post(visit, text="Så här arbetar vi.", **extra):
    data = {f"q{q.number}": f"{text} {q.number}" for q in visit.template.questions.all()}
    data.update(extra)
    return data


# --- who gets which page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "county_status", "municipality_status"),
    [("lena", 200, 403), ("carol", 403, 200), ("alice", 403, 403), ("charlie", 403, 403)],
)
def test_who_gets_the_pages(user, county_status, municipality_status, request, signed_in, visit):
    client = signed_in(request.getfixturevalue(user))
    for url in (
        reverse("county_visits"),
        reverse("county_visits_compare"),
        reverse("county_visit", args=[visit.pk]),
    ):
        assert client.get(url).status_code == county_status, url
    for url in (reverse("municipality_visits"), reverse("municipality_visit_answer", args=[visit.pk])):
        assert client.get(url).status_code == municipality_status, url


def test_anonymous_is_sent_to_sign_in(client, visit):
    for url in (reverse("county_visits"), reverse("municipality_visit_answer", args=[visit.pk])):
        assert client.get(url).status_code == 302


def test_a_visit_of_another_county_or_municipality_is_404(signed_in, visit, enkoping, carol):
    from etablera.organisation.models import Role, Unit
    from etablera.testing.factories import UnitFactory, UserFactory

    other = UserFactory.with_role(
        "enka", UnitFactory(municipality=enkoping, function=Unit.Function.RECEPTION), Role.ADMINISTRATOR
    )
    assert signed_in(other).get(reverse("municipality_visit_answer", args=[visit.pk])).status_code == 404
    assert signed_in(other).get(reverse("municipality_visits")).status_code == 200


# --- the county board ---------------------------------------------------------------------------------------------


def test_the_county_board_plans_a_visit(signed_in, lena, sodermanland):
    client = signed_in(lena)
    page = client.get(reverse("county_visits"), {"ar": YEAR})
    assert page.status_code == 200
    assert "Planera ett besök" in page.content.decode()
    response = client.post(
        reverse("county_visits") + f"?ar={YEAR}",
        {"lan": "04", "ar": YEAR, "municipality": "0480", "planned_on": f"{YEAR}-10-03"},
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("county_visit", args=[visit.pk])
    assert (visit.municipality.code, visit.year, visit.planned_on) == ("0480", YEAR, dt.date(YEAR, 10, 3))
    listed = client.get(reverse("county_visits"), {"ar": YEAR}).content.decode()
    assert "Nyköping" in listed and "Planerat" in listed


def test_planning_errors_sit_at_the_fields(signed_in, lena, sodermanland):
    response = signed_in(lena).post(
        reverse("county_visits"),
        {"lan": "04", "ar": YEAR, "municipality": "0480", "planned_on": f"{YEAR + 1}-01-05"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_planned_on_error"' in html and f"Besöket ska ligga under {YEAR}." in html
    assert not Visit.objects.exists()


def test_the_county_board_sees_answers_only_once_sent(signed_in, lena, carol, visit):
    services.save_answers(
        actor=carol, visit=visit, answers={visit.template.questions.get(number=1).pk: "Ett hemligt svar"}
    )
    page = signed_in(lena).get(reverse("county_visit", args=[visit.pk])).content.decode()
    assert "Ett hemligt svar" not in page and "Kommunen har inte skickat sina svar ännu." in page
    services.submit_answers(
        actor=carol, visit=visit, answers={q.pk: f"Svar {q.number}" for q in visit.template.questions.all()}
    )
    page = signed_in(lena).get(reverse("county_visit", args=[visit.pk])).content.decode()
    assert "Svar 1" in page and "Bosättning" in page


def test_the_visit_held_with_notes_follow_ups_and_closed(signed_in, lena, visit, today):
    client = signed_in(lena)
    url = reverse("county_visit", args=[visit.pk])
    held = client.post(
        url, {"action": "held", "held-held_on": today.isoformat(), "held-note": "Bostadsbristen är störst."}
    )
    assert held.status_code == 302
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.HELD
    assert VisitNote.objects.get().text == "Bostadsbristen är störst."
    assert client.post(url, {"action": "note", "note-text": "Kompletterande."}).status_code == 302
    added = client.post(
        url, {"action": "follow_up", "follow-what": "Integrationsplan", "follow-by_municipality": "on"}
    )
    assert added.status_code == 302
    item = FollowUp.objects.get()
    assert item.by_municipality
    done = client.post(
        url, {"action": "done", "follow_up": item.pk, f"done{item.pk}-done_on": today.isoformat()}
    )
    assert done.status_code == 302 and FollowUp.objects.get().done_on == today
    page = client.get(url).content.decode()
    assert "Integrationsplan" in page and "Kompletterande." in page
    assert client.post(url, {"action": "close"}).status_code == 302
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.CLOSED


def test_the_county_boards_form_errors_sit_at_the_fields(signed_in, lena, visit, today):
    client = signed_in(lena)
    url = reverse("county_visit", args=[visit.pk])
    future = (today + dt.timedelta(days=3)).isoformat()
    response = client.post(url, {"action": "held", "held-held_on": future})
    assert response.status_code == 422
    assert 'id="id_held-held_on_error"' in response.content.decode()
    client.post(url, {"action": "held", "held-held_on": today.isoformat()})
    response = client.post(url, {"action": "follow_up", "follow-what": "Något"})
    assert response.status_code == 422
    assert "Ange vem som ansvarar, eller kryssa i att kommunen ansvarar." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_second_held_shows_the_conflict_as_a_message(signed_in, lena, visit, today):
    client = signed_in(lena)
    url = reverse("county_visit", args=[visit.pk])
    client.post(url, {"action": "held", "held-held_on": today.isoformat()})
    again = client.post(url, {"action": "held", "held-held_on": today.isoformat()}, follow=True)
    assert "Besöket är redan genomfört." in again.content.decode()


def test_the_answers_side_by_side(signed_in, lena, carol, visit, django_assert_max_num_queries):
    services.submit_answers(
        actor=carol,
        visit=visit,
        answers={q.pk: f"Nyköpings svar {q.number}" for q in visit.template.questions.all()},
    )
    client = signed_in(lena)
    client.get(reverse("county_visits_compare"), {"ar": YEAR})  # warm the session and the caches
    with django_assert_max_num_queries(20):
        response = client.get(reverse("county_visits_compare"), {"ar": YEAR})
    html = response.content.decode()
    assert "Nyköpings svar 1" in html and "Nyköpings svar 10" in html
    assert '<th scope="col">Nyköping</th>' in html


# --- the municipality ---------------------------------------------------------------------------------------------


def test_the_municipality_saves_a_draft_then_sends(signed_in, carol, visit):
    client = signed_in(carol)
    url = reverse("municipality_visit_answer", args=[visit.pk])
    assert f'href="{url}"' in client.get(reverse("municipality_visits")).content.decode()
    form = client.get(url).content.decode()
    assert "<legend>Bosättning</legend>" in form and "Skriv inte namn eller personuppgifter." in form
    draft = client.post(url, {"q1": "Ja, en plan.", "save": ""})
    assert draft.status_code == 302
    assert Answer.objects.get().text == "Ja, en plan."
    assert "Ja, en plan." in client.get(url).content.decode()
    sent = client.post(url, _answers_post(visit, submit=""))
    assert sent.status_code == 302 and sent["Location"] == reverse("municipality_visits")
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.ANSWERED
    assert Answer.objects.count() == 10
    shown = client.get(url).content.decode()
    assert "Svaren är skickade" in shown and "<textarea" not in shown


def test_sending_with_a_missing_answer_puts_the_error_at_the_question(signed_in, carol, visit):
    data = _answers_post(visit, submit="")
    data["q4"] = ""
    response = signed_in(carol).post(reverse("municipality_visit_answer", args=[visit.pk]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_q4_error"' in html and "Svara på frågan innan svaren skickas." in html
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.PLANNED


def test_a_too_long_answer_is_refused_at_its_field(signed_in, carol, visit):
    response = signed_in(carol).post(
        reverse("municipality_visit_answer", args=[visit.pk]), {"q2": "x" * 4001, "save": ""}
    )
    assert response.status_code == 422 and 'id="id_q2_error"' in response.content.decode()
    assert not Answer.objects.exists()


def test_answers_sent_from_a_stale_page_are_a_message(signed_in, carol, visit):
    client = signed_in(carol)
    url = reverse("municipality_visit_answer", args=[visit.pk])
    client.post(url, _answers_post(visit, submit=""))
    again = client.post(url, _answers_post(visit, "Annat", submit=""), follow=True)
    assert "Svaren är redan skickade till Länsstyrelsen och kan inte ändras." in again.content.decode()
    assert not Answer.objects.filter(text__startswith="Annat").exists()
