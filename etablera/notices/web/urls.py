from django.urls import path

from etablera.notices.web import views

urlpatterns = [
    path("aviseringar/", views.notices, name="notices"),
    path("aviseringar/antal/", views.notices_count, name="notices_count"),
    path("aviseringar/installningar/", views.notice_settings, name="notice_settings"),
]
