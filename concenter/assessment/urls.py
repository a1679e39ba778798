from django.urls import path

from concenter.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_open, name="round_open"),
    path("rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/reminders/", views.round_reminders, name="round_reminders"),
    path(
        "rounds/<int:round_id>/centers/<str:code>/start/",
        views.assessment_start,
        name="assessment_start",
    ),
    path("rounds/<int:round_id>/results/<str:code>/", views.results, name="results"),
    path(
        "rounds/<int:round_id>/results/<str:code>/export/",
        views.results_export,
        name="results_export",
    ),
    path("rounds/<int:round_id>/import/", views.results_import, name="results_import"),
    path("<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("<int:assessment_id>/fill/", views.assessment_fill, name="assessment_fill"),
    path("answers/<int:answer_id>/files/", views.answer_file_add, name="answer_file_add"),
    path("files/<int:file_id>/", views.answer_file, name="answer_file"),
    path("files/<int:file_id>/remove/", views.answer_file_remove, name="answer_file_remove"),
    path("<int:assessment_id>/refresh/", views.assessment_refresh, name="assessment_refresh"),
    path("<int:assessment_id>/submit/", views.assessment_submit, name="assessment_submit"),
    path("<int:assessment_id>/verify/", views.assessment_verify, name="assessment_verify"),
    path("<int:assessment_id>/return/", views.assessment_return, name="assessment_return"),
    path("<int:assessment_id>/approve/", views.assessment_approve, name="assessment_approve"),
    path("<int:assessment_id>/reopen/", views.assessment_reopen, name="assessment_reopen"),
    path("<int:assessment_id>/certificate/", views.certificate, name="certificate"),
    path("templates/<int:template_id>/", views.template_detail, name="template_detail"),
    path("templates/<int:template_id>/edit/", views.template_edit, name="template_edit"),
    path("templates/<int:template_id>/copy/", views.template_copy, name="template_copy"),
    path("dimensions/<int:dimension_id>/edit/", views.dimension_edit, name="dimension_edit"),
    path(
        "dimensions/<int:dimension_id>/indicators/new/",
        views.indicator_create,
        name="indicator_create",
    ),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
]
