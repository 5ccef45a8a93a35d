from django.urls import path

from etablera.background.web import views

urlpatterns = [
    path("bakgrund/schema/", views.schedule_page, name="background_schedule"),
    path("bakgrund/<uuid:public_id>/", views.job_page, name="background_job"),
    path("bakgrund/<uuid:public_id>/status/", views.job_status, name="background_job_status"),
    path("bakgrund/<uuid:public_id>/fil/", views.job_file, name="background_job_file"),
]
