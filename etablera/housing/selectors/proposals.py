"""The reads of matching (etablera.housing.matching_services): a municipality's latest run and the proposals
still waiting for a decision, with addresses masked for protected households."""

from __future__ import annotations

from etablera.access.audit import log_list
from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.housing.models import MatchProposal, MatchRun
from etablera.housing.protection import mark_beside_households


def latest_run(user, municipality_id: int) -> MatchRun | None:
    if municipality_id not in capabilities(user).housing_municipality_ids:
        return None
    return MatchRun.objects.filter(municipality_id=municipality_id).order_by("-created_at", "-pk").first()


def open_proposals(user, run: MatchRun | None) -> list[MatchProposal]:
    """The proposals of a run still waiting for a decision, with addresses masked for protected households."""
    if run is None:
        return []
    proposals = list(
        restrict(user, run.proposals.filter(status=MatchProposal.Status.PROPOSED))
        .select_related("household__municipality", "unit")
        .order_by("move_in", "pk")
    )
    mark_beside_households(proposals)
    log_list(user, [p.household for p in proposals], "Matchningsförslag")
    return proposals


def get_proposal_for_user(user, proposal_id: int) -> MatchProposal:
    return get_for_user(
        user, MatchProposal.objects.select_related("household", "unit", "run"), pk=proposal_id
    )
