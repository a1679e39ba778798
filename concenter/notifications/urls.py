from django.urls import path

from concenter.notifications import views

app_name = "notifications"

urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:message_id>/", views.outbox_message, name="outbox_message"),
    path("outbox/<int:message_id>/retry/", views.outbox_retry, name="outbox_retry"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
