"""What the municipality visits' pages read (kommunbesök, issue #16).

The county board reads its county's visits, and a municipality's answers once they are sent (a draft is the
municipality's own); the municipality's administrators and unit managers read their own visits. A visit someone may
not read is 404, as a missing one. Nothing here is about a person, so nothing is logged as a read."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from etablera.county.models import Answer, Visit, VisitQuestion
from etablera.county.services_visits import answer_municipality_ids, is_county_board
from etablera.organisation.models import County, Municipality

# The states in which the county board reads the answers.
SENT = (Visit.Status.ANSWERED, Visit.Status.HELD, Visit.Status.CLOSED)


def county_visits(user, county: County, year: int) -> list[Visit]:
    """The county's visits of the year, by planned date; none for a user who is not the county's board."""
    if not is_county_board(user, county.pk):
        return []
    return list(
        Visit.objects.filter(county=county, year=year)
        .select_related("municipality")
        .order_by("planned_on", "municipality__name")
    )


def visit_years(county: County, current: int) -> list[int]:
    years = set(Visit.objects.filter(county=county).values_list("year", flat=True)) | {current, current + 1}
    return sorted(years, reverse=True)


def unvisited(county: County, year: int) -> list[Municipality]:
    """The county's municipalities with no visit that year: those a visit can be planned for."""
    return list(
        Municipality.objects.filter(county=county)
        .exclude(county_visits__year=year, county_visits__county=county)
        .order_by("name")
    )


def visit_for_county(user, pk: int) -> Visit:
    visit = Visit.objects.select_related("municipality", "county", "template").filter(pk=pk).first()
    if visit is None or not is_county_board(user, visit.county_id):
        raise Http404
    return visit


def visit_for_municipality(user, pk: int) -> Visit:
    visit = Visit.objects.select_related("municipality", "county", "template").filter(pk=pk).first()
    if visit is None or visit.municipality_id not in answer_municipality_ids(user):
        raise Http404
    return visit


def municipality_visits(user) -> list[Visit]:
    """The visits of the municipalities the user answers for, the latest year first."""
    return list(
        Visit.objects.filter(municipality_id__in=answer_municipality_ids(user))
        .select_related("municipality", "county")
        .order_by("-year", "municipality__name")
    )


@dataclass
class QuestionAnswer:
    question: VisitQuestion
    answer: Answer | None


def questions_and_answers(visit: Visit, *, for_county: bool) -> list[QuestionAnswer]:
    """The visit's questions in order, each with its answer. For the county board, only once the answers are sent."""
    questions = list(visit.template.questions.order_by("number"))
    answers = {}
    if not for_county or visit.status in SENT:
        answers = {a.question_id: a for a in Answer.objects.filter(visit=visit).select_related("answered_by")}
    return [QuestionAnswer(q, answers.get(q.pk)) for q in questions]


def notes(visit: Visit):
    return visit.notes.select_related("created_by").order_by("created_at")


def follow_ups(visit: Visit):
    return visit.follow_ups.order_by("done_on", "due_on", "pk")


@dataclass
class Comparison:
    """The answers side by side: one row per question, one column per visited municipality (whose answers are sent),
    in the same order as `municipalities`; a cell is the answer's text, or None."""

    county: County
    year: int
    municipalities: list[Municipality]
    rows: list[tuple[VisitQuestion, list[str | None]]]
    waiting: list[Municipality]  # visited municipalities that have not sent their answers


def comparison(user, county: County, year: int) -> Comparison:
    """A matrix questions × municipalities of the county's visits of the year (three queries whatever the size).

    The questions are those of the templates the year's visits use, by template and number (one template in
    practice: a county uses one a year)."""
    visits = county_visits(user, county, year)
    sent = [v for v in visits if v.status in SENT]
    columns = {v.pk: i for i, v in enumerate(sent)}
    questions = list(
        VisitQuestion.objects.filter(template_id__in={v.template_id for v in sent}).order_by(
            "template_id", "number"
        )
    )
    cells = {q.pk: [None] * len(sent) for q in questions}
    for answer in Answer.objects.filter(visit_id__in=columns).only("visit_id", "question_id", "text"):
        if answer.question_id in cells:
            cells[answer.question_id][columns[answer.visit_id]] = answer.text
    return Comparison(
        county=county,
        year=year,
        municipalities=[v.municipality for v in sent],
        rows=[(q, cells[q.pk]) for q in questions],
        waiting=[v.municipality for v in visits if v.status not in SENT],
    )
