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

        from concenter.awards import demo
        from concenter.common.demo import demo_part_register
        from concenter.common.orphans import upload_reference_register

        demo_part_register("awards", order=70, load=demo.load)
        upload_reference_register("awards/emblems", model="awards.Programme", field="emblem")
        upload_reference_register("awards/photos", model="awards.Nomination", field="photo")
        upload_reference_register("awards/evidence", model="awards.Evidence", field="file")
