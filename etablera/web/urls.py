from django.contrib.auth import views as auth_views
from django.urls import path

from etablera.web.views import (
    access_log,
    assignments,
    break_glass,
    common,
    households,
    imports,
    overview,
    people,
    reports,
    tasks,
    templates,
)

urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", common.home, name="home"),
    # Uppgifter
    path("uppgifter/", tasks.my_tasks, name="my_tasks"),
    path("uppgifter/enhet/", tasks.unit_tasks, name="unit_tasks"),
    path("uppgifter/<int:task_id>/", tasks.task_detail, name="task_detail"),
    path("uppgifter/<int:task_id>/klar/", tasks.task_complete, name="task_complete"),
    path("uppgifter/<int:task_id>/ej-aktuell/", tasks.task_not_applicable, name="task_not_applicable"),
    path("uppgifter/<int:task_id>/oppna-igen/", tasks.task_reopen, name="task_reopen"),
    path("uppgifter/<int:task_id>/lamna-over/", tasks.task_reassign, name="task_reassign"),
    path("uppgifter/<int:task_id>/anteckning/", tasks.task_note, name="task_note"),
    # Hushåll (persons and households only by their random public id)
    path("hushall/", households.household_search, name="household_search"),
    path("hushall/<uuid:public_id>/", households.household_detail, name="household_detail"),
    # Anvisningar
    path("anvisningar/", assignments.assignment_list, name="assignment_list"),
    path("anvisningar/ny/", assignments.assignment_create, name="assignment_create"),
    path("anvisningar/import/", imports.assignment_import, name="assignment_import"),
    path("anvisningar/<int:assignment_id>/", assignments.assignment_detail, name="assignment_detail"),
    path(
        "anvisningar/<int:assignment_id>/ankomst/", assignments.assignment_receive, name="assignment_receive"
    ),
    path("anvisningar/<int:assignment_id>/avbryt/", assignments.assignment_cancel, name="assignment_cancel"),
    # Figures
    path("oversikt/", overview.overview, name="overview"),
    path("rapporter/kommuntal/", reports.quota_report, name="quota_report"),
    # Processmallar
    path("mallar/", templates.template_list, name="template_list"),
    path("mallar/kopiera/", templates.template_copy, name="template_copy"),
    path("mallar/<int:template_id>/", templates.template_detail, name="template_detail"),
    # Personer: the person page with consents, section notes and the protected address (public id only)
    path("personer/<uuid:public_id>/", people.person_detail, name="person_detail"),
    path("personer/<uuid:public_id>/adress/", people.person_address, name="person_address"),
    path("personer/<uuid:public_id>/samtycken/", people.consent_create, name="consent_create"),
    path(
        "personer/<uuid:public_id>/samtycken/<uuid:consent_id>/aterkalla/",
        people.consent_withdraw,
        name="consent_withdraw",
    ),
    path("personer/<uuid:public_id>/anteckningar/", people.note_create, name="person_note_create"),
    path("hushall/<uuid:public_id>/avsluta/", households.household_close_case, name="household_close_case"),
    # Nödåtkomst (the identity number only in the body of a POST)
    path("nodatkomst/", break_glass.break_glass, name="break_glass"),
    # Åtkomstlogg: uppföljning, en persons åtkomsthistorik, registerutdrag, nödåtkomster; gallring
    path("logg/", access_log.access_log, name="access_log"),
    path("logg/person/<uuid:public_id>/", access_log.access_history, name="access_history"),
    path(
        "logg/person/<uuid:public_id>/registerutdrag/", access_log.register_extract, name="register_extract"
    ),
    path("logg/nodatkomst/", access_log.break_glass_review, name="break_glass_review"),
    path(
        "logg/nodatkomst/<int:access_id>/granskad/",
        access_log.break_glass_mark_reviewed,
        name="break_glass_mark_reviewed",
    ),
    path("gallring/", access_log.retention_dry_run, name="retention_dry_run"),
]
