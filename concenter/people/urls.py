from django.urls import path

from concenter.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("check-id/", views.national_id_check, name="national_id_check"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<int:person_id>/roles/", views.local_role_add, name="local_role_add"),
    path("<int:person_id>/public-name/", views.person_public_name, name="person_public_name"),
    path("<int:person_id>/history/", views.person_history, name="person_history"),
]

from concenter.people import privacy_views  # noqa: E402

urlpatterns += [
    path("<int:person_id>/export.json", privacy_views.person_export, name="person_export"),
    path("<int:person_id>/export.pdf", privacy_views.person_export_pdf, name="person_export_pdf"),
    path("<int:person_id>/anonymize/", privacy_views.person_anonymize, name="person_anonymize"),
    path(
        "<int:person_id>/privacy-notices/",
        privacy_views.privacy_notice_add,
        name="privacy_notice_add",
    ),
    path("<int:person_id>/contacts/", privacy_views.person_contacts, name="person_contacts"),
]
