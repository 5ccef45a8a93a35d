"""Matching people to work placements and activities (issue #13): ranked proposals, each explained in words.

Pure Python and numpy, no Django: `selectors/matching.py` gathers the features from the database. The engine scores
every person against every opportunity at once (a matrix), so that 5 000 people × 2 000 placements and activities
rank in well under two seconds (`make bench-activity-matching`, docs/activity-matching.md).

Hard constraints exclude a pair: a driving licence the place requires and the person has not; Swedish below the
level the place needs; more hours than the person's capacity; further than the person can travel; no free place.
Soft terms add points (see WEIGHTS): the same occupation (4-digit SSYK) in the work experience, more than the same
major group, more than a wished occupation; a language in common; near the home. Every proposal carries its
explanation as catalogue messages ([msgid, params], rules/deadlines.py) — what raised it and what lowered it — and
`explain` recomputes the score term by term from the same features, so the words and the ranking cannot differ.

A proposal is chosen by a person: nothing here assigns anyone to anything. A postcode never appears in an
explanation (protected identity): it is used only to place the pair in NEAR / AREA / FAR.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np

from etablera.rules import activity as activity_rules
from etablera.rules import ssyk
from etablera.rules.deadlines import Message, gettext_noop

STOCKHOLM = ZoneInfo("Europe/Stockholm")

PLACEMENT = "PLACEMENT"
ACTIVITY = "ACTIVITY"

# Levels as ranks, so that "below the level needed" is a comparison.
SWEDISH_RANK = {"NONE": 0, "BASIC": 1, "GOOD": 2, "FLUENT": 3, "MOTHER_TONGUE": 3}
SWEDISH_LABEL = {  # the placement's level, as the model labels it (msgids already in the catalogue)
    1: gettext_noop("Grundläggande"),
    2: gettext_noop("Goda kunskaper"),
    3: gettext_noop("Flytande"),
}
EDUCATION_RANK = {
    "NONE": 0,
    "PRIMARY_SHORT": 1,
    "PRIMARY": 2,
    "UPPER_SECONDARY": 3,
    "POST_SECONDARY_SHORT": 4,
    "POST_SECONDARY": 5,
}
POST_SECONDARY = 4
# A driving licence: none (or not assessed), foreign (may need to be exchanged), Swedish.
LICENCE_RANK = {"": 0, "NONE": 0, "FOREIGN": 1, "SWEDISH": 2}
TRAVEL_REACH = {"NEAR": 0, "AREA": 1, "FAR": 2}  # the farthest distance class each travel choice accepts
NEAR, AREA, FAR, UNKNOWN = 0, 1, 2, -1
# Occupations of SSYK major groups 2 and 3 ask for a university education (SCB's names for the groups).
HIGHER_EDUCATION_GROUPS = ("2", "3")
PRACTISE_SWEDISH_KINDS = ("SFI_EXTRA", "LANGUAGE_CAFE", "STUDY_CIRCLE")

WEIGHTS = {
    "experience": 50,  # the same 4-digit SSYK in the work experience …
    "experience_year": 2,  # … plus two a year, up to ten years
    "experience_years_max": 10,
    "major_group": 20,  # the same major group (first digit) in the work experience
    "wish": 15,  # a wished occupation
    "wish_group": 5,  # a wished occupation in the same major group
    "language": 10,  # a language in common
    "language_support": 5,
    "practise_swedish": 8,
    "education": 8,
    "near": 10,
    "area": 4,
    "far": -5,
    "foreign_licence": -5,
    "no_education": -8,
}
EXCLUDED = -32000  # the score of an excluded pair, as score_matrix and Ranking give it
PENALTY = (
    -10_000
)  # what each violated hard constraint adds inside the matrix (two of them still fit an int16)
EXCLUDED_BELOW = -5_000  # a pair scoring below this broke a hard constraint

# What raised a proposal.
M_EXPERIENCE_YEARS = gettext_noop("Har arbetat som %(occupation)s (SSYK %(code)s) i %(years)s år")
M_EXPERIENCE = gettext_noop("Har arbetat som %(occupation)s (SSYK %(code)s)")
M_MAJOR_GROUP = gettext_noop("Har arbetat inom samma yrkesområde: %(group)s")
M_WISH = gettext_noop("Vill arbeta inom yrket (SSYK %(code)s)")
M_WISH_GROUP = gettext_noop("Vill arbeta inom yrkesområdet: %(group)s")
M_LANGUAGE_PLACEMENT = gettext_noop("Talar %(language)s, som arbetsplatsen har nytta av")
M_LANGUAGE_ACTIVITY = gettext_noop("Aktiviteten hålls på %(language)s, som personen talar")
M_LANGUAGE_SUPPORT = gettext_noop("Aktiviteten har språkstöd")
M_PRACTISE_SWEDISH = gettext_noop("Får öva svenska, som personen behöver")
M_EDUCATION = gettext_noop("Har eftergymnasial utbildning, som yrkesområdet brukar kräva")
M_NEAR = gettext_noop("Nära hemmet")
M_AREA = gettext_noop("I närområdet")
M_LICENCE = gettext_noop("Har körkort, som platsen kräver")
# What lowered it.
M_FAR = gettext_noop("Längre resväg från hemmet")
M_FOREIGN_LICENCE = gettext_noop("Har utländskt körkort: kontrollera att det gäller i Sverige")
M_NO_EDUCATION = gettext_noop("Yrkesområdet brukar kräva högskoleutbildning, som inte finns i kartläggningen")
M_NO_EXPERIENCE = gettext_noop("Ingen erfarenhet av yrket och inget önskemål om det")
# Why a pair is excluded.
X_LICENCE = gettext_noop("Platsen kräver körkort, som personen inte har")
X_SWEDISH = gettext_noop("Platsen kräver svenska på nivån %(level)s")
X_HOURS = gettext_noop("%(hours)s timmar i veckan är fler än personen orkar (%(capacity)s timmar)")
X_DISTANCE = gettext_noop("För långt från hemmet för hur långt personen kan resa")
X_FULL = gettext_noop("Inga lediga platser")

# Language names as the mapping writes them (Swedish words); the ISO 639 codes and English names that mean each.
_ALIASES = {
    "svenska": ("sv", "swedish"),
    "arabiska": ("ar", "arabic"),
    "engelska": ("en", "english"),
    "somaliska": ("so", "somali"),
    "tigrinja": ("ti", "tigrinya"),
    "persiska": ("fa", "persian", "farsi"),
    "dari": ("prs",),
    "pashto": ("ps",),
    "ukrainska": ("uk", "ukrainian"),
    "ryska": ("ru", "russian"),
    "kurdiska": ("ku", "kurdish"),
    "turkiska": ("tr", "turkish"),
    "franska": ("fr", "french"),
    "spanska": ("es", "spanish"),
    "tyska": ("de", "german"),
}
LANGUAGE_ALIASES = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
SWEDISH = "svenska"


def language(name: str) -> str:
    """A language's name in one form: lower case, the Swedish word for a code or an English name."""
    key = name.strip().lower()
    return LANGUAGE_ALIASES.get(key, key)


def distance(home: str, place: str) -> int:
    """NEAR (the same 3-digit postcode area), AREA (the same 2-digit), FAR, or UNKNOWN when either is missing."""
    home, place = home.replace(" ", ""), place.replace(" ", "")
    if len(home) < 3 or len(place) < 3:
        return UNKNOWN
    if home[:3] == place[:3]:
        return NEAR
    return AREA if home[:2] == place[:2] else FAR


@dataclass(frozen=True)
class Experience:
    code: str  # SSYK 2012, four digits
    years: int | None = None
    occupation: str = ""  # as the mapping wrote it


def _full_time_today() -> float:
    """Full time on today's date in Sweden, for candidates built without the selector (the benchmark, tests)."""
    return float(activity_rules.full_time_hours(dt.datetime.now(tz=STOCKHOLM).date()))


@dataclass(frozen=True)
class Candidate:
    """A person's features. `postcode` is only ever compared, never shown; leave it empty for a person with
    protected identity (then nothing is near or far)."""

    id: int
    experience: tuple[Experience, ...] = ()
    wished: tuple[str, ...] = ()
    education: int = -1  # EDUCATION_RANK of the highest level, -1 when none is recorded
    languages: tuple[
        str, ...
    ] = ()  # language() names the person speaks (any level above none), Swedish aside
    swedish: int = 0  # SWEDISH_RANK
    licence: int = 0  # LICENCE_RANK
    capacity: float | None = None  # hours a week; None: not assessed (full time)
    # full time (activity.full_time_hours) on the day of matching, the person's hours when no capacity is assessed;
    # the selector reads the rule once for all candidates
    full_time: float = field(default_factory=lambda: _full_time_today())
    postcode: str = ""
    travel: str = "AREA"

    @property
    def hours(self) -> float:
        return self.full_time if self.capacity is None else float(self.capacity)


@dataclass(frozen=True)
class Opportunity:
    id: int
    kind: str  # PLACEMENT or ACTIVITY
    title: str = ""
    ssyk: str = ""  # a placement's occupation
    activity_kind: str = ""  # an activity's kind (Activity.Kind)
    swedish: int = 0  # the level needed (placements)
    languages: tuple[str, ...] = ()  # helpful (placement) or held in (activity), as language() names
    language_support: bool = False
    licence_required: bool = False
    hours: float = 0.0
    free_places: int = 1
    postcode: str = ""


@dataclass
class Proposal:
    candidate_id: int
    opportunity_id: int
    kind: str
    score: int
    raised: list[Message] = field(default_factory=list)
    lowered: list[Message] = field(default_factory=list)

    @property
    def explanation(self) -> list[Message]:
        """What raised it, then what lowered it: the list stored with an offer."""
        return self.raised + self.lowered


# --- one pair, term by term: the explanation (and the reference the matrix is tested against) -------------------


def exclusions(c: Candidate, o: Opportunity) -> list[Message]:
    """Why the pair is excluded (empty: it is not)."""
    reasons: list[Message] = []
    if o.licence_required and c.licence == 0:
        reasons.append([X_LICENCE, {}])
    if c.swedish < o.swedish:
        reasons.append([X_SWEDISH, {"level": SWEDISH_LABEL[o.swedish]}])
    if o.hours > c.hours:
        reasons.append([X_HOURS, {"hours": _hours(o.hours), "capacity": _hours(c.hours)}])
    d = distance(c.postcode, o.postcode)
    if d != UNKNOWN and d > TRAVEL_REACH.get(c.travel, AREA):
        reasons.append([X_DISTANCE, {}])
    if o.free_places <= 0:
        reasons.append([X_FULL, {}])
    return reasons


def explain(c: Candidate, o: Opportunity) -> Proposal | None:
    """The pair's proposal with its score and explanation, or None when a hard constraint excludes it."""
    if exclusions(c, o):
        return None
    p = Proposal(c.id, o.id, o.kind, 0)

    def add(points: int, message: Message, *, lowered: bool | None = None) -> None:
        p.score += points
        (p.lowered if (points < 0 if lowered is None else lowered) else p.raised).append(message)

    if o.kind == PLACEMENT:
        _explain_occupation(c, o, add)
        helpful = [lang for lang in o.languages if lang in c.languages]
        if helpful:
            add(WEIGHTS["language"], [M_LANGUAGE_PLACEMENT, {"language": helpful[0]}])
        if o.licence_required:
            if c.licence == 1:
                add(WEIGHTS["foreign_licence"], [M_FOREIGN_LICENCE, {}])
            else:
                add(0, [M_LICENCE, {}])
    else:
        spoken = [lang for lang in o.languages if lang in c.languages]
        if spoken:
            add(WEIGHTS["language"], [M_LANGUAGE_ACTIVITY, {"language": spoken[0]}])
        if o.language_support and c.swedish < SWEDISH_RANK["GOOD"]:
            add(WEIGHTS["language_support"], [M_LANGUAGE_SUPPORT, {}])
        if o.activity_kind in PRACTISE_SWEDISH_KINDS and c.swedish < SWEDISH_RANK["GOOD"]:
            add(WEIGHTS["practise_swedish"], [M_PRACTISE_SWEDISH, {}])
    d = distance(c.postcode, o.postcode)
    if d == NEAR:
        add(WEIGHTS["near"], [M_NEAR, {}])
    elif d == AREA:
        add(WEIGHTS["area"], [M_AREA, {}])
    elif d == FAR:
        add(WEIGHTS["far"], [M_FAR, {}])
    return p


def _explain_occupation(c: Candidate, o: Opportunity, add) -> None:
    group = ssyk.major_group(o.ssyk)
    if group is None:  # no valid code (the services refuse one): nothing to compare
        return
    done = [e for e in c.experience if ssyk.is_code(e.code)]
    wished = [w for w in c.wished if ssyk.is_code(w)]
    same = [e for e in done if e.code == o.ssyk]
    if same:
        best = max(same, key=lambda e: e.years or 0)
        params = {"occupation": best.occupation or o.title, "code": best.code}
        if best.years:
            params["years"] = best.years
        add(_experience_points(best.years), [M_EXPERIENCE_YEARS if best.years else M_EXPERIENCE, params])
    elif any(e.code[0] == o.ssyk[0] for e in done):
        add(WEIGHTS["major_group"], [M_MAJOR_GROUP, {"group": group}])
    if o.ssyk in wished:
        add(WEIGHTS["wish"], [M_WISH, {"code": o.ssyk}])
    elif any(w[0] == o.ssyk[0] for w in wished):
        add(WEIGHTS["wish_group"], [M_WISH_GROUP, {"group": group}])
    if not any(x[0] == o.ssyk[0] for x in [e.code for e in done] + wished):
        add(0, [M_NO_EXPERIENCE, {}], lowered=True)  # no points: it says why nothing raised it
    if o.ssyk[0] in HIGHER_EDUCATION_GROUPS:
        if c.education >= POST_SECONDARY:
            add(WEIGHTS["education"], [M_EDUCATION, {}])
        else:
            add(WEIGHTS["no_education"], [M_NO_EDUCATION, {}])


def _experience_points(years: int | None) -> int:
    return WEIGHTS["experience"] + WEIGHTS["experience_year"] * min(
        years or 0, WEIGHTS["experience_years_max"]
    )


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- all pairs at once ------------------------------------------------------------------------------------------


@dataclass
class Ranking:
    """Row i of `for_candidates` holds the indices of candidate i's best opportunities, best first, padded with -1;
    row j of `for_opportunities` those of opportunity j's best candidates. Scores beside them."""

    for_candidates: np.ndarray
    candidate_scores: np.ndarray
    for_opportunities: np.ndarray
    opportunity_scores: np.ndarray


class _Features:
    """The arrays the score is built from. The occupation's terms (experience, major group, wishes, education)
    depend on the candidate and the placement's SSYK code only, so they are summed once into a table of
    candidates × codes and gathered into the matrix in one step; the rest are outer operations on vectors."""

    def __init__(self, candidates: list[Candidate], opportunities: list[Opportunity]):
        codes = sorted({o.ssyk for o in opportunities if o.kind == PLACEMENT and ssyk.is_code(o.ssyk)})
        code_at = {code: i for i, code in enumerate(codes)}
        none = len(codes)  # the column of zeros, for an activity
        langs = sorted({lang for o in opportunities for lang in o.languages})
        lang_at = {lang: i for i, lang in enumerate(langs)}
        n = len(candidates)

        experience = np.zeros((n, none + 1), dtype=np.int16)
        wish = np.zeros((n, none + 1), dtype=bool)
        group = np.zeros((n, 11), dtype=bool)  # major group 0–9; column 10: none
        wish_group = np.zeros((n, 11), dtype=bool)
        speaks = np.zeros((n, max(1, len(langs))), dtype=np.float32)
        for i, c in enumerate(candidates):
            for e in c.experience:
                j = code_at.get(e.code)
                if j is not None:
                    experience[i, j] = max(experience[i, j], _experience_points(e.years))
                if ssyk.is_code(e.code):
                    group[i, int(e.code[0])] = True
            for w in c.wished:
                j = code_at.get(w)
                if j is not None:
                    wish[i, j] = True
                if ssyk.is_code(w):
                    wish_group[i, int(w[0])] = True
            for lang in c.languages:
                j = lang_at.get(lang)
                if j is not None:
                    speaks[i, j] = 1
        major = np.array([int(code[0]) for code in codes] + [10], dtype=np.intp)
        higher = np.isin(major, [int(g) for g in HIGHER_EDUCATION_GROUPS])
        educated = np.array([c.education for c in candidates], dtype=np.int8)[:, None] >= POST_SECONDARY
        w = WEIGHTS
        occupation = experience.copy()
        occupation += np.where(experience > 0, 0, group[:, major] * np.int16(w["major_group"])).astype(
            np.int16
        )
        occupation += wish * np.int16(w["wish"])
        occupation += (~wish & wish_group[:, major]) * np.int16(w["wish_group"])
        occupation += higher[None, :] * np.where(educated, w["education"], w["no_education"]).astype(np.int16)
        occupation[:, none] = 0
        self.occupation = occupation

        swedish = np.array([c.swedish for c in candidates], dtype=np.int8)
        licence = np.array([c.licence for c in candidates], dtype=np.int8)
        hours = np.array([c.hours for c in candidates], dtype=np.float32)
        reach = np.array([TRAVEL_REACH.get(c.travel, AREA) for c in candidates], dtype=np.int8)

        placement = np.array([o.kind == PLACEMENT for o in opportunities], dtype=bool)
        self.code = np.array(
            [code_at.get(o.ssyk, none) if o.kind == PLACEMENT else none for o in opportunities], dtype=np.intp
        )
        needs_licence = np.array([o.licence_required for o in opportunities], dtype=bool)

        # The hard constraints but distance: one column per distinct (Swedish, licence, hours, full).
        demands = sorted(
            {(o.swedish, o.licence_required, float(o.hours), o.free_places <= 0) for o in opportunities}
        )
        demand_at = {d: i for i, d in enumerate(demands)}
        self.demand = np.array(
            [
                demand_at[(o.swedish, o.licence_required, float(o.hours), o.free_places <= 0)]
                for o in opportunities
            ],
            dtype=np.intp,
        )
        refused = np.zeros((n, len(demands)), dtype=bool)
        for j, (level, needs, demand_hours, full) in enumerate(demands):
            refused[:, j] = (swedish < level) | (needs & (licence == 0)) | (hours < demand_hours) | full
        self.refused = (refused * PENALTY).astype(np.int16)

        # A language in common: one column per distinct set of the opportunities' languages.
        sets = sorted({tuple(sorted(set(o.languages))) for o in opportunities})
        set_at = {languages: i for i, languages in enumerate(sets)}
        self.language_set = np.array(
            [set_at[tuple(sorted(set(o.languages)))] for o in opportunities], np.intp
        )
        held = np.zeros((len(sets), max(1, len(langs))), dtype=np.float32)
        for i, languages in enumerate(sets):
            for lang in languages:
                held[i, lang_at[lang]] = 1
        self.language = (((speaks @ held.T) > 0) * w["language"]).astype(np.int16)

        # Little Swedish (support, practice) and a foreign licence: 8 kinds of opportunity by three flags.
        support = np.array([o.kind == ACTIVITY and o.language_support for o in opportunities], dtype=bool)
        practise = np.array(
            [o.kind == ACTIVITY and o.activity_kind in PRACTISE_SWEDISH_KINDS for o in opportunities]
        )
        self.flags = (support * 1 + practise * 2 + (placement & needs_licence) * 4).astype(np.intp)
        flag_support, flag_practise, flag_licence = (np.arange(8)[None, :] >> bit & 1 for bit in (0, 1, 2))
        weak = (swedish < SWEDISH_RANK["GOOD"])[:, None]
        foreign = (licence == 1)[:, None]
        self.extra = (
            weak * (flag_support * w["language_support"] + flag_practise * w["practise_swedish"])
            + foreign * flag_licence * w["foreign_licence"]
        ).astype(np.int16)

        # Distance: one column per 3-digit postcode area of the opportunities (and one for none).
        areas = sorted({area for area in (_area(o.postcode) for o in opportunities) if area})
        area_at = {area: i for i, area in enumerate(areas)}
        self.area = np.array([area_at.get(_area(o.postcode), len(areas)) for o in opportunities], np.intp)
        homes = [_area(c.postcode) for c in candidates]
        dclass = np.full((n, len(areas) + 1), 3, dtype=np.int8)  # 0 NEAR, 1 AREA, 2 FAR, 3 unknown
        for j, area in enumerate(areas):
            dclass[:, j] = [
                (3 if not h else NEAR if h == area else AREA if h[:2] == area[:2] else FAR) for h in homes
            ]
        points = np.array([w["near"], w["area"], w["far"], 0], dtype=np.int16)
        too_far = (dclass < 3) & (dclass > reach[:, None])
        self.distance = (points[dclass] + too_far * PENALTY).astype(np.int16)

    def scores(self, rows: slice) -> np.ndarray:
        """The scores of the candidates in `rows` against every opportunity, below EXCLUDED_BELOW where a hard
        constraint holds. The same terms as `explain`: each a small table of candidates × kinds of opportunity,
        gathered (a gather costs a fraction of a broadcast comparison)."""
        score = self.occupation[rows][:, self.code]
        score += self.language[rows][:, self.language_set]
        score += self.extra[rows][:, self.flags]
        score += self.distance[rows][:, self.area]
        score += self.refused[rows][:, self.demand]
        return score


def _area(postcode: str) -> str:
    """The 3-digit postcode area, or "" when there is no postcode."""
    code = postcode.replace(" ", "")
    return code[:3] if len(code) >= 3 and code[:3].isdigit() else ""


def score_matrix(candidates: list[Candidate], opportunities: list[Opportunity]) -> np.ndarray:
    """Every candidate's score against every opportunity (EXCLUDED where a hard constraint holds)."""
    score = _Features(candidates, opportunities).scores(slice(None))
    return np.where(score < EXCLUDED_BELOW, EXCLUDED, score.astype(np.int32))


def _top(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row of `scores`, the columns of the k highest, highest first; of equal scores the earlier column (also
    at the k-th place). Each score is made unique with its column mixed in, so one partition finds them."""
    rows, width = scores.shape
    k = min(k, width)
    if k == 0 or rows == 0:
        return np.zeros((rows, 0), dtype=np.intp), np.zeros((rows, 0), dtype=np.int32)
    dtype = np.int32 if 65_536 * (width + 1) < 2**31 else np.int64
    keys = (scores.astype(dtype) + 32_768) * (width + 1) + (width - np.arange(width, dtype=dtype))[None, :]
    part = np.argpartition(keys, width - k, axis=1)[:, width - k :]
    order = np.argsort(-np.take_along_axis(keys, part, axis=1), axis=1)
    columns = np.take_along_axis(part, order, axis=1)
    return columns, np.take_along_axis(scores, columns, axis=1).astype(np.int32)


def rank(
    candidates: list[Candidate], opportunities: list[Opportunity], *, k: int = 10, chunk: int = 1024
) -> Ranking:
    """The k best opportunities for each candidate and the k best candidates for each opportunity, excluded pairs
    left out (-1). Ties go to the earlier in the list (the selectors order both by id). Candidates are scored a
    chunk at a time, so memory stays at chunk × opportunities whatever the number of people."""
    features = _Features(candidates, opportunities)
    n, m = len(candidates), len(opportunities)
    row_best = np.full((n, min(k, m)), -1, dtype=np.intp)
    row_scores = np.full(row_best.shape, EXCLUDED, dtype=np.int32)
    column_rows, column_scores = [], []
    for start in range(0, n, chunk):
        rows = slice(start, min(n, start + chunk))
        score = features.scores(rows)
        row_best[rows], row_scores[rows] = _top(score, k)
        best, values = _top(np.ascontiguousarray(score.T), k)
        column_rows.append(best + start)
        column_scores.append(values)
    if column_rows:
        # merge the chunks' best: of equal scores the earlier candidate
        owners = np.concatenate(column_rows, axis=1)
        values = np.concatenate(column_scores, axis=1)
        order = np.lexsort((owners, -values), axis=1)[:, :k]
        col_best = np.take_along_axis(owners, order, axis=1)
        col_scores = np.take_along_axis(values, order, axis=1)
    else:
        col_best = np.zeros((m, 0), dtype=np.intp)
        col_scores = np.zeros((m, 0), dtype=np.int32)
    for best, values in ((row_best, row_scores), (col_best, col_scores)):
        out = values < EXCLUDED_BELOW
        best[out] = -1
        values[out] = EXCLUDED
    return Ranking(row_best, row_scores, col_best, col_scores)


def proposals_for(candidate: Candidate, opportunities: list[Opportunity], *, k: int = 10) -> list[Proposal]:
    """The candidate's k best opportunities, best first, each explained."""
    ranking = rank([candidate], opportunities, k=k)
    return [explain(candidate, opportunities[j]) for j in ranking.for_candidates[0] if j >= 0]


def candidates_for(opportunity: Opportunity, candidates: list[Candidate], *, k: int = 10) -> list[Proposal]:
    """The opportunity's k best candidates, best first, each explained."""
    if not candidates:
        return []
    ranking = rank(candidates, [opportunity], k=k)
    return [explain(candidates[i], opportunity) for i in ranking.for_opportunities[0] if i >= 0]
