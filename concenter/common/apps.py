from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_search_index(sender, using="default", **kwargs) -> None:
    """A migration that makes Django remake people_person or network_organization on SQLite drops
    the triggers that keep the search index in step; put them back after every migrate."""
    from django.db import connections

    from concenter.common.search_index import search_backend_status, search_index_repair

    if connections[using].vendor != "sqlite" or using != "default":
        return
    status = search_backend_status()
    if status.get("index_ok") is False:
        search_index_repair()


class CommonConfig(AppConfig):
    name = "concenter.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_save

        from concenter.common.bounds import model_values_check
        from concenter.common.middleware import session_seen_at_login

        post_migrate.connect(
            _repair_search_index, sender=self, dispatch_uid="concenter_search_repair"
        )
        pre_save.connect(model_values_check, dispatch_uid="concenter_values_in_range")
        user_logged_in.connect(session_seen_at_login, dispatch_uid="concenter_session_seen")
