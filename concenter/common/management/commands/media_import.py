"""concenter media_import [FOLDER]: files an older version kept on disk, into the database."""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Store the files an older version kept under MEDIA_ROOT (var/media) in the database, "
        "where every app server reaches them (ADR 0008). Names already stored are skipped, so it "
        "is safe to run again; the folder itself is left as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", nargs="?", help="default: MEDIA_ROOT")

    def handle(self, *args, folder: str | None = None, **options) -> None:
        root = Path(folder or settings.MEDIA_ROOT)
        stored = skipped = 0
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = path.relative_to(root).as_posix()
                if default_storage.exists(name):
                    skipped += 1
                    continue
                with path.open("rb") as handle:
                    saved = default_storage.save(name, File(handle))
                if saved != name:  # never happens for a name that did not exist
                    self.stderr.write(f"{name} stored as {saved}")
                stored += 1
        if stored or options["verbosity"] > 1:
            self.stdout.write(f"{stored} files stored in the database, {skipped} already there")
