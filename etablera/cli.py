"""The `etablera` command: Django's management commands, with the project's words.

etablera import quotas FILE.csv        -> manage.py import_data quotas FILE.csv
etablera import assignments FILE.csv   -> manage.py import_data assignments FILE.csv
etablera import monthly-status|sfi FILE.csv -> manage.py import_establishment monthly-status|sfi FILE.csv
etablera import support-months|attendance FILE.csv -> manage.py import_activity support-months|attendance FILE.csv
etablera import placements FILE.csv    -> manage.py import_minors placements FILE.csv
etablera report quota --year 2017 ...  -> manage.py report quota --year 2017 ...
etablera demo / migrate / runserver …  -> the management command of that name
"""

import os
import sys

ALIASES = {"import": "import_data"}
# The establishment imports (issue #12) are the establishment app's own command.
ESTABLISHMENT_IMPORTS = ("monthly-status", "sfi")
# The activity requirement's (issue #13) are the activity app's.
ACTIVITY_IMPORTS = ("support-months", "attendance")
# The unaccompanied minors' (issue #14) are the minors app's.
MINORS_IMPORTS = ("placements",)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etablera.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "etablera"
    if len(args) > 2 and args[1] == "import" and args[2] in ESTABLISHMENT_IMPORTS:
        args[1] = "import_establishment"
    elif len(args) > 2 and args[1] == "import" and args[2] in ACTIVITY_IMPORTS:
        args[1] = "import_activity"
    elif len(args) > 2 and args[1] == "import" and args[2] in MINORS_IMPORTS:
        args[1] = "import_minors"
    elif len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
