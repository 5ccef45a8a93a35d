"""Unaccompanied minors and young adults (issue #14): the child's case with its placements, representatives, age
assessments, tracing of parents and follow-up visits, and the dates of the 18th and 21st birthdays. Section SOCIAL:
the social services' records (access/visibility/minors.py)."""
