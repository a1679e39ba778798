from django.core.management.base import BaseCommand

from concenter.network.rollups import rollup_rebuild


class Command(BaseCommand):
    help = "Recompute every roll-up figure from the records (`concenter rollups --rebuild`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="recompute and replace all figures"
        )

    def handle(self, *args, rebuild: bool, **options):
        if not rebuild:
            self.stdout.write("Nothing done: pass --rebuild to recompute every figure.")
            return
        count = rollup_rebuild()
        self.stdout.write(f"{count} figures recomputed")
