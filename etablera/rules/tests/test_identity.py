import datetime as dt

import pytest
from stdnum import luhn

from etablera.rules import identity

TODAY = dt.date(2026, 11, 23)


def fictional(birth: str, serial: str = "238") -> str:
    """A valid number for YYMMDD + serial (fictional: tests only)."""
    return birth + serial + luhn.calc_check_digit(birth + serial)


def test_it_accepts_and_normalises_a_personnummer_to_twelve_digits():
    ten = fictional("811218")
    parsed = identity.parse(identity.PERSONNUMMER, f"{ten[:6]}-{ten[6:]}", today=TODAY)
    assert parsed.value == "19" + ten
    assert parsed.birth_date == dt.date(1981, 12, 18)
    assert parsed.masked == "19811218-****"
    assert identity.parse(identity.PERSONNUMMER, "19" + ten, today=TODAY).value == parsed.value


def test_it_reads_the_century_from_the_plus_separator():
    ten = fictional("121212")
    assert identity.parse(identity.PERSONNUMMER, f"{ten[:6]}-{ten[6:]}", today=TODAY).birth_date.year == 2012
    assert identity.parse(identity.PERSONNUMMER, f"{ten[:6]}+{ten[6:]}", today=TODAY).birth_date.year == 1912


def test_it_rejects_a_wrong_check_digit_in_swedish():
    ten = fictional("811218")
    wrong = ten[:-1] + str((int(ten[-1]) + 1) % 10)
    with pytest.raises(identity.IdentityNumberError, match="fel kontrollsiffra"):
        identity.parse(identity.PERSONNUMMER, wrong, today=TODAY)


@pytest.mark.parametrize("raw", ["12345", "abcdefghij", "81121898760000"])
def test_it_rejects_malformed_numbers(raw):
    with pytest.raises(identity.IdentityNumberError):
        identity.parse(identity.PERSONNUMMER, raw, today=TODAY)


def test_it_rejects_an_impossible_date():
    with pytest.raises(identity.IdentityNumberError, match="datum"):
        identity.parse(identity.PERSONNUMMER, fictional("811332"), today=TODAY)


def test_it_rejects_a_birth_date_in_the_future():
    future = fictional("261224")
    with pytest.raises(identity.IdentityNumberError, match="framtiden"):
        identity.parse(identity.PERSONNUMMER, "20" + future, today=TODAY)


def test_samordningsnummer_has_day_plus_sixty():
    number = fictional("811278")  # 18 December + 60
    parsed = identity.parse(identity.SAMORDNINGSNUMMER, number, today=TODAY)
    assert parsed.birth_date == dt.date(1981, 12, 18)
    assert parsed.value.startswith("19811278")
    with pytest.raises(identity.IdentityNumberError, match="samordningsnummer"):
        identity.parse(identity.PERSONNUMMER, number, today=TODAY)
    with pytest.raises(identity.IdentityNumberError, match="personnummer"):
        identity.parse(identity.SAMORDNINGSNUMMER, fictional("811218"), today=TODAY)


@pytest.mark.parametrize(
    ("raw", "value"), [("12-345678", "12-345678"), ("12345678", "12-345678"), ("12-345678/2", "12-345678/2")]
)
def test_dossiernummer_has_eight_digits_and_an_optional_suffix(raw, value):
    assert identity.parse(identity.DOSSIERNUMMER, raw).value == value


def test_dossiernummer_errors_are_swedish():
    with pytest.raises(identity.IdentityNumberError, match="åtta siffror"):
        identity.parse(identity.DOSSIERNUMMER, "1234-5")


def test_no_number_means_none_and_a_number_needs_a_type():
    assert identity.parse(identity.NONE, "").value == ""
    with pytest.raises(identity.IdentityNumberError):
        identity.parse(identity.NONE, "811218-9876")


def test_the_century_of_a_ten_digit_number_is_counted_from_the_given_day():
    """A ten-digit personnummer's century follows `today` — not the machine's clock (stdnum's default)."""
    import datetime as dt

    from etablera.rules import identity as ids
    from etablera.testing.factories import personnummer as make

    twelve = make(dt.date(1926, 7, 1))
    ten = twelve[2:8] + "-" + twelve[8:]
    # On 2026-06-15 "260701-" cannot be 2026 (the future), so it is 1926, aged 99.
    assert ids.parse(ids.PERSONNUMMER, ten, today=dt.date(2026, 6, 15)).value == twelve
    # On 2026-12-15 the same person is 100 and written with '+'.
    assert (
        ids.parse(ids.PERSONNUMMER, twelve[2:8] + "+" + twelve[8:], today=dt.date(2026, 12, 15)).value
        == twelve
    )
    leap = make(dt.date(2000, 2, 29))
    assert ids.parse(ids.PERSONNUMMER, leap[2:8] + "-" + leap[8:], today=dt.date(2026, 12, 15)).value == leap
