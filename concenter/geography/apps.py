from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "concenter.geography"
    label = "geography"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from concenter.common.demo import demo_part_register
        from concenter.geography import demo

        demo_part_register("areas", order=10, load=demo.load_areas, minimal=True)
        demo_part_register("villages", order=30, load=demo.load_villages, minimal=True)
