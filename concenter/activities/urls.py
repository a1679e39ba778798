from django.urls import path

from concenter.activities import views

app_name = "activities"
urlpatterns = [
    # Activities and meetings (signed in, by the center's area).
    path("centers/<str:code>/activities/", views.activity_list, name="activity_list"),
    path("centers/<str:code>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path(
        "activities/<int:activity_id>/partners/",
        views.activity_partner_add,
        name="activity_partner_add",
    ),
    path(
        "activities/partners/<int:support_id>/remove/",
        views.activity_partner_remove,
        name="activity_partner_remove",
    ),
    path(
        "activities/<int:activity_id>/attendees/",
        views.activity_attendee_add,
        name="activity_attendee_add",
    ),
    path(
        "activities/attendees/<int:attendee_id>/remove/",
        views.activity_attendee_remove,
        name="activity_attendee_remove",
    ),
    path(
        "activities/<int:activity_id>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("activities/<int:activity_id>/files/", views.activity_file_add, name="activity_file_add"),
    path("activities/files/<int:file_id>/", views.activity_file, name="activity_file"),
    path(
        "activities/files/<int:file_id>/remove/",
        views.activity_file_remove,
        name="activity_file_remove",
    ),
    # Success stories.
    path("centers/<str:code>/stories/", views.story_list, name="story_list"),
    path("centers/<str:code>/stories/new/", views.story_create, name="story_create"),
    path("stories/<int:story_id>/", views.story_detail, name="story_detail"),
    path("stories/<int:story_id>/edit/", views.story_edit, name="story_edit"),
    path("stories/<int:story_id>/publish/", views.story_publish, name="story_publish"),
    path("stories/<int:story_id>/delete/", views.story_delete, name="story_delete"),
    path("stories/<int:story_id>/photos/", views.story_photo_add, name="story_photo_add"),
    path("stories/photos/<int:photo_id>/", views.story_photo, name="story_photo"),
    path(
        "stories/photos/<int:photo_id>/remove/",
        views.story_photo_remove,
        name="story_photo_remove",
    ),
    # Community plans (an area's plans; a plan and its projects).
    path("community-plans/area/<str:code>/", views.plan_list, name="plan_list"),
    path("community-plans/area/<str:code>/new/", views.plan_create, name="plan_create"),
    path("community-plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("community-plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path(
        "community-plans/<int:plan_id>/projects/new/",
        views.project_create,
        name="project_create",
    ),
    path("community-projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path(
        "community-projects/<int:project_id>/remove/",
        views.project_remove,
        name="project_remove",
    ),
    # The public exhibition (anyone): the specific routes before exhibition/<code>/.
    path("exhibition/stories/<int:story_id>/", views.public_story, name="public_story"),
    path("exhibition/photos/<int:photo_id>/", views.public_photo, name="public_photo"),
    path("exhibition/<str:code>/", views.exhibition, name="exhibition"),
    path("exhibition/<str:code>/poster.pdf", views.exhibition_poster, name="exhibition_poster"),
]
