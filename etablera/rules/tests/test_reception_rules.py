import datetime as dt

import pytest

from etablera.rules import reception
from etablera.rules.dates import add_months, age_on, birthday
from etablera.rules.deadlines import Deadline
from etablera.rules.parameters import PARAMETERS, UnknownParameter, parameter


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (dt.date(2025, 12, 31), dt.date(2026, 2, 28)),  # the example: no 31 February
        (dt.date(2023, 12, 31), dt.date(2024, 2, 29)),  # leap year
        (dt.date(2026, 1, 15), dt.date(2026, 3, 15)),
        (dt.date(2026, 11, 30), dt.date(2027, 1, 30)),  # over the new year
        (dt.date(2026, 8, 31), dt.date(2026, 10, 31)),
    ],
)
def test_latest_reception_date_is_two_months_after_the_decision(decision, expected):
    deadline = reception.latest_reception_date(decision, "ASSIGNED_FROM_FACILITY")
    assert deadline.date == expected
    assert deadline.based_on == {"Beslutsdatum": decision}
    assert "2016:39" in deadline.source and "10 §" in deadline.source
    assert deadline.status == "in_force"
    assert decision.isoformat() in deadline.explanation and expected.isoformat() in deadline.explanation


def test_a_stated_date_within_two_months_is_accepted_and_explained():
    deadline = reception.check_latest_reception_date(
        dt.date(2026, 1, 10), dt.date(2026, 2, 1), "SELF_SETTLED"
    )
    assert deadline.date == dt.date(2026, 2, 1)
    assert "angivet i anvisningen" in deadline.explanation


def test_a_later_date_is_refused_except_for_resettled_refugees():
    with pytest.raises(reception.ReceptionRuleError, match="högst två månader"):
        reception.check_latest_reception_date(
            dt.date(2026, 1, 10), dt.date(2026, 3, 11), "ASSIGNED_FROM_FACILITY"
        )
    deadline = reception.check_latest_reception_date(dt.date(2026, 1, 10), dt.date(2026, 5, 1), "RESETTLED")
    assert deadline.date == dt.date(2026, 5, 1)
    assert "kvotflykting" in reception.latest_reception_date(dt.date(2026, 1, 10), "RESETTLED").explanation


def test_latest_reception_date_cannot_precede_the_decision():
    with pytest.raises(reception.ReceptionRuleError, match="före beslutsdatum"):
        reception.check_latest_reception_date(dt.date(2026, 1, 10), dt.date(2026, 1, 9), "RESETTLED")


def test_received_date_must_follow_decision_and_not_be_in_the_future():
    today = dt.date(2026, 11, 23)
    reception.check_received_date(dt.date(2026, 11, 1), dt.date(2026, 11, 1), today)
    with pytest.raises(reception.ReceptionRuleError, match="före beslutsdatum"):
        reception.check_received_date(dt.date(2026, 11, 1), dt.date(2026, 10, 31), today)
    with pytest.raises(reception.ReceptionRuleError, match="framtiden"):
        reception.check_received_date(dt.date(2026, 11, 1), dt.date(2026, 11, 24), today)


@pytest.mark.parametrize(
    ("quota", "counted", "remaining"), [(135, 87, 48), (2, 8, 0), (0, 0, 0), (36, 36, 0)]
)
def test_remaining_to_count_is_never_negative(quota, counted, remaining):
    assert reception.remaining_to_count(quota, counted) == remaining


def test_age_and_birthdays_handle_leap_days():
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert birthday(dt.date(2008, 2, 29), 18) == dt.date(2026, 3, 1)
    assert birthday(dt.date(2008, 5, 17), 18) == dt.date(2026, 5, 17)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


def test_every_parameter_has_a_source_a_status_and_a_date():
    for p in PARAMETERS:
        assert p.source and p.description
        assert p.status in {"in_force", "proposed", "unverified"}
        assert isinstance(p.effective_from, dt.date)


def test_a_parameter_is_taken_in_the_version_in_effect(monkeypatch):
    from etablera.rules import parameters

    newer = parameters.Parameter(
        key="reception.latest_reception_months",
        value=3,
        effective_from=dt.date(2030, 1, 1),
        status="proposed",
        source="Tänkt lagändring",
        description="Test",
    )
    monkeypatch.setattr(parameters, "PARAMETERS", (*parameters.PARAMETERS, newer))
    assert parameter("reception.latest_reception_months", dt.date(2029, 12, 31)).value == 2
    assert parameter("reception.latest_reception_months", dt.date(2030, 1, 1)).value == 3
    assert reception.latest_reception_date(dt.date(2030, 1, 15), "SELF_SETTLED").date == dt.date(2030, 4, 15)
    with pytest.raises(UnknownParameter):
        parameter("no.such.rule", dt.date(2026, 1, 1))


def test_a_deadline_as_json_holds_every_field_and_owns_its_messages():
    """as_json is written field by field (for the import's speed): it must still carry every field of the
    dataclass, the dates as ISO text, and copies of the messages, so changing the dict never changes the deadline."""
    import dataclasses

    deadline = reception.latest_reception_date(dt.date(2026, 3, 10), "ABO").with_note(["En anteckning.", {}])
    data = deadline.as_json()
    assert list(data) == [f.name for f in dataclasses.fields(deadline)]
    assert data["date"] == deadline.date.isoformat()
    assert all(isinstance(v, str) for v in data["based_on"].values())
    assert data["i18n"] == deadline.i18n and data["i18n"] is not deadline.i18n
    data["i18n"]["explanation"].append(["Till.", {}])
    assert ["Till.", {}] not in deadline.i18n["explanation"]
    assert reception.latest_reception_date(dt.date(2026, 3, 10), "ABO").shown().date == deadline.date


def test_shown_renders_as_the_stored_round_trip_does():
    """shown() renders the messages directly (the lists call it once per row); it must give what the stored
    round trip (as_json, then from_json) gives, in Swedish and in English."""
    from django.utils import translation

    deadline = reception.latest_reception_date(dt.date(2026, 3, 10), "ABO").with_note(["En anteckning.", {}])
    for language in ("sv", "en"):
        with translation.override(language):
            assert deadline.shown() == Deadline.from_json(deadline.as_json())


def test_a_changed_parameter_is_not_answered_from_the_kept_deadlines(monkeypatch):
    """The default latest reception date is kept per (decision date, category, parameter version): a law change
    made as data — a new version of the parameter — gives the new date at once, not the kept one."""
    from dataclasses import replace

    from etablera.rules import parameters

    decision = dt.date(2026, 4, 10)
    assert reception.latest_reception_date(decision, "RESETTLED").date == dt.date(2026, 6, 10)  # now kept
    changed = tuple(
        replace(p, value=3) if p.key == "reception.latest_reception_months" else p for p in PARAMETERS
    )
    monkeypatch.setattr(parameters, "PARAMETERS", changed)
    assert reception.latest_reception_date(decision, "RESETTLED").date == dt.date(2026, 7, 10)
    monkeypatch.undo()
    assert reception.latest_reception_date(decision, "RESETTLED").date == dt.date(2026, 6, 10)
