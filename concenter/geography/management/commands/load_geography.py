from django.core.management.base import BaseCommand

from concenter.geography.services import geography_load


class Command(BaseCommand):
    help = (
        "Load Thailand's provinces, districts and subdistricts from the geothai package "
        "(DOPA data, CC BY 4.0). Safe to run again: renamed areas are updated, removed ones "
        "marked inactive."
    )

    def handle(self, *args, **options):
        report = geography_load()
        self.stdout.write(
            f"areas: {report.created} created, {report.updated} updated, "
            f"{report.deactivated} marked inactive, {report.unchanged} unchanged"
        )
