"""The permission matrix's parts (its tests are etablera/access/tests/test_permission_matrix*.py): every URL and
every API operation × every role.

  world.py       the roles, the households H and P, the protected homes and their markers; a client per role
  cases.py       what a row is and how one is written; the expectations rows share
  pages.py       the rows for the pages
  operations.py  the rows for reception's API operations
  access.py      the rows for access: the access log, consents, notes, break-glass (pages and API)
  housing.py     the rows for housing (API and pages), and the probes of the protected homes
  people_register.py  the rows for keeping a person's register data true (issue #11)
  people_changes.py  the rows for a person's birth date, a household's changes and duplicates (issue #11)
  reception_intake.py  the rows for an anvisning's members and self-settled households (issue #11)
  imports.py     the rows for the anvisningar import over the API (issue #11)
  search.py      the rows for the searches by POST: households, and anvisningar by a member's name (issue #11)
  task_work.py   the rows for taking and assigning tasks, several at once, and the caseload (issue #11)
  establishment.py  the rows for the person's establishment page (issue #12)
  establishment_plans.py  the plan's life, the caseload of plans, and the probes of a plan's involvement (issue #12)
  establishment_programme.py  its programme part, the mapping's remaining API writes, the establishment import
  before_arrival.py  the rows for an anvisning's planned arrival date (issue #11)
  establishment_reports.py  the rows for the programmes that end soon and the cohort outcomes (issue #12)
  activity_requirement.py, activity_bank.py, activity_week.py, activity_matching.py  the activity requirement and
                 the work that fills it (issue #13): social services' lists, the catalogue and placements, the week,
                 the proposals
  minors.py      the rows for unaccompanied minors and young adults (issue #14): lists, the child's case
  money_claims.py  the rows for the money domain's claim register (issue #15): pages and API
  money.py       the rows for the money overview, a month's lines, computing, rates and moves (issue #15)
  money_payments.py  the rows for the money domain's payments and reconciliation (issue #15): pages and API
  money_forecast.py  the rows for the money domain's forecast (issue #15): the page, its parameters, the API
  money_funding.py  the rows for the pot and the split of the schablon (issue #15): pages and API
  followup.py    the rows for the follow-up's indicators page (issue #16)
  background.py  the rows for background work (issue #18): the board report's PDF started in the background, a
                 job's page, status and file
  county.py      the rows for the county board's pages (issue #16); test_county_role.py asks every row as the county
  county_visits.py  the rows for the municipality visits (issue #16): the county board's pages and the municipality's
  civil.py       the rows for the civil register (issue #17): the overview, associations, network meetings, API
  grants.py      the rows for grants to associations (issue #17): the public application pages and the staff's
  volunteers.py  the rows for volunteers (issue #17): the public sign-up, confirmation and withdrawal, the staff's
                 volunteer pages, wishes and matches, the API
  notices.py     the rows for messages to staff (issue #18): one's notices, their count, one's choice
  reminders.py   the rows for reminders to newcomers (issue #18): the outbox, resending, a person's consent
  urls.py        every URL name and API operation there is (what needs a row)
  content.py     what an answer holds, and the scan for the protected addresses
"""

from etablera.access.tests.matrix import (
    access,
    activity_bank,
    activity_matching,
    activity_requirement,
    activity_week,
    background,
    before_arrival,
    civil,
    county,
    county_visits,
    establishment,
    establishment_api,
    establishment_plans,
    establishment_programme,
    establishment_reports,
    followup,
    grants,
    housing,
    imports,
    letters,
    minors,
    money,
    money_claims,
    money_forecast,
    money_funding,
    money_payments,
    notices,
    operations,
    pages,
    people_changes,
    people_register,
    reception_intake,
    reminders,
    search,
    task_work,
    volunteers,
)
from etablera.access.tests.matrix.cases import Case

# In this order the requests are made (each in a savepoint that is rolled back).
CASES: list[Case] = (
    pages.PAGES
    + operations.OPERATIONS
    + access.ACCESS
    + housing.API
    + housing.PAGES
    + people_register.PEOPLE_REGISTER
    + reception_intake.RECEPTION_INTAKE
    + people_changes.PEOPLE_CHANGES
    + imports.IMPORTS
    + search.SEARCH
    + task_work.TASK_WORK
    + establishment.ESTABLISHMENT
    + establishment_api.ESTABLISHMENT_API
    + establishment_plans.ESTABLISHMENT_PLANS
    + establishment_programme.ESTABLISHMENT_PROGRAMME
    + before_arrival.BEFORE_ARRIVAL
    + establishment_reports.ESTABLISHMENT_REPORTS
    + activity_requirement.ROWS
    + activity_bank.ROWS
    + activity_week.ROWS
    + activity_matching.ROWS
    + minors.ROWS
    + money.ROWS
    + money_claims.ROWS
    + money_forecast.ROWS
    + money_funding.ROWS
    + money_payments.ROWS
    + county.ROWS
    + county_visits.ROWS
    + followup.ROWS
    + background.ROWS
    + civil.ROWS
    + grants.ROWS
    + volunteers.ROWS
    + letters.ROWS
    + notices.ROWS
    + reminders.ROWS
)
PROBES: list[Case] = housing.PROBES + establishment_plans.PLAN_PROBES
