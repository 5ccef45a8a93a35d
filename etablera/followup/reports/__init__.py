"""The follow-up's reports (issue #16): the indicator tables for scripting and spreadsheets (`command`, called by
`etablera report indicators`)."""
