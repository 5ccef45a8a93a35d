"""The visibility rules, one module per domain, and the table by model that `etablera.access.policy` dispatches by.

To give a new domain's models their rule: write `visibility/<domain>.py` with `RULES = {Model: Rule(...)}` (and,
if its units become involved in a household through its records, an `involvement(caps, household_ref)`), import
it here and add it to DOMAINS. A model that no domain names makes `restrict()` raise: it cannot slip through unseen.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from etablera.access.visibility import (
    activity,
    civil,
    establishment,
    housing,
    letters,
    minors,
    money,
    people,
    reception,
)
from etablera.access.visibility.base import Involvement, Rule
from etablera.grants import visibility as grants  # the rule lives with its domain: grants/visibility.py

DOMAINS = (
    people,
    reception,
    housing,
    establishment,
    activity,
    minors,
    money,
    civil,
    letters,
    grants,
)


def _rules_by_model(domains) -> dict[type, Rule]:
    rules: dict[type, Rule] = {}
    for domain in domains:
        for model, rule in domain.RULES.items():
            if model in rules:
                raise ImproperlyConfigured(
                    f"two visibility rules for {model.__name__}: one in {domain.__name__}"
                )
            rules[model] = rule
    return rules


RULES: dict[type, Rule] = _rules_by_model(DOMAINS)
# In the order of DOMAINS: the subqueries of a household's visibility come in the same order every time.
INVOLVEMENT: tuple[Involvement, ...] = tuple(
    domain.involvement for domain in DOMAINS if hasattr(domain, "involvement")
)


def rule_for(model) -> Rule:
    """The rule for `model` (the exact class: a proxy or a subclass needs its own), or TypeError."""
    try:
        return RULES[model]
    except KeyError:
        raise TypeError(
            f"restrict() does not know {model.__name__}: give it a visibility rule in etablera/access/visibility/ "
            "(a module per domain, listed in DOMAINS)"
        ) from None
