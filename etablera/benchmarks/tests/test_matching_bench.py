"""The matching benchmark at a tiny scale: it runs, and rewrites only its part of docs/housing-matching.md."""

from etablera.benchmarks import matching as bench


def test_it_writes_the_table_between_the_markers_and_keeps_the_text_around(tmp_path):
    page = tmp_path / "housing-matching.md"
    page.write_text(
        f"# Handskriven rubrik\n\nText.\n\n{bench.START}\nold\n{bench.END}\n\nAfter.\n", encoding="utf-8"
    )
    assert bench.main(["--households", "40", "--homes", "40", "--repeat", "1", "--output", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Handskriven rubrik\n\nText.\n\n")
    assert text.endswith("\n\nAfter.\n")
    assert "\nold\n" not in text
    assert "| households housed before their deadline |" in text
    assert "40 waiting households × 40 homes" in text


def test_the_instance_is_the_same_for_the_same_seed():
    assert bench.generate(50, 50, seed=1) == bench.generate(50, 50, seed=1)
    assert bench.generate(50, 50, seed=1) != bench.generate(50, 50, seed=2)
