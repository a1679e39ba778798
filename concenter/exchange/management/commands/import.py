"""concenter import FILE --kind KIND [--dry-run] [--partial] [--user USERNAME]"""

import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from concenter.exchange import jobs
from concenter.exchange.columns import ImportFileError
from concenter.exchange.models import Job, JobState, Kind, Mode
from concenter.exchange.services import import_run


class _Bar:
    """A one-line progress bar on stderr (only when it is a terminal, unless --progress)."""

    def __init__(self, stream, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        share = done / total if total else 0
        filled = int(share * 30)
        elapsed = now - self.started
        self.stream.write(
            f"\r{phase:<7} [{'#' * filled}{'.' * (30 - filled)}] {share:6.1%} {elapsed:6.1f} s"
        )
        self.stream.flush()

    def end(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    # Django's system checks import every URL and API module first (≈ 0.8 s of CPU): an
    # import uses none of them (`concenter check` runs them).
    requires_system_checks = []
    help = (
        "Check or import a CSV, XLSX, XLS or ODS file (villages, people, organizations, members, "
        "centers, committees, partners, activities) as one transaction; prints the rejected rows."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=Kind.values)
        parser.add_argument("--dry-run", action="store_true", help="Check only; store nothing.")
        parser.add_argument(
            "--partial", action="store_true", help="Store the valid rows; report the others."
        )
        parser.add_argument("--user", help="The user the rows are imported as (their scope).")
        parser.add_argument("--language", default="th", choices=("th", "en"))
        parser.add_argument("--progress", action="store_true", help="Draw the progress bar.")

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
        bar = _Bar(sys.stderr, options["progress"] or sys.stderr.isatty())
        try:
            with translation.override(options["language"]):
                result = import_run(
                    actor=actor,
                    kind=options["kind"],
                    path_or_file=options["file"],
                    mode=Mode.PARTIAL if options["partial"] else Mode.ALL,
                    dry_run=options["dry_run"],
                    progress=bar,
                    language=options["language"],
                )
        except (ImportFileError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.end()
        for row in result.rejected:
            where = f"{row.sheet} " if row.sheet else ""
            self.stdout.write(f"{where}row {row.row}: {row.error_text()}")
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")
        summary = (
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}, "
            f"rejected {result.rejected_count}; {result.rows_read} rows in {result.seconds:.1f} s "
            f"({result.rows_per_second:,.0f} rows/s)"
        )
        if result.chunked:
            summary += f"; longest transaction {result.longest_chunk_seconds:.2f} s"
        if options["dry_run"]:
            summary = "dry run (nothing stored): " + summary
        elif result.status == "refused":
            summary = "nothing stored (all or nothing, a row was rejected): " + summary
        batch = result.batch
        self.stdout.write(summary + (f"; batch {batch.pk}" if batch else ""))
        if batch is not None and not options["dry_run"]:
            batch.refresh_from_db()
            if batch.job == Job.ROMANIZE and batch.job_state == JobState.QUEUED:
                # The people are found by their Thai names already; now the romanised ones.
                self.stdout.flush()
                began = time.perf_counter()
                jobs.run(batch.pk)
                # On stderr: the summary above stays the last line of the output.
                self.stderr.write(f"romanised names filled in {time.perf_counter() - began:.1f} s")
