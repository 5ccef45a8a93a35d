"""The indicator catalogue (issue #16): what each figure means, where its data comes from, its unit, the official
indicator it mirrors where one exists, and the breakdowns it supports — and `compute()`, which makes any of them a
table of figures per municipality (and the county), small cells suppressed. Figures only: nothing in a result names
or dates a person.

Adding an indicator is one entry in `CATALOGUE` and one records function in sources.py (or a new source module); a
new kind of figure is one entry in table.AGGREGATES. The Kolada id in RULES.md (N00973) is unverified, and the
catalogue says so wherever it names it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from etablera.followup import sources
from etablera.followup.models import Population
from etablera.followup.table import NotMeasurable, Record, Row, Scope, build
from etablera.organisation.models import County, Municipality
from etablera.people.models import Category
from etablera.rules import followup as rules
from etablera.rules.parameters import parameter_value

DIMENSIONS = ("sex", "age_band", "category")
# The breakdowns as a form offers them (the follow-up's page, the county's).
BREAKDOWN_CHOICES = [
    ("", _("Ingen uppdelning")),
    ("sex", _("Kön")),
    ("age_band", _("Åldersgrupp")),
    ("category", _("Kategori")),
]
SEXES = ("F", "M", "X")
ALL = DIMENSIONS
# The horizons of the self-support shares as the catalogue is built; a later change of `followup.self_support_years`
# takes effect at the next start.
HORIZONS = tuple(parameter_value("followup.self_support_years", dt.date(2016, 3, 1)))


@dataclass(frozen=True)
class Indicator:
    key: str
    title: Promise
    definition: Promise
    source: Promise  # the source data
    unit: Promise
    aggregate: str  # table.AGGREGATES
    records: Callable[[Scope], list[Record]]
    breakdowns: tuple[str, ...] = ()
    official: Promise | str = ""  # the official indicator it mirrors, where there is one

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": str(self.title),
            "definition": str(self.definition),
            "source": str(self.source),
            "unit": str(self.unit),
            "official": str(self.official),
            "breakdowns": list(self.breakdowns),
        }


def _filled(message: Promise, values: dict[str, Any]) -> Promise:
    """A lazy message with its values, translated when shown (a `%` on a lazy string would translate at import)."""
    return lazy(lambda: str(message) % values, str)()


def _self_support(years: int) -> Indicator:
    return Indicator(
        key=f"self_supporting_{years}y",
        title=_filled(_("Andel med egen försörjning efter %(years)s år"), {"years": years}),
        definition=_filled(
            _(
                "Av dem som kom under året och var 20–65 år vid ankomsten: andelen vars första månad med arbete "
                "eller studier kom senast %(months)s månader efter ankomstmånaden. Mäts när alla i kohorten har "
                "varit här så länge."
            ),
            {"months": 12 * years},
        ),
        source=_("Etablering: månadsstatus (arbete, studier) per person, som i utfallsrapporten"),
        unit=_("procent"),
        aggregate="share",
        records=sources.self_supporting_after(years),
        breakdowns=ALL,
    )


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        key="received_per_1000",
        title=_("Mottagna per 1 000 invånare"),
        definition=_(
            "Personer som kommunen tog emot under året (alla åldrar, anvisade och egenbosatta), per 1 000 invånare "
            "den 31 december samma år."
        ),
        source=_("Mottagande: mottagna hushålls medlemmar; folkmängd från SCB (tabell BE0101N1)"),
        unit=_("per 1 000 invånare"),
        aggregate="per_1000",
        records=sources.received_persons,
        breakdowns=ALL,
    ),
    Indicator(
        key="received_in_time",
        title=_("Anvisningar mottagna i tid"),
        definition=_(
            "Av anvisningarna som togs emot under året: andelen där hushållet kom senast på anvisningens sista "
            "mottagningsdag (förordning 2016:39 10 §)."
        ),
        source=_("Mottagande: anvisningar och mottagandets ankomstdatum"),
        unit=_("procent av anvisningarna"),
        aggregate="share",
        records=sources.received_in_time,
        breakdowns=("category",),
    ),
    Indicator(
        key="days_to_housing",
        title=_("Dagar till permanent bostad"),
        definition=_(
            "För hushåll som togs emot under året och har fått ett första- eller andrahandskontrakt i kommunen: "
            "medianen av dagarna från ankomsten till det första kontraktets start (0 om bostaden var klar före)."
        ),
        source=_("Bostad: kontrakt (första- och andrahand) och mottagandets ankomstdatum"),
        unit=_("dagar (median)"),
        aggregate="median",
        records=sources.days_to_housing,
        breakdowns=("category",),
    ),
    Indicator(
        key="days_to_sfi",
        title=_("Dagar till SFI-start"),
        definition=_(
            "För dem som kom under året, var 20–65 år vid ankomsten och har börjat SFI: medianen av dagarna från "
            "ankomsten till första SFI-start (0 om SFI började före ankomsten)."
        ),
        source=_("Etablering: SFI-inskrivningar, som i utfallsrapporten"),
        unit=_("dagar (median)"),
        aggregate="median",
        records=sources.days_to_sfi,
        breakdowns=ALL,
    ),
    Indicator(
        key="work_or_studies_90_days",
        title=_("I arbete eller studier 90 dagar efter programmet"),
        definition=_(
            "Av dem som kom under året, var 20–65 år vid ankomsten och vars program slutade minst 90 dagar före "
            "rapportdagen och har en status för månaden 90 dagar efter slutet: andelen med arbete eller studier "
            "den månaden."
        ),
        source=_("Etablering: programperioder och månadsstatus, som i utfallsrapporten"),
        unit=_("procent"),
        aggregate="share",
        records=sources.work_or_studies_90_days,
        breakdowns=ALL,
        official=_("Kolada N00973 (ej verifierad)"),
    ),
    *(_self_support(years) for years in HORIZONS),
    Indicator(
        key="support_per_person",
        title=_("Försörjningsstöd per mottagen person"),
        definition=_(
            "Försörjningsstöd som kommunen betalade till hushållen som togs emot under året, under deras första 24 "
            "månader från ankomstmånaden, delat med antalet mottagna personer i hushållen."
        ),
        source=_("Aktivitet: försörjningsstöd per hushåll och månad"),
        unit=_("kronor per person"),
        aggregate="amount_per_person",
        records=sources.support_per_person,
    ),
    Indicator(
        key="temporary_housing_cost",
        title=_("Kostnad för tillfälligt boende"),
        definition=_(
            "Vad kommunen betalade under året för bostäder som inte är permanenta (tidsbegränsade kontrakt, "
            "etableringsboende, hotell och vandrarhem), varje månad efter de dagar kontraktet gällde."
        ),
        source=_("Bostad: kontrakt som kommunen betalar, med kostnad per månad"),
        unit=_("kronor"),
        aggregate="sum",
        records=sources.temporary_housing_cost,
    ),
)

BY_KEY = {indicator.key: indicator for indicator in CATALOGUE}


class UnknownArea(ValueError):
    pass


@dataclass
class IndicatorTable:
    indicator: Indicator
    year: int
    as_of: dt.date
    area_code: str
    area: str
    by: str | None
    min_cell: int
    rows: list[Row] = field(default_factory=list)
    note: str = ""  # why there are no figures, when there are none

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.indicator.as_dict(),
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "area_code": self.area_code,
            "area": self.area,
            "by": self.by,
            "min_cell": self.min_cell,
            "note": self.note,
            "rows": [row.as_dict(self.by) for row in self.rows],
        }


COUNTRY = "SE"  # as a county code: every municipality, with the country's total (the board report, #16)


def area(*, county_code: str | None = None, municipality_code: str | None = None):
    """(municipalities, code, name, county name or None): a municipality alone, or a county with its total."""
    if county_code == COUNTRY and not municipality_code:
        name = str(_("Riket"))
        return list(Municipality.objects.order_by("code")), COUNTRY, name, name
    if municipality_code:
        municipality = Municipality.objects.filter(code=municipality_code).first()
        if municipality is None:
            raise UnknownArea(municipality_code)
        return [municipality], municipality.code, municipality.name, None
    county = County.objects.filter(code=county_code or "").first()
    if county is None:
        raise UnknownArea(county_code or "")
    return list(county.municipalities.order_by("code")), county.code, county.name, county.name


def orders(on: dt.date) -> dict[str, list[str]]:
    """The breakdown values in the tables' order."""
    return {
        "sex": list(SEXES),
        "age_band": [rules.age_band_label(band) for band in rules.age_bands(on)],
        "category": list(Category.values),
    }


def scope(municipalities: list[Municipality], year: int, as_of: dt.date) -> Scope:
    populations = dict(
        Population.objects.filter(municipality__in=municipalities, year=year).values_list(
            "municipality_id", "population"
        )
    )
    return Scope(municipalities, year, as_of, populations)


def compute(
    indicator: Indicator | str,
    *,
    year: int,
    county_code: str | None = None,
    municipality_code: str | None = None,
    by: str | None = None,
    as_of: dt.date | None = None,
    shared: Scope | None = None,
) -> IndicatorTable:
    """One indicator for a year as a table of suppressed figures. `by` must be one of the indicator's breakdowns
    (ValueError otherwise). `shared` lets several indicators of one run read the cohort once."""
    indicator = BY_KEY[indicator] if isinstance(indicator, str) else indicator
    if by is not None and by not in indicator.breakdowns:
        raise ValueError(by)
    as_of = as_of or timezone.localdate()
    where = {"county_code": county_code, "municipality_code": municipality_code}
    if shared is None:
        municipalities, code, name, county = area(**where)
        run = scope(municipalities, year, as_of)
    else:  # the area is read once for all the indicators of the run
        run = shared
        municipalities, code, name, county = run.remember(
            ("area", county_code, municipality_code), lambda: area(**where)
        )
    min_cell = rules.min_cell(as_of)
    table = IndicatorTable(indicator, year, as_of, code, name, by, min_cell)
    try:
        records = indicator.records(run)
    except NotMeasurable as reason:
        table.note = str(reason)
        return table
    table.rows = build(
        records,
        scope=run,
        aggregate=indicator.aggregate,
        by=by,
        order=orders(dt.date(year, 1, 1)).get(by or "", []),
        county=county,
        min_cell=min_cell,
    )
    return table


def compute_all(
    *,
    year: int,
    county_code: str | None = None,
    municipality_code: str | None = None,
    by: str | None = None,
    as_of: dt.date | None = None,
) -> list[IndicatorTable]:
    """Every indicator of the catalogue for the year (those without the breakdown `by` without it)."""
    as_of = as_of or timezone.localdate()
    municipalities, *_ = area(county_code=county_code, municipality_code=municipality_code)
    shared = scope(municipalities, year, as_of)
    return [
        compute(
            indicator,
            year=year,
            county_code=county_code,
            municipality_code=municipality_code,
            by=by if by in indicator.breakdowns else None,
            as_of=as_of,
            shared=shared,
        )
        for indicator in CATALOGUE
    ]
