from django.urls import path

from concenter.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.batch_new, name="new"),
    path("template/<str:kind>.xlsx", views.template_xlsx, name="template"),
    path("<int:batch_id>/", views.batch_detail, name="detail"),
    path("<int:batch_id>/commit/", views.batch_commit, name="commit"),
    path("<int:batch_id>/retry/", views.batch_retry, name="retry"),
    path("<int:batch_id>/rejected.xlsx", views.rejected_xlsx, name="rejected"),
    path("<int:batch_id>/undo/", views.batch_undo, name="undo"),
    path("export/<str:kind>.<str:file_format>", views.export_list, name="export"),
    path("open-data/", views.open_data_index, name="open_data"),
    path("open-data/<str:dataset>.<str:file_format>", views.open_data_file, name="open_data_file"),
]
