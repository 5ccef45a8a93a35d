"""The reception pages' addresses (included at the root by etablera/urls.py)."""

from django.urls import include, path

from etablera.reception.web.views import (
    assignment_list,
    assignments,
    household_search,
    households,
    imports,
    intake,
    overview,
    reports,
    templates,
)

urlpatterns = [
    path("", overview.home, name="home"),
    # Uppgifter: urls_tasks.py
    path("", include("etablera.reception.web.urls_tasks")),
    # Hushåll (persons and households only by their random public id)
    path("hushall/", household_search.household_search, name="household_search"),
    path("hushall/eget-boende/ny/", intake.self_settled_create, name="self_settled_create"),
    path("hushall/<uuid:public_id>/", households.household_detail, name="household_detail"),
    # Anvisningar
    path("anvisningar/", assignment_list.assignment_list, name="assignment_list"),
    path("anvisningar/ny/", assignments.assignment_create, name="assignment_create"),
    path("anvisningar/import/", imports.assignment_import, name="assignment_import"),
    path("anvisningar/<int:assignment_id>/", assignments.assignment_detail, name="assignment_detail"),
    path(
        "anvisningar/<int:assignment_id>/ankomst/", assignments.assignment_receive, name="assignment_receive"
    ),
    path("anvisningar/<int:assignment_id>/avbryt/", assignments.assignment_cancel, name="assignment_cancel"),
    path(
        "anvisningar/<int:assignment_id>/planerad-ankomst/",
        assignments.assignment_planned_arrival,
        name="assignment_planned_arrival",
    ),
    path("anvisningar/<int:assignment_id>/medlemmar/", intake.assignment_members, name="assignment_members"),
    # Figures
    path("oversikt/", overview.overview, name="overview"),
    path("rapporter/kommuntal/", reports.quota_report, name="quota_report"),
    # Processmallar
    path("mallar/", templates.template_list, name="template_list"),
    path("mallar/kopiera/", templates.template_copy, name="template_copy"),
    path("mallar/<int:template_id>/", templates.template_detail, name="template_detail"),
    path("hushall/<uuid:public_id>/avsluta/", households.household_close_case, name="household_close_case"),
]
