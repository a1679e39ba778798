"""concenter load FILE --yes: replace every table with a dump's rows (one transaction)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concenter.exchange.dump import DumpError, load


class Command(BaseCommand):
    help = (
        "Load a `concenter dump` file into this database (migrated to the same version), "
        "replacing every table. Pass --yes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Replace the current data.")

    def handle(self, *args, **options) -> None:
        if not options["yes"]:
            self.stdout.write("Nothing changed: pass --yes to replace every table with the dump.")
            return
        log = self.stdout.write if options["verbosity"] > 1 else None
        try:
            manifest = load(Path(options["file"]), log=log, warn=self._warn)
        except DumpError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(
            f"{len(manifest['tables'])} tables, {rows} rows loaded; cache table created and "
            "statistics refreshed (ANALYZE): ready to serve"
        )

    def _warn(self, message: str) -> None:
        self.stderr.write(self.style.WARNING(message))
