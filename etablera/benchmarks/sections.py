"""docs/performance.md in parts: the hand-written top, sections that one command each rewrites between its own
markers (the load test's, the growth bench's), and the bench's results below MARKER. Nothing here imports Django,
so the load test's locust process and the growth bench's parent process can use it."""

from __future__ import annotations

from pathlib import Path

MARKER = "<!-- Everything below this line is written by `make bench` (python -m etablera.benchmarks). -->"


def write_section(path: Path, section: str, begin: str, end: str) -> None:
    """Replace the section between `begin` and `end`; the first time, put it just above the bench's marker (so
    `make bench`, which rewrites only what is below its marker, keeps it), or at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        text = head + section + ("\n" + tail if tail else "")
    elif MARKER in text:
        head, tail = text.split(MARKER, 1)
        text = head.rstrip("\n") + "\n\n" + section + "\n" + MARKER + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    path.write_text(text, encoding="utf-8")
