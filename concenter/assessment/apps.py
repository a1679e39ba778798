from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "concenter.assessment"
    label = "assessment"
    verbose_name = _("Strength assessment")

    def ready(self) -> None:
        from concenter.assessment import demo
        from concenter.assessment.services import reminders_scan
        from concenter.common.demo import demo_part_register
        from concenter.common.orphans import upload_reference_register
        from concenter.notifications.schedule import scheduled_scan_register

        # The late centers reminded by `concenter work` at the round's milestones.
        scheduled_scan_register("assessment.reminders", reminders_scan)

        # After the activities (its figures come from them) and the events.
        demo_part_register("assessment", order=90, load=demo.load)
        # The evidence files of the answers, stored under assessment/<assessment id>/.
        upload_reference_register("assessment", model="assessment.AnswerFile", field="stored_name")
