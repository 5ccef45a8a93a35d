"""The activity matching benchmark at a tiny scale: it runs, times the ranking, and rewrites only its part of
docs/activity-matching.md."""

from etablera.activity import matching as m
from etablera.benchmarks import activity_matching as bench


def test_it_writes_the_figures_between_the_markers_and_keeps_the_text_around(tmp_path):
    page = tmp_path / "activity-matching.md"
    page.write_text(f"# Rubrik\n\nText.\n\n{bench.START}\nold\n{bench.END}\n\nAfter.\n", encoding="utf-8")
    args = ["--people", "60", "--opportunities", "30", "--repeat", "2", "--k", "3", "--output", str(page)]
    assert bench.main(args) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Rubrik\n\nText.\n\n") and text.endswith("\n\nAfter.\n")
    assert "\nold\n" not in text
    assert "Instance: 60 people × 30 opportunities" in text
    assert "| ranking, median of 2 runs (s) |" in text and "| ranking, slowest run (s) |" in text
    assert "- CPU: " in text and "- numpy: " in text


def test_a_new_file_gets_the_intro(tmp_path):
    page = tmp_path / "new.md"
    assert bench.main(["--people", "10", "--opportunities", "5", "--repeat", "1", "--output", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Activity matching") and bench.START in text and bench.END in text


def test_the_instance_is_the_same_for_the_same_seed_and_has_both_kinds():
    people, opportunities = bench.generate(80, 60, seed=1)
    assert (people, opportunities) == bench.generate(80, 60, seed=1)
    assert (people, opportunities) != bench.generate(80, 60, seed=2)
    assert {o.kind for o in opportunities} == {m.PLACEMENT, m.ACTIVITY}
    figures = bench.run(80, 60, seed=1, repeat=1, k=4)
    assert figures["explained"] == int((m.rank(people, opportunities, k=4).for_candidates >= 0).sum())
