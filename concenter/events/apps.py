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
