from django.urls import path

from concenter.activities import views

app_name = "activities"
urlpatterns = [
    path("centers/<str:code>/activities/", views.activity_list, name="activity_list"),
    path("centers/<str:code>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("centers/<str:code>/stories/", views.story_list, name="story_list"),
    path("centers/<str:code>/stories/new/", views.story_create, name="story_create"),
    path("stories/<int:story_id>/", views.story_detail, name="story_detail"),
    path("stories/<int:story_id>/edit/", views.story_edit, name="story_edit"),
    path("stories/<int:story_id>/publish/", views.story_publish, name="story_publish"),
    path("exhibition/<str:code>/", views.exhibition, name="exhibition"),
]
