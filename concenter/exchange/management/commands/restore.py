"""concenter restore FILE --yes: put a backup back (replaces the database and the files)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concenter.exchange.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `concenter backup` on the same kind of database. Everything "
        "stored now is replaced: stop the app first, and pass --yes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Replace the current data.")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            manifest = read_manifest(path)
            if not options["yes"]:
                self.stdout.write(
                    f"{path}: a {manifest['vendor']} backup of {manifest['created_at']} with "
                    f"{manifest['media_files']} files. Nothing changed: pass --yes to replace "
                    "the current database and files with it."
                )
                return
            restore(path, warn=lambda message: self.stderr.write(self.style.WARNING(message)))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored the backup of {manifest['created_at']}; cache table created and "
            "statistics refreshed (ANALYZE): ready to serve"
        )
