from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "concenter.activities"
    label = "activities"
    verbose_name = _("Activities and success stories")

    def ready(self) -> None:
        from concenter.activities.rollups import activities_rollup_rebuild_rows
        from concenter.network.rollups import rollup_rebuild_part

        rollup_rebuild_part(activities_rollup_rebuild_rows)
