"""`run_bench()`: every measure of issue #9 on each database, in one dictionary.

Per engine the harness creates a fresh database (never the developer's), runs
`concenter.bench.runner` in a child process whose environment names it, and drops it at the end
(unless `keep`). Award results and documents do not touch a database and run here once.
"""

import datetime
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from concenter.bench import awards, documents, machine
from concenter.bench.databases import (
    DEFAULT_POSTGRES_URL,
    ENGINES,
    BenchDatabase,
    bench_databases,
)
from concenter.bench.targets import evaluate

SCHEMA_VERSION = 1
ROOT = Path(__file__).resolve().parents[2]

# Rows of the import files per scale: the 1,000,000 CSV and 200,000 XLSX rows at
# national scale, the peer's 50,000-row file everywhere but tiny. The budget bounds one import
# run (projected from samples); a slower one is reported as skipped with its projection.
SCALE_DEFAULTS = {
    "tiny": {
        "import_rows": 300,
        "xlsx_rows": 150,
        "peer_rows": 300,
        "import_budget": 120.0,
        "import_api_rows": 0,
    },
    "province": {
        "import_rows": 50_000,
        "xlsx_rows": 20_000,
        "peer_rows": 50_000,
        "import_budget": 150.0,
        "import_api_rows": 20_000,
    },
    "national": {
        "import_rows": 1_000_000,
        "xlsx_rows": 200_000,
        "peer_rows": 50_000,
        "import_budget": 3600.0,
        "import_api_rows": 100_000,
    },
}
AREAS = {"tiny": ("71", "7101"), "province": ("71", "7101"), "national": ("71", "7101")}


@dataclass
class BenchOptions:
    scale: str = "province"
    databases: tuple[str, ...] = ENGINES
    seed: int = 1
    postgres_url: str = DEFAULT_POSTGRES_URL
    work_dir: Path | None = None
    keep: bool = False
    audit: bool = True
    load_seconds: float = 60.0
    load_clients: int = 20
    two_servers: bool = True
    dashboard_warmup: int = 5
    dashboard_repeat: int = 30
    search_queries: int = 200
    import_rows: int | None = None
    xlsx_rows: int | None = None
    peer_rows: int | None = None
    import_budget: float | None = None
    import_sample_rows: int = 1000
    # A people import through the API among other users (issue #17, `bench.import_api`), CSV
    # and XLSX, in a fresh installation of its own per database; 0 skips it.
    import_api_rows: int | None = None
    award_nominations: int = 10_000
    award_judges: int = 7
    award_criteria: int = 6
    plaques: int = 20
    certificates: int = 1000
    # engine -> a network built before (`concenter synth`) to measure instead of a new one:
    # the SQLite var dir, or the PostgreSQL URL. Never dropped; the import database stays fresh.
    reuse: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in SCALE_DEFAULTS[self.scale].items():
            if getattr(self, name) is None:
                setattr(self, name, value)
        unknown = set(self.databases) - set(ENGINES)
        if unknown:
            raise ValueError(f"unknown database {sorted(unknown)}")


def _log_to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _run_engine(engine: str, options: BenchOptions, work: Path, log) -> dict:
    main_db, import_db = bench_databases(engine, work_dir=work, postgres_url=options.postgres_url)
    reused = options.reuse.get(engine)
    if reused:
        main_db = (
            BenchDatabase("postgresql", main_db.var_dir, reused)
            if engine == "postgresql"
            else BenchDatabase("sqlite", Path(reused))
        )
    else:
        try:
            main_db.create()
        except Exception as exc:  # e.g. PostgreSQL is not running: say so, measure the rest
            return {"engine": engine, "error": f"cannot create the database: {exc}"}
    province, district = AREAS[options.scale]
    config = {
        "engine": engine,
        "scale": options.scale,
        "seed": options.seed,
        "audit": options.audit,
        "province": province,
        "district": district,
        "dashboard_warmup": options.dashboard_warmup,
        "dashboard_repeat": options.dashboard_repeat,
        "search_queries": options.search_queries,
        "load_clients": options.load_clients,
        "load_seconds": options.load_seconds,
        "two_servers": options.two_servers,
        "import_rows": options.import_rows,
        "xlsx_rows": options.xlsx_rows,
        "peer_rows": options.peer_rows,
        "import_budget": options.import_budget,
        "import_sample_rows": options.import_sample_rows,
        "import_db": {
            "engine": import_db.engine,
            "var_dir": str(import_db.var_dir),
            "url": import_db.url,
        },
        "work_dir": str(work / engine),
        "keep": options.keep,
        "reuse": bool(reused),
    }
    config_path = work / f"{engine}-config.json"
    result_path = work / f"{engine}-result.json"
    config_path.write_text(json.dumps(config))
    started = time.perf_counter()
    try:
        process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "concenter.bench.runner", str(config_path), str(result_path)],
            env=main_db.env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        tail: list[str] = []
        for line in process.stderr:  # progress as it comes; the rest kept for an error
            line = line.rstrip("\n")
            if line.startswith(("[", "  ")):
                log(line)
            tail = [*tail[-40:], line]
        returncode = process.wait()
        if returncode != 0 or not result_path.exists():
            return {
                "engine": engine,
                "error": f"runner exited {returncode}",
                "stderr": "\n".join(tail),
            }
        result = json.loads(result_path.read_text())
    finally:
        if not options.keep and not reused:
            main_db.drop()
    if reused:
        result["database"] = f"{main_db.name} (built before, reused)"
    else:
        result["database"] = main_db.name if engine == "postgresql" else "SQLite file (temporary)"
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


def _run_import_api(options: BenchOptions, work: Path, log) -> dict:
    """The people import as a user gets it, through the API, while a side client logs in and
    writes once a second (`bench.import_api`): per database, CSV and XLSX."""
    from concenter.bench import import_api
    from concenter.bench.databases import with_database_name

    found: dict = {}
    for engine in options.databases:
        url = (
            with_database_name(options.postgres_url, "concenter_bench_import_api")
            if engine == "postgresql"
            else None
        )
        for file_format in ("csv", "xlsx"):
            log(f"[{engine}] import through the API: {options.import_api_rows:,} rows, "
                f"{file_format}")  # fmt: skip
            try:
                found.setdefault(engine, {})[file_format] = import_api.measure(
                    rows=options.import_api_rows,
                    work=work / f"import-api-{engine}-{file_format}",
                    database_url=url,
                    file_format=file_format,
                )
            except Exception as exc:  # one failed measure must not lose the others
                found.setdefault(engine, {})[file_format] = {"error": repr(exc)[:500]}
    return found


def run_bench(options: BenchOptions, *, log=_log_to_stderr) -> dict:
    """Every measure on every database of `options`; see docs/performance.md."""
    started = time.perf_counter()
    own_dir = options.work_dir is None
    work = Path(tempfile.mkdtemp(prefix="concenter-bench-")) if own_dir else options.work_dir
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "schema": SCHEMA_VERSION,
        "generated_at": datetime.datetime.now(datetime.UTC)
        .astimezone()
        .isoformat(timespec="seconds"),
        "command": "concenter bench " + " ".join(sys.argv[2:]) if "bench" in sys.argv else None,
        "scale": options.scale,
        "seed": options.seed,
        "options": {k: v for k, v in asdict(options).items() if k not in ("work_dir", "extra")},
        "machine": machine.machine_info(
            postgres_url=options.postgres_url if "postgresql" in options.databases else None
        ),
        "databases": {},
    }
    results["options"]["databases"] = list(options.databases)
    try:
        log(f"awards: {options.award_nominations:,} nominations")
        results["awards"] = awards.measure(
            nominations=options.award_nominations,
            judges=options.award_judges,
            criteria=options.award_criteria,
            seed=options.seed,
        )
        log(f"documents: {options.plaques} plaques, {options.certificates:,} certificates")
        results["documents"] = documents.measure(
            plaques=options.plaques, certificates=options.certificates, seed=options.seed
        )
        for engine in options.databases:
            log(f"[{engine}] starting")
            results["databases"][engine] = _run_engine(engine, options, work, log)
            log(f"[{engine}] done in {results['databases'][engine].get('wall_s')} s")
        if options.import_api_rows:
            results["import_api"] = _run_import_api(options, work, log)
    finally:
        if own_dir and not options.keep:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = machine.load_average()
    results["wall_s"] = round(time.perf_counter() - started, 1)
    results["targets"] = evaluate(results)
    return results
