"""concenter assessment_reminders [--for-real]: remind the committees that are late."""

from django.core.management.base import BaseCommand

from concenter.assessment import services
from concenter.assessment.models import Round, RoundStatus


class Command(BaseCommand):
    help = (
        "List the centers of every open assessment round that have not submitted although the "
        "due date is near or past; with --for-real, queue a reminder to their committees' "
        "editors (once a day at most: the outbox keeps one message per center, user and day). "
        "Run it daily, e.g. from cron or beside `concenter work`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--for-real", action="store_true", help="Queue the reminders.")

    def handle(self, *args, **options) -> None:
        for assessment_round in Round.objects.filter(status=RoundStatus.OPEN).order_by("pk"):
            late = services.late_centers(assessment_round)
            self.stdout.write(f"{assessment_round}: {len(late)} centers late or nearly")
            for center in late:
                self.stdout.write(f"  {center.pk} {center.name}")
            if options["for_real"] and late:
                sent = services.assessment_reminders_send(round_id=assessment_round.pk)
                self.stdout.write(f"  reminded {sent}")
        if not options["for_real"]:
            self.stdout.write("Dry run: nothing was queued (add --for-real).")
