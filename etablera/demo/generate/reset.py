"""Deleting a generated data set (`etablera generate --reset`): the generated people and reception data and the
generated housing, in one transaction, in SQL (a million persons are too many to delete through the ORM).

Not the audit log (append-only; on PostgreSQL a trigger refuses DELETE) and not the generated units and users,
which the log refers to and the next run reuses.
"""

# ruff: noqa: S608 — SQL below is built from model table and column names (quoted), never from input.

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from etablera.access.models import Consent
from etablera.demo.generate.activity import reset_activity
from etablera.demo.generate.common import REFERENCE_PREFIX
from etablera.demo.generate.establishment import reset_establishment
from etablera.demo.generate.housing import UNIT_PREFIX
from etablera.demo.generate.minors import reset_minors
from etablera.demo.generate.money import reset_money
from etablera.demo.generate.writing import _c, _t
from etablera.housing.models import Contract, HousingNeed, HousingUnit, MatchProposal
from etablera.people.models import Household, HouseholdMember, Person
from etablera.reception.models import Assignment, CaseEvent, MunicipalQuota, ReceptionCase, Task, TaskEvent


def reset_generated() -> dict[str, int]:
    """Delete the generated people and reception data (not the audit log, not units and users), in one
    transaction. Returns the number of rows deleted per table."""
    done: dict[str, int] = {}
    consent_units = Consent.units.through
    with transaction.atomic(), connection.cursor() as cursor:

        def run(label: str, sql: str, params: Iterable[Any] = ()) -> None:
            cursor.execute(sql, list(params))
            done[label] = done.get(label, 0) + max(cursor.rowcount, 0)

        for name in ("etablera_gen_households", "etablera_gen_persons", "etablera_gen_tasks"):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE etablera_gen_households AS SELECT DISTINCT {_c(Assignment, 'household')} "
            f"AS id FROM {_t(Assignment)} WHERE {_c(Assignment, 'reference')} LIKE %s "
            f"AND {_c(Assignment, 'household')} IS NOT NULL",
            [REFERENCE_PREFIX + "%"],
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE etablera_gen_persons AS SELECT DISTINCT {_c(HouseholdMember, 'person')} AS id "
            f"FROM {_t(HouseholdMember)} WHERE {_c(HouseholdMember, 'household')} IN "
            "(SELECT id FROM etablera_gen_households)"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE etablera_gen_tasks AS SELECT id FROM {_t(Task)} "
            f"WHERE {_c(Task, 'household')} IN (SELECT id FROM etablera_gen_households)"
        )
        households = "(SELECT id FROM etablera_gen_households)"
        persons = "(SELECT id FROM etablera_gen_persons)"
        reset_activity(run, persons, households)  # refers to the persons and households (issue #13)
        reset_money(run, persons, households)  # lines, moves and payments (issue #15): before the placements
        reset_minors(run, persons, households)  # the children's cases (issue #14)
        # Housing (etablera generate --housing-only) refers to the households and is protected from their
        # deletion: it goes first, and the generated homes with it.
        generated_units = f"(SELECT id FROM {_t(HousingUnit)} WHERE {_c(HousingUnit, 'reference')} LIKE %s)"
        run(
            "matchningsförslag",
            f"DELETE FROM {_t(MatchProposal)} WHERE {_c(MatchProposal, 'household')} IN {households} "
            f"OR {_c(MatchProposal, 'unit')} IN {generated_units}",
            [UNIT_PREFIX + "%"],
        )
        run("kontrakt", f"DELETE FROM {_t(Contract)} WHERE {_c(Contract, 'household')} IN {households}")
        run(
            "bostadsbehov",
            f"DELETE FROM {_t(HousingNeed)} WHERE {_c(HousingNeed, 'household')} IN {households}",
        )
        run(
            "bostäder",
            f"DELETE FROM {_t(HousingUnit)} WHERE id IN {generated_units} AND id NOT IN "
            f"(SELECT {_c(Contract, 'unit')} FROM {_t(Contract)})",
            [UNIT_PREFIX + "%"],
        )
        reset_establishment(run, persons)  # before the consents a SIP stands on, and the persons
        run(
            "samtycken",
            f"DELETE FROM {connection.ops.quote_name(consent_units._meta.db_table)} WHERE "
            f"{_c(consent_units, 'consent')} IN (SELECT id FROM {_t(Consent)} "
            f"WHERE {_c(Consent, 'person')} IN {persons})",
        )
        run("samtycken", f"DELETE FROM {_t(Consent)} WHERE {_c(Consent, 'person')} IN {persons}")
        run(
            "uppgiftshändelser",
            f"DELETE FROM {_t(TaskEvent)} WHERE {_c(TaskEvent, 'task')} IN (SELECT id FROM etablera_gen_tasks)",
        )
        run("uppgifter", f"DELETE FROM {_t(Task)} WHERE id IN (SELECT id FROM etablera_gen_tasks)")
        run("tidslinjer", f"DELETE FROM {_t(CaseEvent)} WHERE {_c(CaseEvent, 'household')} IN {households}")
        run(
            "mottaganden",
            f"DELETE FROM {_t(ReceptionCase)} WHERE {_c(ReceptionCase, 'household')} IN {households} "
            f"OR {_c(ReceptionCase, 'assignment')} IN (SELECT id FROM {_t(Assignment)} "
            f"WHERE {_c(Assignment, 'reference')} LIKE %s)",
            [REFERENCE_PREFIX + "%"],
        )
        run(
            "anvisningar",
            f"DELETE FROM {_t(Assignment)} WHERE {_c(Assignment, 'reference')} LIKE %s",
            [REFERENCE_PREFIX + "%"],
        )
        run(
            "hushållsmedlemmar",
            f"DELETE FROM {_t(HouseholdMember)} WHERE {_c(HouseholdMember, 'household')} IN {households}",
        )
        run("hushåll", f"DELETE FROM {_t(Household)} WHERE id IN {households}")
        run("personer", f"DELETE FROM {_t(Person)} WHERE id IN {persons}")
        run(
            "kommuntal",
            f"DELETE FROM {_t(MunicipalQuota)} WHERE {_c(MunicipalQuota, 'note')} LIKE %s",
            ["GEN%"],
        )
        for name in ("etablera_gen_households", "etablera_gen_persons", "etablera_gen_tasks"):
            cursor.execute(f"DROP TABLE {name}")
    return done
