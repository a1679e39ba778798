from django.contrib import admin
from django.urls import include, path

from concenter.common import views as common_views
from concenter.reports.metrics import metrics
from concenter.reports.views import my_work
from config.api import api

urlpatterns = [
    path("", common_views.home, name="home"),
    path("work/", my_work, name="my_work"),
    path("healthz", common_views.healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("concenter.accounts.urls")),
    path("areas/", include("concenter.geography.urls")),
    path("dashboard/", include("concenter.reports.urls")),
    path("imports/", include("concenter.exchange.urls")),
    path("messages/", include("concenter.notifications.urls")),
    path("", include("concenter.network.urls")),
    path("people/", include("concenter.people.urls")),
    path("", include("concenter.portal.urls")),
    path("", include("concenter.activities.urls")),
    path("", include("concenter.awards.urls")),
    path("", include("concenter.events.urls")),
    path("assessment/", include("concenter.assessment.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "concenter.common.views.not_found"
handler500 = "concenter.common.views.server_error"
