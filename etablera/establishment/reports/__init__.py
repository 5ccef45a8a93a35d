"""The establishment's reports (issue #12): the programmes that end soon and "glappet" (`ending`, lists of persons
for those who follow them up, through `restrict()` and logged), and the cohort outcomes (`outcomes`, figures only,
small cells suppressed; `outcome_tables` shows them as a table, CSV or JSON). The method is in docs/reports.md."""
