"""Every read in housing, filtered by the access policy, logged, and for a fixed number of queries.

A contract's home is the household's address. Wherever a household with a protected identity (any member) would
appear next to a home, the address is masked (`row.address_masked`). The address of a home such a household lives
in, or has a draft or signed contract for, is masked wherever the home is shown (`unit.address_masked`; issue #9,
decided in etablera.housing.protection), and a home's own page lists no contract of a protected household: the two
together would give away where the household lives.

The reads are in one module per part, and this package gives them all under the one name the pages, the API and
the other apps use (`selectors.waiting_list(...)`, `from etablera.housing.selectors import SIGNED`):

- `homes` — the housing stock: free and soon-free homes, the homes page, one home;
- `needs` — the queue (bostadskö), and one household's housing and its housing need;
- `contracts` — contracts, those ending soon, one contract;
- `figures` — the lists beside the figures: temporary housing, young adults;
- `proposals` — a matching run's open proposals;
- `common` — what several of them share (the states that hold a home, the crowding norm, current contracts).

A test that replaces a name must patch it in the module that uses it, not here: e.g.
`etablera.housing.selectors.needs.unit_rows` for the homes `housing_need_page` offers.
"""

from etablera.housing.selectors.common import (
    OCCUPYING,
    SIGNED,
    bedroom_need,
    member_birth_dates,
    members_prefetch,
)
from etablera.housing.selectors.contracts import (
    ContractRow,
    contract_list,
    contracts_ending,
    contracts_for_user,
    get_contract_for_user,
    shown_contracts,
)
from etablera.housing.selectors.figures import YoungAdultRow, temporary_housing, young_adults
from etablera.housing.selectors.homes import (
    UNIT_LIST_SHOW,
    UnitPage,
    UnitRow,
    get_unit_for_user,
    unit_list,
    unit_page,
    unit_rows,
    units_for_user,
)
from etablera.housing.selectors.needs import (
    HouseholdHousing,
    HousingNeedPage,
    NeedRow,
    household_housing,
    household_housing_for_user,
    housing_need_page,
    needs_for_user,
    waiting_list,
    waiting_list_page,
)
from etablera.housing.selectors.proposals import get_proposal_for_user, latest_run, open_proposals

__all__ = [
    "OCCUPYING",
    "SIGNED",
    "UNIT_LIST_SHOW",
    "ContractRow",
    "HouseholdHousing",
    "HousingNeedPage",
    "NeedRow",
    "UnitPage",
    "UnitRow",
    "YoungAdultRow",
    "bedroom_need",
    "contract_list",
    "contracts_ending",
    "contracts_for_user",
    "get_contract_for_user",
    "get_proposal_for_user",
    "get_unit_for_user",
    "household_housing",
    "household_housing_for_user",
    "housing_need_page",
    "latest_run",
    "member_birth_dates",
    "members_prefetch",
    "needs_for_user",
    "open_proposals",
    "shown_contracts",
    "temporary_housing",
    "unit_list",
    "unit_page",
    "unit_rows",
    "units_for_user",
    "waiting_list",
    "waiting_list_page",
    "young_adults",
]
