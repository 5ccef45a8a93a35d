"""Sections: personal data divided by responsibility (OSL 26 kap. 1 §: each board is its own authority).

A unit sees a section when its function owns it, or when a person's consent names the unit and the section.
Everyone with access to a person sees BASIC (what the reception needs to coordinate).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    BASIC = "BASIC", _("Grunduppgifter för mottagandet")
    SOCIAL = "SOCIAL", _("Socialtjänst (försörjningsstöd, utredningar)")
    SCHOOL = "SCHOOL", _("Skola och förskola")
    HEALTH = "HEALTH", _("Hälsa")


# The unit function (organisation.Unit.Function) that owns each section beyond BASIC.
SECTION_OWNERS: dict[str, set[str]] = {
    Section.SOCIAL: {"SOCIAL_SERVICES"},
    Section.SCHOOL: {"SCHOOL"},
    Section.HEALTH: {"REGION"},
}


def section_for_function(function: str) -> str:
    """The section a task or note written by a unit of `function` belongs to."""
    for section, functions in SECTION_OWNERS.items():
        if function in functions:
            return section
    return Section.BASIC
