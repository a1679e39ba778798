"""concenter bench --scale province|national --database sqlite|postgresql|both (issue #9)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from concenter.bench.databases import DEFAULT_POSTGRES_URL, ENGINES


class Command(BaseCommand):
    help = (
        "Measure imports, dashboards, search, pages under load, award results and documents on a "
        "synthetic network in fresh databases of their own; write bench/results.json and the "
        "table in docs/performance.md. Never touches the database in use."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=("tiny", "province", "national"), default="province")
        parser.add_argument(
            "--database", choices=(*ENGINES, "both"), default="both", help="default: both"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL),
            help="the benchmark's own PostgreSQL database: created, used and dropped "
            "(another database with the suffix _import too). Default $BENCH_DATABASE_URL or "
            f"{DEFAULT_POSTGRES_URL}",
        )
        parser.add_argument(
            "--results",
            help="default bench/results.json (national: bench/results-national.json)",
        )
        parser.add_argument("--doc", default=str(settings.BASE_DIR / "docs" / "performance.md"))
        parser.add_argument("--no-doc", action="store_true", help="leave docs/performance.md alone")
        parser.add_argument(
            "--work-dir", help="where the databases and files go (default: a temp dir)"
        )
        parser.add_argument("--keep", action="store_true", help="keep the databases and files")
        parser.add_argument("--no-audit", action="store_true", help="synth without audit entries")
        parser.add_argument("--load-seconds", type=float, default=60.0, help="0 skips the load")
        parser.add_argument("--load-clients", type=int, default=20)
        parser.add_argument("--no-two-servers", action="store_true")
        parser.add_argument("--dashboard-repeat", type=int, default=30)
        parser.add_argument("--search-queries", type=int, default=200)
        parser.add_argument("--import-rows", type=int, help="CSV rows (default by scale)")
        parser.add_argument("--xlsx-rows", type=int, help="XLSX rows (default by scale)")
        parser.add_argument(
            "--peer-rows", type=int, help="rows through the peer (default by scale)"
        )
        parser.add_argument(
            "--import-budget",
            type=float,
            help="seconds one import run may take; a run projected slower is skipped and its "
            "projection reported (default by scale)",
        )
        parser.add_argument(
            "--import-api-rows",
            type=int,
            help="rows of the people import through the API among other users, CSV and XLSX "
            "(issue #17; default by scale: 20,000 province, 0 skips)",
        )
        parser.add_argument("--award-nominations", type=int, default=10_000)
        parser.add_argument("--certificates", type=int, default=1000)
        parser.add_argument("--plaques", type=int, default=20)
        parser.add_argument(
            "--reuse-sqlite",
            metavar="VAR_DIR",
            help="measure the network `concenter synth` built before in this CONCENTER_VAR_DIR "
            "instead of building one (kept as it is)",
        )
        parser.add_argument(
            "--reuse-postgres",
            metavar="URL",
            help="the same for a PostgreSQL database built before (kept as it is)",
        )

    def handle(self, *args, **o):
        from concenter.bench.harness import BenchOptions, run_bench
        from concenter.bench.report import RESULTS_FILE, update_markdown, write_results

        databases = ENGINES if o["database"] == "both" else (o["database"],)
        try:
            options = BenchOptions(
                scale=o["scale"],
                databases=databases,
                seed=o["seed"],
                postgres_url=o["postgres_url"],
                work_dir=Path(o["work_dir"]) if o["work_dir"] else None,
                keep=o["keep"],
                audit=not o["no_audit"],
                load_seconds=o["load_seconds"],
                load_clients=o["load_clients"],
                two_servers=not o["no_two_servers"],
                dashboard_repeat=o["dashboard_repeat"],
                search_queries=o["search_queries"],
                import_rows=o["import_rows"],
                xlsx_rows=o["xlsx_rows"],
                peer_rows=o["peer_rows"],
                import_budget=o["import_budget"],
                import_api_rows=o["import_api_rows"],
                award_nominations=o["award_nominations"],
                certificates=o["certificates"],
                plaques=o["plaques"],
                reuse={
                    engine: value
                    for engine, value in (
                        ("sqlite", o["reuse_sqlite"]),
                        ("postgresql", o["reuse_postgres"]),
                    )
                    if value
                },
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not o["results"]:
            name = RESULTS_FILE.get(o["scale"], "results.json")
            o["results"] = str(settings.BASE_DIR / "bench" / name)
        results = run_bench(options, log=lambda line: self.stderr.write(line))
        write_results(results, Path(o["results"]))
        self.stdout.write(f"wrote {o['results']}")
        if not o["no_doc"]:
            update_markdown(results, Path(o["doc"]))
            self.stdout.write(f"updated {o['doc']}")
        for row in results["targets"]:
            met = {True: "met", False: "MISSED", None: "-"}[row["met"]]
            engine = f"[{row['engine']}] " if row["engine"] else ""
            self.stdout.write(
                f"{met:>6}  {engine}{row['measure']}: {row['value']} {row['unit']} "
                f"(target {row['target']})"
            )
