"""concenter assessment_recompute [--round N]: score every assessment again from its answers."""

from django.core.management.base import BaseCommand, CommandError

from concenter.assessment import services
from concenter.assessment.models import Round


class Command(BaseCommand):
    help = (
        "Score every assessment (or those of one round) again from its answers with the current "
        "scoring and the templates as they are now: a number indicator's level from its figure "
        "and bands, the dimensions and the total. One transaction per assessment; prints how many "
        "changed. Running it twice changes nothing the second time."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", type=int, dest="round_id", help="Only this round (its id).")

    def handle(self, *args, **options) -> None:
        round_id = options.get("round_id")
        if round_id is not None and not Round.objects.filter(pk=round_id).exists():
            raise CommandError(f"There is no round {round_id}.")
        seen, changed = services.assessments_recompute(round_id=round_id)
        self.stdout.write(f"{changed} of {seen} assessments changed.")
