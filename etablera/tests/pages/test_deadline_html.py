"""The "Varför detta datum?" disclosure is built in Python (etablera_ui.deadline_why) for speed: it must give the
HTML the template it replaced gave, escaped, in the active language, and the same when it comes from the cache."""

import datetime as dt

from django.template import Context, Template
from django.utils import translation

from etablera.rules.deadlines import Deadline
from etablera.web.templatetags import etablera_ui

DEADLINE = Deadline(
    date=dt.date(2026, 3, 2),
    rule="reception.child_assessment",
    title="Barnutredning <inom> tre veckor",
    explanation="Ankomst 2026-02-09 + 21 dagar",
    source="SoL & rutin",
    status="in_force",
    based_on={"Ankomst": dt.date(2026, 2, 9)},
)

EXPECTED = (
    '<details class="why">\n'
    "  <summary>Varför detta datum?</summary>\n"
    '  <dl class="facts facts--small">\n'
    "    <dt>Regel</dt><dd>Barnutredning &lt;inom&gt; tre veckor</dd>\n"
    "    <dt>Så räknas datumet</dt><dd>Ankomst 2026-02-09 + 21 dagar</dd>\n"
    '    <dt>Källa</dt><dd>SoL &amp; rutin <span class="muted">(Gällande regel)</span></dd>\n'
    '    <dt>Ankomst</dt><dd><time datetime="2026-02-09">2026-02-09</time></dd>\n'
    "  </dl>\n"
    "</details>\n"
)


def _render(source, **context):
    return Template("{% load etablera_ui %}" + source).render(Context(context))


def test_the_disclosure_is_the_html_the_template_gave_and_the_cache_changes_nothing():
    with translation.override("sv"):
        assert _render("{% deadline_why d %}", d=DEADLINE) == EXPECTED
        assert _render("{% deadline_why d %}", d=DEADLINE) == EXPECTED  # from the cache
        opened = _render("{% deadline_why d expanded=True label=label %}", d=DEADLINE, label="Varför <b>?")
        assert opened.startswith('<details class="why" open>\n  <summary>Varför &lt;b&gt;?</summary>')
        assert _render("{% deadline_why d %}", d=None) == "\n"
    with translation.override("en"):
        english = _render("{% deadline_why d %}", d=DEADLINE)
    assert english != EXPECTED and "<dt>" in english  # the cache is per language


def test_iso_date_is_the_date_filter():
    when = dt.date(2026, 2, 9)
    assert etablera_ui.iso_date(when) == "2026-02-09" == _render('{{ d|date:"Y-m-d" }}', d=when)
    assert etablera_ui.iso_date(None) == "" and etablera_ui.iso_date("") == ""
    moment = dt.datetime(2026, 2, 9, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 10th in Stockholm
    assert _render("{{ d|iso_date }}", d=moment) == _render('{{ d|date:"Y-m-d" }}', d=moment) == "2026-02-10"


def test_a_deadline_made_now_is_shown_in_the_reader_s_language():
    """A deadline a rule makes for the page (not read from a row) holds its Swedish in its fields: the disclosure
    shows its messages in the active language, as it shows a stored one (issue #11)."""
    from etablera.rules import housing

    deadline = housing.must_be_housed_by(dt.date(2026, 11, 22))
    assert deadline.title == "Bostad senast"
    with translation.override("en"):
        html = _render("{% deadline_why d %}", d=deadline)
        title, label = (
            translation.gettext(housing.HOUSE_BY),
            translation.gettext(housing.LATEST_RECEPTION_DATE),
        )
    assert title != "Bostad senast" and f"<dd>{title}</dd>" in html
    assert f"<dt>{label}</dt>" in html and "Sista mottagningsdag" not in html
    with translation.override("sv"):
        assert "<dd>Bostad senast</dd>" in _render("{% deadline_why d %}", d=deadline)


def test_a_stored_deadline_gives_the_html_of_the_rebuilt_one_in_every_language_and_from_the_cache():
    """deadline_why_stored (the task lists' rows, a housing need) looks the disclosure up by the stored JSON instead
    of rebuilding the deadline: the HTML must be what deadline_why gives for Deadline.from_json, per language."""
    from etablera.rules import housing

    made = housing.must_be_housed_by(dt.date(2026, 11, 22))
    stored = made.with_note(
        ("Förlängd med %(days)s dagar.", {"days": 30}), date=dt.date(2026, 12, 22)
    ).as_json()
    other = made.as_json()  # the same rule without the note: another key, another HTML
    seen = {}
    for language in ("sv", "en"):
        with translation.override(language):
            rebuilt = etablera_ui.deadline_why(Deadline.from_json(stored))
            assert etablera_ui.deadline_why_stored(stored) == rebuilt
            assert etablera_ui.deadline_why_stored(dict(stored)) == rebuilt  # from the cache
            assert etablera_ui.deadline_why_stored(other) == etablera_ui.deadline_why(
                Deadline.from_json(other)
            )
            assert etablera_ui.deadline_why_stored(other) != rebuilt
            opened = etablera_ui.deadline_why_stored(stored, expanded=True, label="Varför?")
            assert opened == etablera_ui.deadline_why(Deadline.from_json(stored), True, "Varför?")
            seen[language] = rebuilt
    assert seen["sv"] != seen["en"]  # the cache kept the languages apart
    assert "Förlängd med 30 dagar." in seen["sv"] and "<dd>Bostad senast</dd>" in seen["sv"]
    assert etablera_ui.deadline_why_stored({}) == etablera_ui.deadline_why_stored(None) == "\n"
