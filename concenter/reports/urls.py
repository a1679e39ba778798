from django.urls import path

from concenter.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.national_dashboard, name="national"),
    path("health/", views.national_health, name="national_health"),
    path("reports/<slug:name>.<slug:file_format>", views.national_report, name="national_report"),
    path("<str:code>/", views.area_dashboard, name="area"),
    path("<str:code>/health/", views.area_health, name="area_health"),
    path(
        "<str:code>/reports/<slug:name>.<slug:file_format>",
        views.area_report,
        name="area_report",
    ),
]
