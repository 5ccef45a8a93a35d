"""The activity requirement's pages (issue #13), one module of URLs per part."""

from django.urls import include, path

urlpatterns = [
    path(
        "", include("etablera.activity.web.requirement_urls")
    ),  # social services: who is covered, plans, deviations
    path("", include("etablera.activity.web.bank_urls")),  # the catalogue, employers and placements
    path(
        "", include("etablera.activity.web.week_urls")
    ),  # the week: participations, attendance, job coach, report
    path("", include("etablera.activity.web.matching_urls")),  # proposals for a person
]
