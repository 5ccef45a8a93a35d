"""Writes for persons and households, one module per kind of change; each validates fully before it writes, locks
the row it changes and logs the change (access.audit.log_change).

  households.py        registering a household and its members (PersonInput, clean_person_input, create_household)
  editing.py           what every change of a registered person shares: who may, the row lock, masked numbers
  details.py           a person's plain data and contact, the address, protected identity set or lifted
  identity_numbers.py  a new current identity number; the former ones kept, and a number held by another refused
  residence_permits.py the decisions on residence permits, a history; the current one mirrored on Person
  birth_dates.py       a birth date corrected or uplifted (ålder uppskriven), kept as history
  membership.py        a member added later, moved out or dead; the anchor person
  reshaping.py         a household split in two, two households merged
  merging.py           two registrations of one person made one

The names callers use are importable from `etablera.people.services` as before.
"""

from etablera.people.services.birth_dates import change_birth_date
from etablera.people.services.details import (
    normalise_phone,
    set_address,
    set_protected_identity,
    update_person,
)
from etablera.people.services.households import PersonInput, clean_person_input, create_household
from etablera.people.services.identity_numbers import (
    DuplicateIdentityNumber,
    change_identity_number,
    find_number_holder,
    record_former_identity_number,
)
from etablera.people.services.membership import (
    add_member,
    change_anchor,
    register_person,
    remove_member,
)
from etablera.people.services.merging import check_merge, merge_persons
from etablera.people.services.reshaping import merge_households, split_household
from etablera.people.services.residence_permits import record_residence_permit

__all__ = [
    "DuplicateIdentityNumber",
    "PersonInput",
    "add_member",
    "change_anchor",
    "change_birth_date",
    "change_identity_number",
    "check_merge",
    "merge_households",
    "merge_persons",
    "register_person",
    "remove_member",
    "split_household",
    "clean_person_input",
    "create_household",
    "find_number_holder",
    "normalise_phone",
    "record_former_identity_number",
    "record_residence_permit",
    "set_address",
    "set_protected_identity",
    "update_person",
]
