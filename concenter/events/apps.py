from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "concenter.events"
    label = "events"
    verbose_name = _("Network events")

    def ready(self) -> None:
        from concenter.common.retention import retention_purge_register
        from concenter.events.retention import registration_retention_purge
        from concenter.events.services.messages import reminders_scan
        from concenter.notifications.schedule import scheduled_scan_register

        retention_purge_register(
            "event_registrations",
            order=2,
            what="event registrations",
            purge=registration_retention_purge,
        )
        scheduled_scan_register("events.reminders", reminders_scan)

        from concenter.common.demo import demo_part_register
        from concenter.common.orphans import upload_reference_register
        from concenter.events import demo

        demo_part_register("events", order=80, load=demo.load)
        upload_reference_register("events/covers", model="events.Event", field="cover_image")
        upload_reference_register("events/photos", model="events.EventPhoto", field="image")
