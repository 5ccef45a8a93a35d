"""Gallring and the child's case (issue #14, minors/gallring.py): its entries count in the household's record and
move its retention date, an open case or a running placement keeps the household as an ongoing matter, a placement
keeps it as a record about a placed child, and when the household is gallrad the case stays with its dates, kinds,
costs and municipalities while what was written about the child and the people around them goes.

The child here was assigned from a facility (category ASSIGNED_FROM_FACILITY, not UNACCOMPANIED_MINOR): an
unaccompanied minor's household is kept whatever its dates (CHILD_PLACEMENT), which would hide what these tests look
at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from etablera.access import gallring
from etablera.access.tests.test_gallring import LONG_AGO, _at, make_household  # noqa: F401 (fixture)
from etablera.minors import gallring as minors_gallring
from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement, RelativeLink, TracingRequest
from etablera.people.models import Category, Household, Note, Person
from etablera.rules.retention import CHILD_PLACEMENT

AFTER_FIVE_YEARS = dt.date(LONG_AGO.year + 6, 6, 1)
LATER = dt.date(LONG_AGO.year + 3, 5, 4)


def _ids(planned) -> set[int]:
    return {record.pk for record in planned.households}


def _kept(planned) -> dict[int, str]:
    return {record.pk: record.kept_reason for record in planned.kept}


def _child(make_household, name: str = "Barnet"):  # noqa: F811
    household = make_household(name, [23], category=Category.ASSIGNED_FROM_FACILITY, birth_day=10)
    return household, household.members.get()


def _case(child, *, closed: bool = True, **fields) -> ChildCase:
    """A child's case written long ago (closed then, unless `closed` is false)."""
    if closed:
        fields |= {"status": ChildCase.Status.CLOSED, "closed_on": LONG_AGO}
    case = ChildCase.objects.create(person=child, municipality=child.municipality, **fields)
    ChildCase.objects.filter(pk=case.pk).update(created_at=_at(LONG_AGO), updated_at=_at(LONG_AGO))
    return case


def _placement(case, *, ends_on=LONG_AGO, **fields) -> Placement:
    placement = Placement.objects.create(
        case=case,
        kind=Placement.Kind.FAMILY_HOME,
        provider="Familjehemmet Lindgren, Stigtomta",
        decided_on=LONG_AGO - dt.timedelta(days=200),
        starts_on=LONG_AGO - dt.timedelta(days=200),
        ends_on=ends_on,
        end_reason=Placement.EndReason.PLANNED if ends_on else "",
        cost_per_day=Decimal("1850.00"),
        special_reasons="Vill bo nära morbror Karim i Stigtomta",
        external_id="LIFECARE-4711",
        **fields,
    )
    Placement.objects.filter(pk=placement.pk).update(created_at=_at(LONG_AGO), updated_at=_at(LONG_AGO))
    return placement


def _written_long_ago(model, obj) -> None:
    model.objects.filter(pk=obj.pk).update(created_at=_at(LONG_AGO))


# --- the entries ----------------------------------------------------------------------------------------------------


def _visit(case):
    _written_long_ago(FollowUpVisit, FollowUpVisit.objects.create(case=case, visited_on=LATER))


def _guardian_ended(case):
    guardian = Guardian.objects.create(
        case=case, kind=Guardian.Kind.GOOD_MAN, name="Anna Ek", appointed_on=LONG_AGO, ended_on=LATER
    )
    _written_long_ago(Guardian, guardian)


def _tracing_settled(case):
    tracing = TracingRequest.objects.create(
        case=case, requested_on=LONG_AGO, via="Röda korset", outcome="NOT_FOUND", closed_on=LATER
    )
    _written_long_ago(TracingRequest, tracing)


def _report_sent(case):
    ChildCase.objects.filter(pk=case.pk).update(report_sent_on=LATER)


def _decided_at_18(case):
    ChildCase.objects.filter(pk=case.pk).update(after_18="KEEP", after_18_decided_on=LATER)


def _care_plan(case):
    ChildCase.objects.filter(pk=case.pk).update(care_plan="Skola och fritid", care_plan_updated_on=LATER)


def _closed_later(case):
    ChildCase.objects.filter(pk=case.pk).update(closed_on=LATER)


def _changed_later(case):
    ChildCase.objects.filter(pk=case.pk).update(updated_at=_at(LATER))


@pytest.mark.parametrize(
    "entry",
    [
        _visit,
        _guardian_ended,
        _tracing_settled,
        _report_sent,
        _decided_at_18,
        _care_plan,
        _closed_later,
        _changed_later,
    ],
)
def test_an_entry_in_the_child_case_moves_the_household_retention_date(make_household, entry):  # noqa: F811
    household, child = _child(make_household)
    case = _case(child)
    # Written long ago and nothing since: due like any household.
    assert household.pk in _ids(gallring.plan(today=AFTER_FIVE_YEARS))
    entry(case)
    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    assert household.pk not in _ids(planned) and household.pk not in _kept(planned)  # its period runs
    record = next(
        r for r in gallring.plan(today=dt.date(LATER.year + 6, 1, 2)).households if r.pk == household.pk
    )
    assert record.outcome.last_entry == LATER


def test_a_placement_end_moves_the_date_and_keeps_the_household_as_a_placed_child(make_household):  # noqa: F811
    household, child = _child(make_household)
    _placement(_case(child), ends_on=LATER)
    later = gallring.plan(today=dt.date(LATER.year + 6, 1, 2))
    record = next(r for r in later.kept if r.pk == household.pk)
    assert record.outcome.last_entry == LATER
    assert record.kept_reason == CHILD_PLACEMENT and record.outcome.expired and not record.outcome.due
    assert child.pk not in later.persons


def test_a_placed_child_keeps_its_own_social_notes(make_household):  # noqa: F811
    household, child = _child(make_household)
    _placement(_case(child))
    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    assert _kept(planned)[household.pk] == CHILD_PLACEMENT
    assert child.pk not in {group.person_id for group in planned.note_groups}
    gallring.execute(today=AFTER_FIVE_YEARS)
    assert Note.objects.filter(person=child).exists()
    assert Placement.objects.get(case__person=child).provider == "Familjehemmet Lindgren, Stigtomta"


# --- an ongoing matter ----------------------------------------------------------------------------------------------


def test_an_open_child_case_keeps_the_household_and_a_closed_one_does_not(make_household):  # noqa: F811
    household, child = _child(make_household)
    case = _case(child, closed=False)
    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    assert _kept(planned)[household.pk] == gallring.ONGOING
    assert household.pk not in _ids(planned) and child.pk not in planned.persons
    ChildCase.objects.filter(pk=case.pk).update(status=ChildCase.Status.CLOSED, closed_on=LONG_AGO)
    assert household.pk in _ids(gallring.plan(today=AFTER_FIVE_YEARS))


def test_a_placement_that_runs_is_ongoing(make_household):  # noqa: F811
    household, child = _child(make_household)
    # Closed on paper with a placement whose end is still to come (an import, or a case closed by hand).
    _placement(_case(child), ends_on=None)
    assert _kept(gallring.plan(today=AFTER_FIVE_YEARS))[household.pk] == gallring.ONGOING


def test_the_dry_run_names_the_child_case_by_nothing(make_household):  # noqa: F811
    household, child = _child(make_household)
    _case(child, young_adult_plan="Bo kvar hos morbror Karim", closed_reason="Flyttat till Malmö")
    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    text = str(planned.as_json())
    assert str(household.public_id) in text
    assert "Karim" not in text and "Malmö" not in text


# --- the execution --------------------------------------------------------------------------------------------------


def test_execution_clears_the_texts_and_keeps_the_dates_kinds_and_municipalities(
    make_household,  # noqa: F811
    enkoping,
):
    household, child = _child(make_household)
    relatives, _relative = _child(make_household, "Familjen Anhörig")
    case = _case(
        child,
        arrival_municipality=enkoping,
        residing_municipality=enkoping,
        arrived_on=LONG_AGO - dt.timedelta(days=300),
        asylum_status=ChildCase.AsylumStatus.TEMPORARY_PERMIT,
        permit_decided_on=dt.date(LONG_AGO.year - 1, 8, 17),
        investigation_started_on=LONG_AGO - dt.timedelta(days=290),
        investigation_decided_on=LONG_AGO - dt.timedelta(days=250),
        report_sent_on=LONG_AGO - dt.timedelta(days=30),
        after_18=ChildCase.After18.KEEP,
        after_18_decided_on=LONG_AGO - dt.timedelta(days=10),
        young_adult_plan="Bo kvar hos morbror Karim och läsa på gymnasiet",
        care_plan="Samtal med BUP varannan vecka",
        care_plan_updated_on=LONG_AGO - dt.timedelta(days=60),
        closed_reason="Flyttat till Malmö med sin moster",
    )
    guardian = Guardian.objects.create(
        case=case,
        kind=Guardian.Kind.GOOD_MAN,
        name="Anna Ek",
        phone="070-123 45 67",
        email="anna.ek@example.se",
        applied_on=LONG_AGO - dt.timedelta(days=300),
        appointed_on=LONG_AGO - dt.timedelta(days=280),
        ended_on=LONG_AGO - dt.timedelta(days=10),
        end_reason=Guardian.EndReason.ADULT,
    )
    visit = FollowUpVisit.objects.create(
        case=case, visited_on=LONG_AGO - dt.timedelta(days=40), note="Trivs i skolan"
    )
    tracing = TracingRequest.objects.create(
        case=case,
        requested_on=LONG_AGO - dt.timedelta(days=200),
        via="Röda korset genom kusinen Samir",
        outcome=TracingRequest.Outcome.FOUND,
        closed_on=LONG_AGO - dt.timedelta(days=100),
        note="Mamman bor i Kabul",
    )
    link = RelativeLink.objects.create(case=case, household=relatives, relation="moster", noted_on=LONG_AGO)
    for model, obj in (
        (Guardian, guardian),
        (FollowUpVisit, visit),
        (TracingRequest, tracing),
        (RelativeLink, link),
    ):
        _written_long_ago(model, obj)

    done = gallring.execute(today=AFTER_FIVE_YEARS)
    assert household.pk in {record.pk for record in done.households} and child.pk in done.persons

    case.refresh_from_db()
    assert (case.young_adult_plan, case.care_plan, case.closed_reason) == ("", "", "")
    assert case.permit_decided_on == dt.date(LONG_AGO.year - 1, 1, 1)  # the year, as the register's permit
    assert (case.arrival_municipality, case.residing_municipality, case.municipality) == (
        enkoping,
        enkoping,
        child.municipality,
    )
    assert (case.asylum_status, case.after_18, case.status) == ("TEMPORARY_PERMIT", "KEEP", "CLOSED")
    assert (case.arrived_on, case.investigation_started_on, case.investigation_decided_on) == (
        LONG_AGO - dt.timedelta(days=300),
        LONG_AGO - dt.timedelta(days=290),
        LONG_AGO - dt.timedelta(days=250),
    )
    assert (case.report_sent_on, case.after_18_decided_on, case.care_plan_updated_on, case.closed_on) == (
        LONG_AGO - dt.timedelta(days=30),
        LONG_AGO - dt.timedelta(days=10),
        LONG_AGO - dt.timedelta(days=60),
        LONG_AGO,
    )
    guardian.refresh_from_db()
    assert "Ek" not in guardian.name and (guardian.phone, guardian.email) == ("", "")
    assert (guardian.kind, guardian.end_reason) == ("GOOD_MAN", "ADULT")
    assert (guardian.applied_on, guardian.appointed_on, guardian.ended_on) == (
        LONG_AGO - dt.timedelta(days=300),
        LONG_AGO - dt.timedelta(days=280),
        LONG_AGO - dt.timedelta(days=10),
    )
    visit.refresh_from_db()
    assert visit.note == "" and visit.visited_on == LONG_AGO - dt.timedelta(days=40)
    tracing.refresh_from_db()
    assert tracing.note == "" and "Samir" not in tracing.via
    assert (tracing.outcome, tracing.requested_on, tracing.closed_on) == (
        "FOUND",
        LONG_AGO - dt.timedelta(days=200),
        LONG_AGO - dt.timedelta(days=100),
    )
    # The link to the relatives' household (still named in its own record) would identify the child again.
    assert (
        not RelativeLink.objects.filter(pk=link.pk).exists()
        and Household.objects.filter(pk=relatives.pk).exists()
    )
    assert Person.objects.get(pk=child.pk).anonymised_at is not None


def test_clearing_a_placement_keeps_what_the_state_compensation_counts(make_household):  # noqa: F811
    # A placed child's household is kept (CHILD_PLACEMENT), so gallring never reaches its placements today; the
    # clearing is still defined should the exemption end.
    _household, child = _child(make_household)
    placement = _placement(_case(child))
    minors_gallring.clear_persons([child.pk], cleared=gallring.CLEARED_REASON)
    placement.refresh_from_db()
    assert (
        "Lindgren" not in placement.provider
        and placement.special_reasons == ""
        and placement.external_id == ""
    )
    assert (placement.kind, placement.cost_per_day, placement.end_reason) == (
        "FAMILY_HOME",
        Decimal("1850.00"),
        "PLANNED",
    )
    assert (placement.decided_on, placement.starts_on, placement.ends_on) == (
        LONG_AGO - dt.timedelta(days=200),
        LONG_AGO - dt.timedelta(days=200),
        LONG_AGO,
    )
