"""The housing pages' addresses (included at the root by etablera/urls.py)."""

from django.urls import path

from etablera.housing.web.views import figures, homes, households, matching

urlpatterns = [
    # Boende (issue #5): the queue, homes, contracts, a household's need and contracts, matching, figures
    path("boende/", homes.housing_queue, name="housing_queue"),
    path("boende/bostader/", homes.housing_units, name="housing_units"),
    path("boende/bostader/ny/", homes.housing_unit_create, name="housing_unit_create"),
    path("boende/bostader/import/", matching.housing_unit_import, name="housing_unit_import"),
    path("boende/bostader/<int:unit_id>/", homes.housing_unit_detail, name="housing_unit_detail"),
    path("boende/bostader/<int:unit_id>/andra/", homes.housing_unit_edit, name="housing_unit_edit"),
    path("boende/kontrakt/", homes.housing_contracts_ending, name="housing_contracts_ending"),
    path(
        "boende/kontrakt/<uuid:public_id>/",
        households.housing_contract_detail,
        name="housing_contract_detail",
    ),
    path(
        "boende/kontrakt/<uuid:public_id>/undertecknat/",
        households.housing_contract_sign,
        name="housing_contract_sign",
    ),
    path(
        "boende/kontrakt/<uuid:public_id>/avsluta/",
        households.housing_contract_end,
        name="housing_contract_end",
    ),
    path(
        "boende/kontrakt/<uuid:public_id>/makulera/",
        households.housing_contract_cancel,
        name="housing_contract_cancel",
    ),
    path("boende/matchning/", matching.housing_matching, name="housing_matching"),
    path("boende/matchning/kor/", matching.housing_matching_run, name="housing_matching_run"),
    path(
        "boende/matchning/<int:proposal_id>/acceptera/",
        matching.housing_proposal_accept,
        name="housing_proposal_accept",
    ),
    path(
        "boende/matchning/<int:proposal_id>/avboj/",
        matching.housing_proposal_reject,
        name="housing_proposal_reject",
    ),
    path("boende/tillfalligt/", figures.housing_temporary, name="housing_temporary"),
    path("boende/unga-vuxna/", figures.housing_young_adults, name="housing_young_adults"),
    path(
        "hushall/<uuid:public_id>/boende/",
        households.household_housing_need,
        name="household_housing_need",
    ),
    path(
        "hushall/<uuid:public_id>/boende/avsluta/",
        households.household_housing_need_close,
        name="household_housing_need_close",
    ),
    path(
        "hushall/<uuid:public_id>/kontrakt/ny/",
        households.household_contract_create,
        name="household_contract_create",
    ),
]
