"""SSYK 2012, Standard för svensk yrkesklassificering (Statistiska centralbyrån, SCB: MIS 2012:1), the occupation
codes of a person's work experience in the mapping (issue #12) and of Arbetsförmedlingen's and SCB's statistics.

A code has four digits: the major group (yrkesområde, the first digit), the sub-major group (two digits), the minor
group (three) and the unit group (four, yrkesgrupp). The ten major groups are kept here as data with their names as
SCB gives them; the unit groups (some 430) are not, so a code is checked for its form (four digits) and named by its
major group. A list of the unit groups, when the municipality has one from SCB, would go beside this one.
"""

from __future__ import annotations

from etablera.rules.deadlines import gettext_noop

SOURCE = gettext_noop("SSYK 2012, Statistiska centralbyrån (MIS 2012:1)")
DIGITS = 4
MAJOR_GROUPS: dict[str, str] = {
    "0": gettext_noop("Militärt arbete"),
    "1": gettext_noop("Chefsyrken"),
    "2": gettext_noop("Yrken med krav på fördjupad högskolekompetens"),
    "3": gettext_noop("Yrken med krav på högskolekompetens eller motsvarande"),
    "4": gettext_noop("Yrken inom administration och kundtjänst"),
    "5": gettext_noop("Service-, omsorgs- och försäljningsyrken"),
    "6": gettext_noop("Yrken inom lantbruk, trädgård, skogsbruk och fiske"),
    "7": gettext_noop("Yrken inom byggverksamhet och tillverkning"),
    "8": gettext_noop("Yrken inom maskinell tillverkning och transport m.m."),
    "9": gettext_noop("Yrken med krav på kortare utbildning eller introduktion"),
}


def is_code(code: str) -> bool:
    """Four ASCII digits whose first is one of the major groups."""
    return len(code) == DIGITS and code.isascii() and code.isdigit() and code[0] in MAJOR_GROUPS


def major_group(code: str) -> str | None:
    """The name of the code's major group (in Swedish, as SCB writes it), or None for what is no code."""
    return MAJOR_GROUPS[code[0]] if is_code(code) else None
