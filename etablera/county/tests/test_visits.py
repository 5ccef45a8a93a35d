"""Municipality visits (kommunbesök, issue #16): the seeded question template, the services (validation at the
fields, who may, the states under lock, the audit log) and the selectors (the answers side by side)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from etablera.access.models import AuditEvent
from etablera.county import selectors_visits as selectors
from etablera.county import services_visits as services
from etablera.county.models import Answer, FollowUp, Visit, VisitNote, VisitQuestion, VisitTemplate
from etablera.organisation.models import County, Role, Unit
from etablera.testing.factories import UnitFactory, UserFactory, municipality
from etablera.transitions import StateConflict

YEAR = 2031


@pytest.fixture
def sodermanland(db):
    return County.objects.get(code="04")


@pytest.fixture
def visit(lena, sodermanland, nykoping):
    return services.plan_visit(
        actor=lena, county=sodermanland, municipality=nykoping, year=YEAR, planned_on=dt.date(YEAR, 10, 3)
    )


def _all_answers(visit, text="Vi arbetar med det."):
    return {q.pk: f"{text} ({q.number})" for q in visit.template.questions.all()}


def _actions(subject_type):
    return list(AuditEvent.objects.filter(object_type=subject_type).values_list("action", "summary"))


# --- the template -------------------------------------------------------------------------------------------------


def test_the_template_holds_the_seeds_questions_in_their_areas(db):
    template = VisitTemplate.objects.get(county=None)
    questions = list(template.questions.order_by("number"))
    assert len(questions) == 10
    assert questions[0].text == (
        "Har kommunen någon övergripande integrationsplan/strategi med vision, långsiktighet och "
        "helhetsperspektiv?"
    )
    assert questions[3].area == VisitQuestion.Area.HOUSING and "bostadslösningar" in questions[3].text
    areas = {q.area for q in questions}
    assert {"housing", "reception", "strategy", "civil_society", "minors"} <= areas


# --- planning -----------------------------------------------------------------------------------------------------


def test_the_county_board_plans_a_visit_and_it_is_logged(visit, lena, nykoping):
    assert (visit.status, visit.municipality, visit.created_by) == (Visit.Status.PLANNED, nykoping, lena)
    assert visit.template.county is None
    assert _actions("Visit") == [(AuditEvent.Action.CREATE, f"Kommunbesök {YEAR} planerat {YEAR}-10-03")]


@pytest.mark.parametrize("user", ["carol", "alice", "charlie"])
def test_only_the_county_board_plans(user, request, sodermanland, nykoping):
    actor = request.getfixturevalue(user)
    with pytest.raises(PermissionDenied):
        services.plan_visit(
            actor=actor, county=sodermanland, municipality=nykoping, year=YEAR, planned_on=dt.date(YEAR, 5, 1)
        )
    assert not Visit.objects.exists()


def test_planning_is_validated_at_the_fields(visit, lena, sodermanland, nykoping):
    with pytest.raises(ValidationError) as again:
        services.plan_visit(
            actor=lena, county=sodermanland, municipality=nykoping, year=YEAR, planned_on=dt.date(YEAR, 5, 1)
        )
    assert again.value.message_dict == {"municipality": [f"Nyköping har redan ett kommunbesök {YEAR}."]}
    with pytest.raises(ValidationError) as wrong:
        services.plan_visit(
            actor=lena,
            county=sodermanland,
            municipality=municipality("0381"),  # Enköping, Uppsala län
            year=1999,
            planned_on=None,
        )
    errors = wrong.value.message_dict
    assert errors["municipality"] == ["Enköping ligger inte i Södermanlands län."]
    assert errors["year"] == ["Ange ett år från 2016 till 2100."]
    assert errors["planned_on"] == ["Ange dagen för besöket."]
    with pytest.raises(ValidationError) as other_year:
        services.plan_visit(
            actor=lena,
            county=sodermanland,
            municipality=municipality("0484"),
            year=YEAR,
            planned_on=dt.date(YEAR + 1, 1, 2),
        )
    assert other_year.value.message_dict == {"planned_on": [f"Besöket ska ligga under {YEAR}."]}


def test_one_visit_per_county_municipality_and_year_in_the_database(visit):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            county=visit.county,
            municipality=visit.municipality,
            year=visit.year,
            template=visit.template,
            planned_on=visit.planned_on,
        )


# --- answering ----------------------------------------------------------------------------------------------------


def test_the_municipality_saves_a_draft_and_sends_its_answers(visit, carol):
    first = visit.template.questions.get(number=1)
    assert services.save_answers(actor=carol, visit=visit, answers={first.pk: "  Ja, 2014–2018.  "}) == 1
    assert Answer.objects.get(visit=visit, question=first).text == "Ja, 2014–2018."
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.PLANNED
    assert services.save_answers(actor=carol, visit=visit, answers={first.pk: "Ja, 2014–2018."}) == 0
    services.submit_answers(actor=carol, visit=visit, answers=_all_answers(visit))
    visit.refresh_from_db()
    assert (visit.status, visit.submitted_by) == (Visit.Status.ANSWERED, carol)
    assert Answer.objects.filter(visit=visit).count() == 10
    assert (AuditEvent.Action.UPDATE, "Svar inför kommunbesök skickade till Länsstyrelsen") in _actions(
        "Visit"
    )


def test_sending_needs_every_answer_and_the_limits_hold(visit, carol):
    questions = list(visit.template.questions.order_by("number"))
    answers = _all_answers(visit)
    answers[questions[1].pk] = "   "
    answers[questions[2].pk] = "x" * 4001
    with pytest.raises(ValidationError) as error:
        services.submit_answers(actor=carol, visit=visit, answers=answers)
    assert error.value.message_dict == {
        "q2": ["Svara på frågan innan svaren skickas."],
        "q3": ["Högst 4000 tecken."],
    }
    assert not Answer.objects.exists()
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.PLANNED


def test_a_unit_manager_of_the_municipality_answers_too(visit, units):
    manager = UserFactory.with_role("maja", units[Unit.Function.SOCIAL_SERVICES], Role.UNIT_MANAGER)
    assert services.save_answers(actor=manager, visit=visit, answers=_all_answers(visit)) == 10


@pytest.mark.parametrize("user", ["alice", "charlie", "lena"])
def test_others_do_not_answer(user, request, visit):
    actor = request.getfixturevalue(user)
    with pytest.raises(PermissionDenied):
        services.save_answers(actor=actor, visit=visit, answers=_all_answers(visit))
    with pytest.raises(PermissionDenied):
        services.submit_answers(actor=actor, visit=visit, answers=_all_answers(visit))
    assert not Answer.objects.exists()


def test_an_administrator_of_another_municipality_does_not_answer(visit, enkoping):
    other = UserFactory.with_role(
        "enka", UnitFactory(municipality=enkoping, function=Unit.Function.RECEPTION), Role.ADMINISTRATOR
    )
    with pytest.raises(PermissionDenied):
        services.save_answers(actor=other, visit=visit, answers=_all_answers(visit))
    with pytest.raises(Http404):
        selectors.visit_for_municipality(other, visit.pk)


def test_answers_sent_cannot_be_changed_or_sent_again(visit, carol):
    services.submit_answers(actor=carol, visit=visit, answers=_all_answers(visit))
    stale = Visit.objects.get(pk=visit.pk)
    stale.status = Visit.Status.PLANNED  # a page read before the answers were sent
    with pytest.raises(StateConflict) as conflict:
        services.submit_answers(actor=carol, visit=stale, answers=_all_answers(visit, "Annat"))
    assert conflict.value.detail == "Svaren är redan skickade till Länsstyrelsen och kan inte ändras."
    with pytest.raises(StateConflict):
        services.save_answers(actor=carol, visit=stale, answers=_all_answers(visit, "Annat"))
    assert not Answer.objects.filter(text__startswith="Annat").exists()


def test_an_answer_that_is_not_the_templates_is_refused(visit, carol):
    other = VisitTemplate.objects.create(name="Annan mall")
    stray = VisitQuestion.objects.create(template=other, number=1, area="housing", text="?")
    with pytest.raises(ValidationError) as error:
        services.save_answers(actor=carol, visit=visit, answers={stray.pk: "Svar"})
    assert error.value.message_dict == {"__all__": ["Svaren hör inte till besökets frågemall."]}


# --- held, notes, follow-ups --------------------------------------------------------------------------------------


def test_the_visit_is_held_with_notes_and_follow_ups(visit, lena, carol, today):
    services.submit_answers(actor=carol, visit=visit, answers=_all_answers(visit))
    services.record_held(actor=lena, visit=visit, held_on=today, note="Bostadsfrågan diskuterades.")
    visit.refresh_from_db()
    assert (visit.status, visit.held_on) == (Visit.Status.HELD, today)
    assert VisitNote.objects.get(visit=visit).text == "Bostadsfrågan diskuterades."
    services.add_note(actor=lena, visit=visit, text="Kommunen skickar sin plan.")
    item = services.add_follow_up(
        actor=lena, visit=visit, what="Integrationsplanen", by_municipality=True, due_on=today
    )
    services.close_follow_up(actor=lena, follow_up=item, done_on=today)
    assert FollowUp.objects.get(pk=item.pk).done_on == today
    with pytest.raises(StateConflict) as twice:
        services.close_follow_up(actor=lena, follow_up=item, done_on=today)
    assert twice.value.detail == f"Punkten är redan klar ({today.isoformat()})."
    services.close_visit(actor=lena, visit=visit)
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.CLOSED
    with pytest.raises(StateConflict):
        services.add_note(actor=lena, visit=visit, text="För sent.")
    assert {summary for _action, summary in _actions("FollowUp")} == {
        "Uppföljningspunkt efter kommunbesök",
        f"Uppföljningspunkt klar {today.isoformat()}",
    }


def test_held_and_follow_ups_are_validated(visit, lena, today):
    with pytest.raises(ValidationError) as error:
        services.record_held(actor=lena, visit=visit, held_on=today + dt.timedelta(days=1), note="x" * 4001)
    assert error.value.message_dict == {
        "held_on": ["Dagen kan inte ligga i framtiden."],
        "note": ["Högst 4000 tecken."],
    }
    with pytest.raises(StateConflict) as early:
        services.add_follow_up(actor=lena, visit=visit, what="Något", responsible="Länsstyrelsen")
    assert "genomfört" in early.value.detail
    services.record_held(actor=lena, visit=visit, held_on=today)
    with pytest.raises(ValidationError) as missing:
        services.add_follow_up(actor=lena, visit=visit, what=" ", responsible="")
    assert missing.value.message_dict == {
        "what": ["Skriv vad som ska följas upp."],
        "responsible": ["Ange vem som ansvarar, eller kryssa i att kommunen ansvarar."],
    }
    with pytest.raises(StateConflict):
        services.record_held(actor=lena, visit=visit, held_on=today)


@pytest.mark.parametrize("user", ["carol", "alice", "charlie"])
def test_only_the_county_board_records_and_follows_up(user, request, visit, today):
    actor = request.getfixturevalue(user)
    with pytest.raises(PermissionDenied):
        services.record_held(actor=actor, visit=visit, held_on=today)
    with pytest.raises(PermissionDenied):
        services.add_note(actor=actor, visit=visit, text="Anteckning")
    with pytest.raises(PermissionDenied):
        services.close_visit(actor=actor, visit=visit)


# --- reading ------------------------------------------------------------------------------------------------------


def test_the_county_board_reads_answers_only_once_sent(visit, lena, carol):
    services.save_answers(actor=carol, visit=visit, answers=_all_answers(visit, "Utkast"))
    rows = selectors.questions_and_answers(visit, for_county=True)
    assert all(row.answer is None for row in rows)
    own = selectors.questions_and_answers(visit, for_county=False)
    assert own[0].answer.text == "Utkast (1)"
    assert selectors.comparison(lena, visit.county, YEAR).municipalities == []
    assert selectors.comparison(lena, visit.county, YEAR).waiting == [visit.municipality]


def test_the_answers_side_by_side(visit, lena, carol, sodermanland, django_assert_max_num_queries):
    services.submit_answers(actor=carol, visit=visit, answers=_all_answers(visit, "Nyköping"))
    trosa = municipality("0488")
    other = services.plan_visit(
        actor=lena, county=sodermanland, municipality=trosa, year=YEAR, planned_on=dt.date(YEAR, 9, 1)
    )
    trosa_admin = UserFactory.with_role(
        "tora", UnitFactory(municipality=trosa, function=Unit.Function.RECEPTION), Role.ADMINISTRATOR
    )
    services.submit_answers(actor=trosa_admin, visit=other, answers=_all_answers(other, "Trosa"))
    with django_assert_max_num_queries(6):
        data = selectors.comparison(lena, sodermanland, YEAR)
    assert [m.name for m in data.municipalities] == ["Trosa", "Nyköping"]  # by planned date
    question, cells = data.rows[0]
    assert question.number == 1 and cells == ["Trosa (1)", "Nyköping (1)"]
    assert len(data.rows) == 10
    # anyone but the county's board gets nothing
    assert selectors.comparison(carol, sodermanland, YEAR).rows == []
    with pytest.raises(Http404):
        selectors.visit_for_county(carol, visit.pk)
