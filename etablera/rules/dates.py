"""Calendar arithmetic that the law uses: "two months after" ends on the same day of the month, or the month's last
day when that day does not exist (2025-12-31 + 2 months = 2026-02-28), as in the Swedish lag (1930:173) om
beräkning av lagstadgad tid and in python-dateutil's relativedelta."""

import datetime as dt
import functools

from dateutil.relativedelta import relativedelta


# Kept per (day, months): a list computes the same few month starts for every person it shows (the activity
# requirement's coverage, thousands of persons a page), and building a relativedelta is most of the cost.
@functools.lru_cache(maxsize=4096)
def add_months(start: dt.date, months: int) -> dt.date:
    return start + relativedelta(months=months)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years on `on` (a person born on 29 February has their birthday on 1 March in common years)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def birthday(birth_date: dt.date, age: int) -> dt.date:
    """The date a person turns `age` (29 February → 1 March in common years, per Swedish practice)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return dt.date(birth_date.year + age, 3, 1)
