"""What an answer holds, and the scan for the protected addresses (issue #9): no page, API answer or download that
a page links to (CSV, Excel — the xlsx unzipped — and PDF, its streams inflated) holds a marker, nor does any
audit summary."""

from __future__ import annotations

import dataclasses
import functools
import html
import io
import operator
import re
import zipfile

from django.db.models import Q

from etablera.access.models import AuditEvent
from etablera.access.tests.matrix.world import MARKERS, OPEN_HOME, SECRET_STREET
from etablera.testing.pdf import streams as pdf_streams


def text_of(response) -> tuple[str, bytes]:
    """What an answer holds, readable: (kind, bytes). An xlsx is a zip of XML parts; a PDF's streams are deflated
    (the test writes PDFs in the core font, so the text in them is plain Latin-1)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "xlsx", b"".join(book.read(name) for name in book.namelist())
    if content[:5] == b"%PDF-":
        parts = [content]
        parts += pdf_streams(content)  # inflated (one not deflated is in `content` already, and again here)
        return "pdf", b"".join(parts)
    kind = response.get("Content-Type", "").split(";")[0]
    return {"text/csv": "csv", "application/json": "json", "text/html": "html"}.get(kind, kind), content


def downloads(response, url: str) -> list[str]:
    """The files a page links to (its `?format=` links: CSV, Excel, PDF, JSON), as URLs."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    path = url.split("?")[0]
    queries = re.findall(r'href="\?([^"]*format=[^"]*)"', response.content.decode())
    return [f"{path}?{html.unescape(query)}" for query in dict.fromkeys(queries)]


@dataclasses.dataclass
class MarkerScan:
    """Reads every answer one role gets and keeps what it found: markers shown (leaks), the unprotected street
    shown (for the owner it must be, else the scan proves nothing; for the protected role it is P's own street,
    so a leak), and the text of each kind of file read."""

    role: str
    leaks: list = dataclasses.field(default_factory=list)
    shown: list = dataclasses.field(default_factory=list)
    files: dict = dataclasses.field(default_factory=dict)

    def read(self, key, response) -> None:
        kind, text = text_of(response)
        self.files.setdefault(kind, []).append((key, text))
        self.leaks.extend((key, marker) for marker in MARKERS if marker.encode() in text)
        if SECRET_STREET.encode() in text:
            (self.leaks.append((key, SECRET_STREET)) if self.role == "protected" else self.shown.append(key))

    def read_audit(self, key) -> None:
        """No audit summary holds a marker (those of the set-up and those the request wrote)."""
        audit_leak = functools.reduce(operator.or_, (Q(summary__contains=marker) for marker in MARKERS))
        written = AuditEvent.objects.filter(audit_leak).values_list("summary", flat=True)
        self.leaks.extend((f"{key}: audit", summary) for summary in written)

    def assert_nothing_leaked(self) -> None:
        assert not self.leaks, f"a protected address was shown by {self.leaks}"
        files = self.files
        if self.role == "owner":
            assert self.shown, (
                "the address of an unprotected household is shown somewhere (else the leak check proves nothing)"
            )
            # The downloads were read: an unprotected home's address is found in the Excel file and the CSV.
            for kind in ("csv", "xlsx"):
                assert any(OPEN_HOME.encode() in text for _key, text in files.get(kind, [])), kind
        if self.role == "admin":  # the access history's PDF was read as text
            assert any(b"tkomsthistorik" in text for _key, text in files.get("pdf", [])), sorted(files)
