import os
import sys

from django.core.management.base import BaseCommand


def default_workers(vendor: str | None = None) -> str:
    """Worker processes by the database, each with WEB_THREADS threads for the time a request
    waits on it. Measured on 2 cores at national scale (docs/performance.md, issue #20 third
    round, ADR 0029): on PostgreSQL, whose own processes need the rest of the CPU, one worker per
    core (2 × 4 answered 6–19 % more requests than 3 × 4 in each of three pairs); on SQLite, whose
    work runs inside the workers, one more (3 × 4 won two pairs of three). At least two, so that a
    restarting worker leaves one answering."""
    if vendor is None:
        from django.db import connection

        vendor = connection.vendor
    cores = os.cpu_count() or 1
    return str(max(2, cores if vendor == "postgresql" else cores + 1))


class Command(BaseCommand):
    help = "Serve the application with gunicorn (the production server), static files included."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers", default=os.environ.get("WEB_CONCURRENCY") or default_workers()
        )
        parser.add_argument("--threads", default=os.environ.get("WEB_THREADS", "4"))

    def handle(self, *args, host, port, workers, threads, **options):
        self.stdout.write(f"concenter is serving at http://{host}:{port}/ (Ctrl+C stops it)")
        sys.stdout.flush()
        # Large imports run in a process of their own, not in a thread of a web worker
        # (docs/adr/0014): their rows never hold up that worker's other requests.
        os.environ.setdefault("CONCENTER_IMPORT_RUNNER", "process")
        # ... and such a process waits a minute for the next job (the commit after a check)
        # instead of leaving it to a new process's start-up (docs/adr/0023).
        os.environ.setdefault("CONCENTER_RUNNER_LINGER", "60")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ]
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
