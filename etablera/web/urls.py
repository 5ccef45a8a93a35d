from django.contrib.auth import views as auth_views
from django.urls import path

from etablera.web.views import (
    access_log,
    administration,
    assignments,
    break_glass,
    common,
    households,
    housing,
    housing_figures,
    housing_households,
    housing_matching,
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
    # Administration (issue #9): a municipal administrator's accounts and memberships, only their municipality's
    path("administration/", administration.administration, name="administration"),
    path("administration/konton/ny/", administration.account_create, name="account_create"),
    path("administration/konton/<int:user_id>/", administration.account_detail, name="account_detail"),
    path(
        "administration/konton/<int:user_id>/medlemskap/",
        administration.membership_add,
        name="membership_add",
    ),
    path(
        "administration/konton/<int:user_id>/inaktivera/",
        administration.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "administration/konton/<int:user_id>/aktivera/",
        administration.account_reactivate,
        name="account_reactivate",
    ),
    path(
        "administration/medlemskap/<int:membership_id>/",
        administration.membership_update,
        name="membership_update",
    ),
    path(
        "administration/medlemskap/<int:membership_id>/ta-bort/",
        administration.membership_remove,
        name="membership_remove",
    ),
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
    path("registerutdrag/", access_log.register_extract_lookup, name="register_extract_lookup"),
    path("logg/nodatkomst/", access_log.break_glass_review, name="break_glass_review"),
    path(
        "logg/nodatkomst/<int:access_id>/granskad/",
        access_log.break_glass_mark_reviewed,
        name="break_glass_mark_reviewed",
    ),
    path("gallring/", access_log.retention_dry_run, name="retention_dry_run"),
    # Boende (issue #5): the queue, homes, contracts, a household's need and contracts, matching, figures
    path("boende/", housing.housing_queue, name="housing_queue"),
    path("boende/bostader/", housing.housing_units, name="housing_units"),
    path("boende/bostader/ny/", housing.housing_unit_create, name="housing_unit_create"),
    path("boende/bostader/import/", housing_matching.housing_unit_import, name="housing_unit_import"),
    path("boende/bostader/<int:unit_id>/", housing.housing_unit_detail, name="housing_unit_detail"),
    path("boende/bostader/<int:unit_id>/andra/", housing.housing_unit_edit, name="housing_unit_edit"),
    path("boende/kontrakt/", housing.housing_contracts_ending, name="housing_contracts_ending"),
    path(
        "boende/kontrakt/<uuid:public_id>/",
        housing_households.housing_contract_detail,
        name="housing_contract_detail",
    ),
    path(
        "boende/kontrakt/<uuid:public_id>/undertecknat/",
        housing_households.housing_contract_sign,
        name="housing_contract_sign",
    ),
    path(
        "boende/kontrakt/<uuid:public_id>/avsluta/",
        housing_households.housing_contract_end,
        name="housing_contract_end",
    ),
    path(
        "boende/kontrakt/<uuid:public_id>/makulera/",
        housing_households.housing_contract_cancel,
        name="housing_contract_cancel",
    ),
    path("boende/matchning/", housing_matching.housing_matching, name="housing_matching"),
    path("boende/matchning/kor/", housing_matching.housing_matching_run, name="housing_matching_run"),
    path(
        "boende/matchning/<int:proposal_id>/acceptera/",
        housing_matching.housing_proposal_accept,
        name="housing_proposal_accept",
    ),
    path(
        "boende/matchning/<int:proposal_id>/avboj/",
        housing_matching.housing_proposal_reject,
        name="housing_proposal_reject",
    ),
    path("boende/tillfalligt/", housing_figures.housing_temporary, name="housing_temporary"),
    path("boende/unga-vuxna/", housing_figures.housing_young_adults, name="housing_young_adults"),
    path(
        "hushall/<uuid:public_id>/boende/",
        housing_households.household_housing_need,
        name="household_housing_need",
    ),
    path(
        "hushall/<uuid:public_id>/boende/avsluta/",
        housing_households.household_housing_need_close,
        name="household_housing_need_close",
    ),
    path(
        "hushall/<uuid:public_id>/kontrakt/ny/",
        housing_households.household_contract_create,
        name="household_contract_create",
    ),
]
