from django.urls import path

from etablera.followup.web import report_views, views

urlpatterns = [
    path("uppfoljning/", views.indicators, name="followup_indicators"),
    *report_views.urlpatterns,
]
