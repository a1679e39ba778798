from django.urls import path

from concenter.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.national_dashboard, name="national"),
    path("<str:code>/", views.area_dashboard, name="area"),
]
