"""concenter import FILE --kind people|organizations [--dry-run] [--partial] [--user USERNAME]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from concenter.exchange.columns import ImportFileError
from concenter.exchange.models import Kind, Mode
from concenter.exchange.services import run_import


class Command(BaseCommand):
    help = "Import people or organisations from a CSV, XLSX, XLS or ODS file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=Kind.values)
        parser.add_argument("--dry-run", action="store_true", help="Check only; store nothing.")
        parser.add_argument(
            "--partial", action="store_true", help="Store the valid rows; report the others."
        )
        parser.add_argument("--user", help="The user the rows are imported as (their scope).")

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {options['user']!r}.")
        else:
            actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if actor is None:
                raise CommandError("Name a user with --user.")
        try:
            result, batch = run_import(
                actor=actor,
                path=options["file"],
                file_name=options["file"],
                kind=options["kind"],
                mode=Mode.PARTIAL if options["partial"] else Mode.ALL,
                dry_run=options["dry_run"],
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for row in result.rejected:
            self.stdout.write(f"row {row.row}: {row.error_text()}")
        summary = (
            f"created {result.count('created')}, updated {result.count('updated')}, "
            f"rejected {len(result.rejected)}"
        )
        if options["dry_run"]:
            summary = "dry run (nothing stored): " + summary
        elif batch is not None and batch.status == "refused":
            summary = "nothing stored (all or nothing, a row was rejected): " + summary
        self.stdout.write(summary + (f"; batch {batch.pk}" if batch else ""))
