"""The money domain's models (issue #15): what the state owes the municipality, what it has paid, and the claims
that need an application."""

from etablera.money.models.claims import Claim
from etablera.money.models.common import Kind
from etablera.money.models.entitlements import Entitlement
from etablera.money.models.funding import ForecastSetting, FundingYear, PotApplication, SplitShare
from etablera.money.models.payments import Payment
from etablera.money.models.rates import Rate, Relocation

__all__ = [
    "Claim",
    "Entitlement",
    "ForecastSetting",
    "FundingYear",
    "Kind",
    "Payment",
    "PotApplication",
    "Rate",
    "Relocation",
    "SplitShare",
]
