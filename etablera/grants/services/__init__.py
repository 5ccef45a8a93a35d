"""The writes of grants (issue #17): programmes.py (a grant round set up, opened and closed), public.py (what the
association does: apply, confirm, report back by link), decisions.py (what staff do: assess, decide, pay, register a
report back), reminders.py (the e-mail before a report back is due)."""
