from django.urls import path

from concenter.awards import views

app_name = "awards"
urlpatterns = [
    # Programmes and their setup (officers)
    path("awards/", views.programme_list, name="programme_list"),
    path("awards/new/", views.programme_create, name="programme_create"),
    path("awards/<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("awards/<int:programme_id>/edit/", views.programme_edit, name="programme_edit"),
    path(
        "awards/<int:programme_id>/transition/",
        views.programme_transition,
        name="programme_transition",
    ),
    path("awards/<int:programme_id>/history/", views.programme_history, name="programme_history"),
    path("awards/<int:programme_id>/setup/", views.programme_setup, name="programme_setup"),
    path("awards/<int:programme_id>/categories/", views.category_add, name="category_add"),
    path(
        "awards/<int:programme_id>/categories/<int:category_id>/",
        views.category_update,
        name="category_update",
    ),
    path(
        "awards/<int:programme_id>/categories/<int:category_id>/remove/",
        views.category_remove,
        name="category_remove",
    ),
    path("awards/<int:programme_id>/criteria/", views.criterion_add, name="criterion_add"),
    path(
        "awards/<int:programme_id>/criteria/<int:criterion_id>/remove/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path("awards/<int:programme_id>/questions/", views.question_add, name="question_add"),
    path(
        "awards/<int:programme_id>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path("awards/<int:programme_id>/signatories/", views.signatories_save, name="signatories"),
    path("awards/<int:programme_id>/emblem/", views.emblem_upload, name="emblem_upload"),
    path("awards/<int:programme_id>/emblem/image/", views.emblem_file, name="emblem_file"),
    path("awards/<int:programme_id>/panel/", views.panel_add, name="panel_add"),
    path(
        "awards/<int:programme_id>/panel/<int:member_id>/remove/",
        views.panel_remove,
        name="panel_remove",
    ),
    # Nominations
    path("awards/<int:programme_id>/nominations/", views.nomination_list, name="nomination_list"),
    path("awards/<int:programme_id>/nominate/", views.nomination_create, name="nomination_create"),
    path(
        "awards/nominations/<int:nomination_id>/", views.nomination_detail, name="nomination_detail"
    ),
    path(
        "awards/nominations/<int:nomination_id>/edit/",
        views.nomination_edit,
        name="nomination_edit",
    ),
    path(
        "awards/nominations/<int:nomination_id>/link/",
        views.nomination_link,
        name="nomination_link",
    ),
    path(
        "awards/nominations/<int:nomination_id>/withdraw/",
        views.nomination_withdraw,
        name="nomination_withdraw",
    ),
    path(
        "awards/nominations/<int:nomination_id>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path(
        "awards/nominations/<int:nomination_id>/evidence/<int:evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(
        "awards/nominations/<int:nomination_id>/evidence/<int:evidence_id>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("awards/nominations/<int:nomination_id>/photo/", views.photo_upload, name="photo_upload"),
    path(
        "awards/nominations/<int:nomination_id>/photo/image/",
        views.photo_file,
        name="photo_file",
    ),
    path(
        "awards/nominations/<int:nomination_id>/screen/",
        views.nomination_screen,
        name="nomination_screen",
    ),
    path(
        "awards/nominations/<int:nomination_id>/plaque.pdf",
        views.plaque_pdf,
        name="plaque_pdf",
    ),
    # Screening, assignments, progress
    path("awards/<int:programme_id>/screening/", views.screening, name="screening"),
    path("awards/<int:programme_id>/assignments/", views.assignments, name="assignments"),
    path("awards/<int:programme_id>/progress/", views.progress, name="progress"),
    path(
        "awards/<int:programme_id>/scorecards/<int:scorecard_id>/reopen/",
        views.scorecard_reopen,
        name="scorecard_reopen",
    ),
    # Results
    path("awards/<int:programme_id>/results/", views.results_page, name="results"),
    path(
        "awards/<int:programme_id>/results/nominations/<int:nomination_id>/",
        views.results_nomination,
        name="results_nomination",
    ),
    path(
        "awards/<int:programme_id>/results/judges/<int:judge_id>/",
        views.results_judge,
        name="results_judge",
    ),
    path("awards/<int:programme_id>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("awards/<int:programme_id>/ties/", views.tie_decide, name="tie_decide"),
    path("awards/<int:programme_id>/plaques.pdf", views.plaques_pdf, name="plaques_pdf"),
    # Judges
    path("awards/judging/", views.judging_home, name="judging_home"),
    path("awards/judging/<int:nomination_id>/", views.judging_card, name="judging_card"),
    path(
        "awards/judging/<int:nomination_id>/submit/",
        views.judging_submit,
        name="judging_submit",
    ),
    path(
        "awards/judging/<int:nomination_id>/declare/",
        views.judging_declare,
        name="judging_declare",
    ),
    path(
        "awards/judging/<int:nomination_id>/conflicts/<int:conflict_id>/",
        views.judging_conflict,
        name="judging_conflict",
    ),
    # The public
    path("awards/<int:programme_id>/propose/", views.public_nominate, name="public_nominate"),
    path(
        "awards/<int:programme_id>/propose/confirm/",
        views.public_confirm,
        name="public_confirm",
    ),
    path("hall-of-fame/", views.hall_of_fame, name="hall_of_fame"),
    path(
        "hall-of-fame/<int:programme_id>/",
        views.hall_of_fame_programme,
        name="hall_of_fame_programme",
    ),
    path("hall-of-fame/areas/<str:code>/", views.hall_of_fame_area, name="hall_of_fame_area"),
    path(
        "hall-of-fame/photos/<int:nomination_id>/",
        views.hall_of_fame_photo,
        name="hall_of_fame_photo",
    ),
]
