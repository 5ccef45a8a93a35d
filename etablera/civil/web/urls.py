"""The civil register's pages (issue #17): the overview, the associations and the network's meetings, under
/civilsamhallet/. The volunteers' and grants' pages are their own apps' (/civilsamhallet/volontarer/, /bidrag/)."""

from django.urls import path

from etablera.civil.web.views import associations, network

urlpatterns = [
    path("civilsamhallet/", associations.overview, name="civil_overview"),
    path("civilsamhallet/foreningar/", associations.association_list, name="civil_associations"),
    path("civilsamhallet/foreningar/ny/", associations.association_new, name="civil_association_new"),
    path(
        "civilsamhallet/foreningar/<uuid:public_id>/",
        associations.association_detail,
        name="civil_association",
    ),
    path(
        "civilsamhallet/foreningar/<uuid:public_id>/andra/",
        associations.association_edit,
        name="civil_association_edit",
    ),
    path(
        "civilsamhallet/foreningar/<uuid:public_id>/kontakter/<int:pk>/andra/",
        associations.contact_edit,
        name="civil_contact_edit",
    ),
    path("civilsamhallet/natverk/", network.meeting_list, name="civil_meetings"),
    path("civilsamhallet/natverk/nytt/", network.meeting_new, name="civil_meeting_new"),
    path("civilsamhallet/natverk/<uuid:public_id>/", network.meeting_detail, name="civil_meeting"),
    path("civilsamhallet/natverk/<uuid:public_id>/andra/", network.meeting_edit, name="civil_meeting_edit"),
]
