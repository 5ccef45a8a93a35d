"""`etablera import monthly-status|sfi FILE.csv` on the command line (issue #12): the establishment's own command
behind the project's word, exit code 1 and nothing saved for a file with errors, 0 when it is imported."""

import django.utils.log
import pytest
from django.db import connections

from etablera.cli import main
from etablera.establishment.models import MonthlyStatus, SfiEnrolment
from etablera.testing.factories import personnummer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """As etablera/reception/tests/test_cli.py: the command must not close the test's connection or logging."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    monkeypatch.setattr(django.utils.log, "configure_logging", lambda *args, **kwargs: None)


def etablera(*args: str) -> int:
    try:
        main(["etablera", *args])
    except SystemExit as exit:
        return exit.code or 0
    return 0


def test_the_command_line_imports_all_or_nothing(adult, today, tmp_path, capsys):
    adult.identity_number_type = "PERSONNUMMER"
    adult.identity_number = personnummer(adult.birth_date, serial=611)
    adult.save()
    number = adult.identity_number
    status = tmp_path / "status.csv"
    status.write_text(f"personnummer;månad;status\n{number};{today:%Y-%m};Arbete\n{number};2026-13;Arbete\n")
    assert etablera("import", "monthly-status", str(status)) == 1
    out = capsys.readouterr().out
    assert "Rad 3, kolumn månad" in out
    assert number not in out
    assert not MonthlyStatus.objects.exists()

    status.write_text(f"personnummer;månad;status\n{number};{today:%Y-%m};Arbete\n")
    assert etablera("import", "monthly-status", str(status), "--dry-run") == 0
    assert not MonthlyStatus.objects.exists()
    assert etablera("import", "monthly-status", str(status)) == 0
    assert MonthlyStatus.objects.get().status == "WORK"

    sfi = tmp_path / "sfi.csv"
    sfi.write_text(f"personnummer,anmäld,kurs,studieväg\n{number},{today},A,1\n")
    assert etablera("import", "sfi", str(sfi), "--format", "json") == 0
    assert '"created": 1' in capsys.readouterr().out
    assert SfiEnrolment.objects.get().course == "A"
