"""concenter backup FILE: a consistent snapshot of the database and the uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concenter.exchange.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a .tar.gz with the database (SQLite's online backup, or pg_dump on PostgreSQL) "
        "and the uploaded files, while the app keeps running."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        try:
            manifest = backup(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup of the {manifest['vendor']} database and {manifest['media_files']} files "
            f"written to {options['file']}"
        )
