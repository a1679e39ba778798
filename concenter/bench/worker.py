"""One import, measured in a process of its own (`python -m concenter.bench.worker`), so its
peak memory (ru_maxrss) is the import's and nothing else's.

    python -m concenter.bench.worker --importer ours|peer --file people.csv

The environment names the database (see databases.BenchDatabase.env). The people, audit
entries, roll-ups and import batches of an earlier run are removed first (not timed). Prints one
line of JSON.
"""

import argparse
import json
import os
import sys
import time


def reset_people() -> None:
    """Empty what an import writes, so each run starts from the same database."""
    from auditlog.models import LogEntry
    from django.db import connection

    from concenter.exchange.models import ImportBatch, ImportedRecord
    from concenter.network.models import Rollup
    from concenter.people.models import Person

    tables = [m._meta.db_table for m in (ImportedRecord, ImportBatch, Rollup, LogEntry, Person)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - model tables


def bench_actor():
    """The national administrator the import runs as (created once)."""
    from concenter.accounts.models import Role, User
    from concenter.accounts.services import role_assign, user_create

    user = User.objects.filter(username="bench.admin").first()
    if user is None:
        user = user_create(username="bench.admin", password=None, display_name="bench")
        role_assign(user=user, role=Role.NATIONAL_ADMIN)
    return user


def ours(path: str) -> dict:
    from concenter.exchange.models import Mode
    from concenter.exchange.services import run_import

    result, batch = run_import(
        actor=bench_actor(),
        path=path,
        file_name=os.path.basename(path),
        kind="people",
        mode=Mode.ALL,
        dry_run=False,
    )
    rejected = list(result.rejected or [])
    return {
        "created": result.count("created"),
        "updated": result.count("updated"),
        "rejected": getattr(result, "rejected_count", len(rejected)),
        "first_rejections": [_describe(r) for r in rejected[:3]],
        "batch_status": getattr(batch, "status", None),
    }


def _describe(rejection) -> str:
    """A rejected row as text, whichever shape the import's result gives it."""
    if hasattr(rejection, "error_text"):
        return f"row {getattr(rejection, 'row', '?')}: {rejection.error_text()}"
    return str(rejection)[:300]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--importer", choices=("ours", "peer"), required=True)
    parser.add_argument("--file", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import connection

    from concenter.bench.stats import cpu_seconds, peak_rss_mb
    from concenter.people.models import Person

    reset_people()
    bench_actor()
    if args.importer == "peer":
        from concenter.bench.peer import peer_import as run
    else:
        run = ours
    connection.close()  # the import opens its own, as a command would
    baseline_rss, cpu_before = peak_rss_mb(), cpu_seconds()
    started = time.perf_counter()
    outcome = run(args.file)
    seconds = time.perf_counter() - started
    stored = Person.objects.count()
    report = {
        "importer": args.importer,
        "file": os.path.basename(args.file),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds() - cpu_before, 3),
        "stored": stored,
        "rows_per_s": round(stored / seconds, 1) if seconds and stored else 0,
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_import_mb": baseline_rss,
        **outcome,
    }
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
