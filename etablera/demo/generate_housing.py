"""The housing generator's old dotted path, `etablera.demo.generate_housing`, kept for its callers outside
etablera/demo/ (etablera/benchmarks/): the generator lives in etablera/demo/generate/housing.py now. New code
imports that; this module can go when the benchmarks do.
"""

from etablera.demo.generate.housing import (
    BENCH_HOUSING_LOGIN,
    UNIT_PREFIX,
    HousingOptions,
    HousingRefused,
    HousingSummary,
    analyze,
    ensure_bench_housing_login,
    generate_housing,
    has_generated_housing,
)

__all__ = [
    "BENCH_HOUSING_LOGIN",
    "UNIT_PREFIX",
    "HousingOptions",
    "HousingRefused",
    "HousingSummary",
    "analyze",
    "ensure_bench_housing_login",
    "generate_housing",
    "has_generated_housing",
]
