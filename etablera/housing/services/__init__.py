"""Every write in housing: homes, housing needs and contracts. Keyword-only, validated first, atomic, audited.

A household's housing status follows its contracts (etablera.housing.status): every contract change here refreshes
it, and the daily `etablera housing refresh` brings it up to date as days pass.

The writes are in one module per part, and this package gives them all under the one name the pages, the API,
the importers and the other apps use (`services.create_contract(...)`, `from etablera.housing.services import
UnitInput`):

- `homes` — a home's data, its checks and `save_unit` (also what etablera.housing.importers writes with);
- `needs` — a household's housing need, opened and closed by its anvisning too;
- `contracts` — draft, sign, end and cancel a contract;
- `common` — who may write, and how a value goes into the audit log.

Matching writes are in etablera.housing.matching_services. A test that replaces a name must patch it in the
module that uses it (e.g. `etablera.housing.services.contracts.sign_contract` for `create_contract(sign=True)`),
not here.
"""

from etablera.housing.services.common import _require_housing_staff
from etablera.housing.services.contracts import (
    cancel_draft,
    clean_contract,
    create_contract,
    end_contract,
    sign_contract,
)
from etablera.housing.services.homes import UnitInput, clean_unit, save_unit
from etablera.housing.services.needs import (
    close_housing_need,
    close_need_for_cancelled_assignment,
    default_house_by,
    household_bedroom_need,
    open_need_for_assignment,
    set_housing_need,
)

__all__ = [
    "UnitInput",
    # Private, but etablera.housing.matching_services checks the same permission with it.
    "_require_housing_staff",
    "cancel_draft",
    "clean_contract",
    "clean_unit",
    "close_housing_need",
    "close_need_for_cancelled_assignment",
    "create_contract",
    "default_house_by",
    "end_contract",
    "household_bedroom_need",
    "open_need_for_assignment",
    "save_unit",
    "set_housing_need",
    "sign_contract",
]
