from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "concenter.awards"
    label = "awards"
    verbose_name = _("Honour awards")

    def ready(self) -> None:
        from concenter.awards.retention import nomination_retention_purge
        from concenter.common.retention import retention_purge_register

        retention_purge_register(
            "nominations",
            order=3,
            what="nominations that did not win",
            purge=nomination_retention_purge,
        )
