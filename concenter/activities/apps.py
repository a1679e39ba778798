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

        from concenter.activities import demo
        from concenter.common.demo import demo_part_register
        from concenter.common.orphans import upload_reference_register

        demo_part_register("activities", order=60, load=demo.load)
        upload_reference_register(
            "activities", model="activities.ActivityFile", field="stored_name"
        )
        upload_reference_register("stories", model="activities.StoryPhoto", field="stored_name")
