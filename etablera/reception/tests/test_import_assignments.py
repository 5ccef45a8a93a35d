"""`import assignments`: one row per anvisning, idempotent on the reference, status only forward, all or nothing."""

import datetime as dt

import pytest

from etablera.access.models import AuditEvent
from etablera.reception import services
from etablera.reception.importers import import_file
from etablera.reception.models import Assignment, ReceptionCase, Task

HEADER = "reference,municipality_code,category,decision_date,person_count,status,received_date,cancelled_date,cancel_reason"
ASSIGNED = "MV-25-001,0480,ABO,2025-03-03,4,anvisad,,,"
RECEIVED = "MV-25-002,0480,kvotflykting,2025-03-10,1,mottagen,2025-04-02,,"
CANCELLED = "MV-25-003,0381,ASSIGNED_FROM_FACILITY,2025-03-12,2,avbruten,,2025-03-20,Har ordnat eget boende"


def data(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def snapshot():
    return list(Assignment.objects.order_by("reference").values())


def errors(result):
    return [(e.row, e.column, e.code) for e in result.errors]


def test_it_creates_anvisningar_in_every_state(db, nykoping, enkoping):
    result = import_file("assignments", data(ASSIGNED, RECEIVED, CANCELLED))

    assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, [])
    a, r, c = Assignment.objects.order_by("reference")
    assert (a.municipality, a.category, a.person_count, a.status) == (
        nykoping,
        "ASSIGNED_FROM_FACILITY",
        4,
        "ASSIGNED",
    )
    # The latest reception date comes from the rule (2 months) and can explain itself.
    assert a.latest_reception_date == dt.date(2025, 5, 3)
    assert a.latest_reception_deadline.rule == "reception.latest_reception_date"
    assert a.quota_year == 2025
    assert (r.category, r.status, r.received_date) == ("RESETTLED", "RECEIVED", dt.date(2025, 4, 2))
    assert (c.municipality, c.status, c.cancelled_date, c.cancel_reason) == (
        enkoping,
        "CANCELLED",
        dt.date(2025, 3, 20),
        "Har ordnat eget boende",
    )
    # An import records history; it does not open reception cases or create tasks.
    assert not ReceptionCase.objects.exists() and not Task.objects.exists()


def test_each_anvisning_is_audited_and_the_import_once_with_counts_only(db):
    import_file("assignments", data(ASSIGNED, RECEIVED))

    assert AuditEvent.objects.filter(object_type="Assignment", action="CREATE").count() == 2
    assert AuditEvent.objects.filter(object_type="Assignment", action="UPDATE").count() == 1  # RECEIVED
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert (
        event.changes["created"] == 2 and event.changes["rows"] == 2 and event.changes["outcome"] == "saved"
    )
    assert "MV-25-001" not in str(event.changes) and "MV-25-001" not in event.summary
    assert len(event.changes["sha256"]) == 64


def test_importing_the_same_file_again_changes_nothing(db):
    file = data(ASSIGNED, RECEIVED, CANCELLED)
    import_file("assignments", file)
    before, changes = snapshot(), AuditEvent.objects.exclude(action="IMPORT").count()

    again = import_file("assignments", file)

    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 3, [])
    assert snapshot() == before  # to the last updated_at
    assert AuditEvent.objects.exclude(action="IMPORT").count() == changes


def test_a_later_file_moves_the_status_forward_and_reports_it_updated(db):
    import_file("assignments", data(ASSIGNED, "MV-25-004,0480,ABO,2025-03-03,3,,,,"))

    later = import_file(
        "assignments",
        data(
            "MV-25-001,0480,ABO,2025-03-03,4,avräknad,2025-04-15,,",
            "MV-25-004,0480,ABO,2025-03-03,3,avbruten,,2025-03-30,Flyttat till annan kommun",
        ),
    )

    assert (later.created, later.updated, later.unchanged, later.errors) == (0, 2, 0, [])
    received, cancelled = Assignment.objects.order_by("reference")
    assert (received.status, received.received_date) == ("RECEIVED", dt.date(2025, 4, 15))
    assert (cancelled.status, cancelled.cancel_reason) == ("CANCELLED", "Flyttat till annan kommun")
    assert not Task.objects.exists()


def test_the_status_cannot_move_backwards(db):
    import_file("assignments", data(RECEIVED))
    before = snapshot()

    result = import_file("assignments", data("MV-25-002,0480,kvotflykting,2025-03-10,1,anvisad,,,"))

    assert errors(result) == [(2, "status", "status_backwards")]
    assert "bakåt" in result.errors[0].message
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("MV-25-002,0480,kvotflykting,2025-03-10,1,avbruten,,2025-03-20,Ångrat", "status"),
        ("MV-25-002,0480,kvotflykting,2025-03-10,1,mottagen,2025-04-03,,", "received_date"),
    ],
)
def test_a_received_anvisning_cannot_be_cancelled_or_received_on_another_day(db, row, column):
    import_file("assignments", data(RECEIVED))

    result = import_file("assignments", data(row))

    assert errors(result) == [(2, column, "status_conflict")]
    assert Assignment.objects.get().received_date == dt.date(2025, 4, 2)


def test_a_later_file_does_not_change_the_decision_itself(db):
    import_file("assignments", data(ASSIGNED))

    result = import_file("assignments", data("MV-25-001,0480,ABO,2025-03-04,5,anvisad,,,"))

    assert errors(result) == [
        (2, "decision_date", "conflicting_data"),
        (2, "person_count", "conflicting_data"),
    ]
    assert "4" in result.errors[1].message  # says what Etablera has
    assert Assignment.objects.get().person_count == 4


def test_an_anvisning_whose_household_is_in_etablera_is_received_there(db, alice, family):
    services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MV-25-001",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=dt.date(2025, 3, 3),
        household=family,
    )

    result = import_file("assignments", data("MV-25-001,0480,ABO,2025-03-03,4,mottagen,2025-04-01,,"))

    assert errors(result) == [(2, "status", "household_registered")]
    assert Assignment.objects.get().status == "ASSIGNED"
    # Cancelling is the same either way, so the import may do it.
    cancelled = import_file(
        "assignments", data("MV-25-001,0480,ABO,2025-03-03,4,avbruten,,2025-03-05,Nytt beslut")
    )
    assert cancelled.updated == 1


def test_one_bad_row_among_good_ones_saves_nothing(db):
    bad = "MV-25-009,0480,ABO,2025-03-03,2,mottagen,2025-02-01,,"  # received before the decision

    result = import_file("assignments", data(ASSIGNED, RECEIVED, bad, CANCELLED))

    assert errors(result) == [(4, "received_date", "received_before_decision")]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.get(action="IMPORT").changes["outcome"] == "failed"


def test_a_failure_while_writing_rolls_back_the_rows_already_written(db, monkeypatch, nykoping):
    """Someone else registers MV-25-002 after the file was checked: the write fails and nothing of the file is
    kept (the rows are written in bulk, so the failure comes from the database's unique reference)."""
    from etablera.reception.importers import assignments as importer

    real = importer._existing

    def checked_before_the_other_write(table):
        found = real(table)
        Assignment.objects.create(
            reference="MV-25-002",
            municipality=nykoping,
            category="RESETTLED",
            person_count=1,
            quota_year=2025,
            decision_date=dt.date(2025, 3, 10),
            latest_reception_date=dt.date(2025, 5, 10),
        )
        return found

    monkeypatch.setattr(importer, "_existing", checked_before_the_other_write)

    result = import_file("assignments", data(ASSIGNED, RECEIVED))

    assert [e.code for e in result.errors] == ["concurrent_change"]
    assert result.created == 0
    assert list(Assignment.objects.values_list("reference", flat=True)) == ["MV-25-002"]  # only the other's


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("ABO", "ASSIGNED_FROM_FACILITY"),
        ("Anvisad från anläggningsboende (ABO)", "ASSIGNED_FROM_FACILITY"),
        ("kvotflykting", "RESETTLED"),
        ("Kvot", "RESETTLED"),
        ("anhörig", "FAMILY_REUNIFICATION"),
        ("Tillfälligt  skydd", "TEMPORARY_PROTECTION"),
        ("ensamkommande barn", "UNACCOMPANIED_MINOR"),
        ("resettled", "RESETTLED"),
    ],
)
def test_it_accepts_categories_as_codes_labels_and_abbreviations(db, category, code):
    result = import_file("assignments", data(f'MV-1,0480,"{category}",2025-03-03,1,,,,'))
    assert result.errors == []
    assert Assignment.objects.get().category == code


@pytest.mark.parametrize("category", ["EBO", "egenbosatt", "SELF_SETTLED", "Egenbosatt (EBO)"])
def test_a_self_settled_anvisning_is_recognised_and_refused(db, category):
    result = import_file("assignments", data(f'MV-1,0480,"{category}",2025-03-03,1,,,,'))
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, "category", "self_settled")]
    assert "Registrera hushåll i eget boende" in result.errors[0].message
    assert not Assignment.objects.exists()


def test_it_puts_back_the_leading_zero_excel_drops(db, nykoping):
    import_file("assignments", data("MV-1,480,ABO,2025-03-03,1,,,,"))
    assert Assignment.objects.get().municipality == nykoping


def test_a_stated_latest_reception_date_follows_the_regulation(db):
    header = "reference,municipality_code,category,decision_date,person_count,latest_reception_date"
    result = import_file(
        "assignments",
        data(
            "MV-1,0480,kvotflykting,2025-03-03,3,2025-07-01",  # later than two months: allowed for resettled
            "MV-2,0480,ABO,2025-03-03,3,2025-04-20",  # earlier than the default: allowed
            header=header,
        ),
    )
    assert result.errors == []
    assert Assignment.objects.get(reference="MV-1").latest_reception_date == dt.date(2025, 7, 1)

    late = import_file("assignments", data("MV-3,0480,ABO,2025-03-03,3,2025-07-01", header=header))
    assert errors(late) == [(2, "latest_reception_date", "invalid_latest_reception_date")]


def test_an_anvisning_may_count_against_the_previous_years_kommuntal(db):
    header = "reference,municipality_code,category,decision_date,person_count,quota_year"
    result = import_file("assignments", data("MV-1,0480,ABO,2025-01-20,2,2024", header=header))
    assert result.errors == [] and Assignment.objects.get().quota_year == 2024

    wrong = import_file(
        "assignments",
        data("MV-2,0480,ABO,2025-01-20,2,2023", "MV-3,0480,ABO,2025-01-20,2,2026", header=header),
    )
    assert errors(wrong) == [(2, "quota_year", "invalid_quota_year"), (3, "quota_year", "invalid_quota_year")]


def test_status_may_be_left_out(db):
    header = "reference,municipality_code,category,decision_date,person_count"
    result = import_file("assignments", data("MV-1,0480,ABO,2025-03-03,2", header=header))
    assert result.created == 1 and Assignment.objects.get().status == "ASSIGNED"


def test_a_dry_run_reports_what_would_happen_and_saves_nothing(db):
    result = import_file("assignments", data(ASSIGNED, RECEIVED), dry_run=True)
    assert (result.created, result.errors, result.dry_run) == (2, [], True)
    assert not Assignment.objects.exists()
    assert not AuditEvent.objects.exclude(action="IMPORT").exists()
    assert AuditEvent.objects.get(action="IMPORT").changes["outcome"] == "dry_run"
