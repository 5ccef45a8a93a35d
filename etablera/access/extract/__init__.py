"""Registerutdrag (GDPR art. 15): everything Etablera holds about a person, as JSON (content.py: `build_extract`, and
COVERED, where each model's rows appear) and as PDF (document.py: `extract_pdf`). Who may produce one, for what
reason, and its log entry are in register_extract.py."""

from etablera.access.extract.content import COVERED, FORMAT_VERSION, PROTECTED_MEMBER, build_extract
from etablera.access.extract.document import SECTION_TITLES, extract_pdf

__all__ = ["COVERED", "FORMAT_VERSION", "PROTECTED_MEMBER", "SECTION_TITLES", "build_extract", "extract_pdf"]
