"""What the people services tell the domains that stand on them, without knowing them (people imports no domain
above it; reception, housing and later domains listen). Each is sent inside the service's transaction, after the
change is written, so a receiver's writes commit or roll back with it.

- `birth_date_changed(person, change, actor)`: the person's birth date was corrected or uplifted (`change` is the
  BirthDateChange row). Reception re-evaluates the person's open tasks: age conditions and due dates that follow
  the new date, each change told in the task's history with the rule's explanation.
- `member_added(household, person, actor, on_date)`: a person joined an existing household (a newborn, a relative
  who came later). Reception creates the person's tasks of an open reception case.
- `member_left(household, person, actor, on_date, reason)`: a member moved out, died, or went with a split; `reason`
  is a FormerHouseholdMember.Reason. Reception closes the person's open tasks in that household as not applicable,
  saying why.
"""

from django.dispatch import Signal

birth_date_changed = Signal()
member_added = Signal()
member_left = Signal()
