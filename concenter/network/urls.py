from django.urls import path

from concenter.network import views

app_name = "network"
urlpatterns = [
    path("centers/", views.center_list, name="center_list"),
    path("centers/new/", views.center_create, name="center_create"),
    path("centers/<str:code>/", views.center_detail, name="center_detail"),
    path("centers/<str:code>/edit/", views.center_edit, name="center_edit"),
    path("centers/<str:code>/history/", views.center_history, name="center_history"),
    path("centers/<str:code>/terms/new/", views.term_create, name="term_create"),
    path("centers/<str:code>/terms/<int:term_id>/", views.term_detail, name="term_detail"),
    path("centers/<str:code>/terms/<int:term_id>/seats/", views.seat_add, name="seat_add"),
    path(
        "centers/<str:code>/terms/<int:term_id>/activate/",
        views.term_activate,
        name="term_activate",
    ),
    path(
        "centers/<str:code>/terms/<int:term_id>/seats/<int:seat_id>/remove/",
        views.seat_remove,
        name="seat_remove",
    ),
    path(
        "centers/<str:code>/terms/<int:term_id>/seats/<int:seat_id>/end/",
        views.seat_end,
        name="seat_end",
    ),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path(
        "organizations/<int:organization_id>/",
        views.organization_detail,
        name="organization_detail",
    ),
    path(
        "organizations/<int:organization_id>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
    path(
        "organizations/<int:organization_id>/history/",
        views.organization_history,
        name="organization_history",
    ),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:partner_id>/history/", views.partner_history, name="partner_history"),
]
