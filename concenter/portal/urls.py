from django.urls import path

from concenter.portal import views

app_name = "portal"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/<str:code>/", views.center_profile, name="center"),
]
