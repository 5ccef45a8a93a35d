"""How long a free text may be where the database does not say (a TextField), and how long a search.

A CharField's column has its max_length, and the API reads it from the model (etablera/api/bounds.py); a TextField
has none, so its limit is named here, once, for the page's form and the API alike (docs/api.md, "Limits"). The
numbers are the ones the pages have had: long enough for any note a caseworker writes, short enough that a
runaway client cannot fill a page or the database with one field.
"""

TASK_NOTE = 2000  # a note on a task (reception.TaskEvent.text)
COMPLETION_NOTE = 1000  # a comment when a task is completed (TaskEvent.text)
SECTION_NOTE = 4000  # a note in a person's section (people.Note.text)
BREAK_GLASS_REASON = 1000  # why emergency access is needed (access.BreakGlassAccess.reason)
REVEAL_REASON = 300  # why a protected address is shown (kept in the audit summary, 300 characters)
STEP_DESCRIPTION = 2000  # a process template step's description (reception.TemplateStep.description)
HOUSING_NOTES = 2000  # notes on a home (housing.HousingUnit.notes)

SEARCH = 100  # a name or part of one, or a whole identity number
IDENTITY_NUMBER_INPUT = 20  # as typed, with hyphen or spaces; stored normalised in 14 characters
# A password as typed: long enough for any passphrase or password manager, short enough that hashing it costs little
# (a hash of a megabyte-long password is work an attacker chooses).
PASSWORD = 128
