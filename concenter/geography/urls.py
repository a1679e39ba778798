from django.urls import path

from concenter.geography import views

app_name = "geography"
urlpatterns = [
    path("", views.area_index, name="area_index"),
    path("pick/", views.area_pick, name="area_pick"),
    path("<str:code>/", views.area_detail, name="area_detail"),
    path("<str:code>/history/", views.area_history, name="area_history"),
    path("<str:code>/villages/new/", views.village_create, name="village_create"),
]
