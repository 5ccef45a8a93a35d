"""The activity requirement's reports (issue #13): "Räcker utbudet?" — the hours the requirement demands against
the hours the catalogue and the placements offer, week by week, and the placements' outcomes (`offer`); the
command line's text, CSV and JSON (`command`)."""
