"""The household search's bench case (issue #11), for the page and the API: its SQL floor and the same keys from
reception's selector (reception.selectors.search). Kept apart from cases/reception.py, which lists the case, so
that neither module grows past its size."""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

from etablera.access.policy import capabilities
from etablera.benchmarks.cases.access import _visible
from etablera.benchmarks.cases.common import Context, _in, _log_households, _t
from etablera.organisation.models import Municipality
from etablera.people.models import Household, HouseholdMember, Person
from etablera.people.names import search_key
from etablera.reception import selectors
from etablera.reception.models import Assignment, ReceptionCase
from etablera.reception.selectors import search as search_selectors


def _folded(column: str) -> str:
    """The household's name as the search compares it (reception.selectors.search._folded_name)."""
    sql = f"LOWER({column})"
    for plain, accented in search_selectors._FOLDS.items():
        for letter in dict.fromkeys(accented + accented.upper()):
            if not letter.isascii():
                sql = f"REPLACE({sql}, '{letter}', '{plain}')"
    return sql


def _search_floor(limit: int, summary: str, with_count: bool):
    """The household search by name (ctx.search, a common surname): every word of its search key in the folded
    household name or in the name key of a member of the user's municipalities; then the page's members (the
    persons the user sees), anvisningar and latest reception case, as the selector reads them."""

    def floor(cursor, ctx: Context, i: int) -> list:
        visible, params = _visible(ctx, ctx.user, "h.municipality_id", "h")
        munis, muni_params = _in(capabilities(ctx.user).staff_municipality_ids)
        # The persons' municipalities as bigints, so that the trigram index takes them
        # (people.selectors.in_municipalities).
        person_munis = ", ".join(["CAST(%s AS BIGINT)"] * len(muni_params)) or "NULL"
        conditions, word_params = [], []
        for word in search_key(ctx.search).split()[: search_selectors.MAX_WORDS]:
            like = f"%{word}%"
            # Members live in their household's municipality: the persons of the user's municipalities (by the
            # trigram index over the municipality and the name key), then the households the user sees.
            conditions.append(
                f"({_folded('h.name')} LIKE %s OR h.id IN (SELECT hm2.household_id FROM {_t(HouseholdMember)} hm2 "
                f"JOIN {_t(Person)} p2 ON p2.id = hm2.person_id JOIN {_t(Household)} h2 ON h2.id = hm2.household_id "
                f"WHERE p2.municipality_id IN ({person_munis}) AND h2.municipality_id IN ({munis}) "
                f"AND p2.name_key LIKE %s))"
            )
            word_params += [like, *muni_params, *muni_params, like]
        where = f"h.municipality_id IN ({munis}) AND {visible} AND {' AND '.join(conditions) or '1 = 0'}"
        all_params = [*muni_params, *params, *word_params]
        cursor.execute(
            f"SELECT h.id, h.public_id, h.name, m.name, (SELECT COUNT(*) FROM {_t(HouseholdMember)} c "
            f"WHERE c.household_id = h.id), (SELECT rc.id FROM {_t(ReceptionCase)} rc WHERE rc.household_id = "
            f"h.id AND rc.status = 'OPEN' LIMIT 1) IS NOT NULL, (SELECT rc.status FROM {_t(ReceptionCase)} rc WHERE rc.household_id = "
            f"h.id ORDER BY rc.arrival_date DESC, rc.id DESC LIMIT 1), (SELECT rc.arrival_date FROM "
            f"{_t(ReceptionCase)} rc WHERE rc.household_id = h.id ORDER BY rc.arrival_date DESC, rc.id DESC "
            f"LIMIT 1) FROM {_t(Household)} h JOIN {_t(Municipality)} m ON m.id = h.municipality_id "
            f"WHERE {where} ORDER BY h.name, h.id LIMIT %s",
            [*all_params, limit],
        )
        rows = cursor.fetchall()
        ids, id_params = _in([r[0] for r in rows])
        if rows:
            person_visible, person_params = _visible(ctx, ctx.user, "p.municipality_id", "hm_h")
            cursor.execute(
                f"SELECT hm.household_id, hm.relation, p.first_name, p.last_name, p.birth_date, "
                f"p.protected_identity FROM {_t(HouseholdMember)} hm JOIN {_t(Person)} p ON p.id = hm.person_id "
                f"JOIN {_t(Household)} hm_h ON hm_h.id = hm.household_id "
                f"WHERE hm.household_id IN ({ids}) AND {person_visible} ORDER BY p.birth_date, hm.id",
                [*id_params, *person_params],
            )
            cursor.fetchall()
            cursor.execute(
                f"SELECT a.household_id, a.reference, a.status FROM {_t(Assignment)} a "
                f"WHERE a.household_id IN ({ids}) ORDER BY a.decision_date DESC, a.id DESC",
                id_params,
            )
            cursor.fetchall()
        count = len(rows)
        if with_count:
            cursor.execute(f"SELECT COUNT(*) FROM {_t(Household)} h WHERE {where}", all_params)
            count = cursor.fetchone()[0]
        _log_households(cursor, ctx, [r[1] for r in rows], summary)
        return [count, [r[0] for r in rows]]

    return floor


def _search_app(limit: int, with_count: bool):
    def app(ctx: Context, i: int) -> list:
        rows = selectors.search_households(ctx.user, ctx.search, limit)
        count = selectors.count_households(ctx.user, ctx.search) if with_count else len(rows)
        return [count, [h.pk for h in rows]]

    return app
