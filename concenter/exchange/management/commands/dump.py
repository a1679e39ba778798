"""concenter dump FILE: every table in a database-neutral file (to move to PostgreSQL)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from concenter.exchange.dump import dump


class Command(BaseCommand):
    help = "Dump every table to a zip of JSON lines that `concenter load` reads on any database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        log = self.stdout.write if options["verbosity"] > 1 else None
        manifest = dump(Path(options["file"]), log=log)
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(f"{len(manifest['tables'])} tables, {rows} rows: {options['file']}")
