"""The `etablera` command: Django's management commands, with the project's words.

etablera import quotas FILE.csv        -> manage.py import_data quotas FILE.csv
etablera import assignments FILE.csv   -> manage.py import_data assignments FILE.csv
etablera report quota --year 2017 ...  -> manage.py report quota --year 2017 ...
etablera demo / migrate / runserver …  -> the management command of that name
"""

import os
import sys

ALIASES = {"import": "import_data"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etablera.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "etablera"
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
