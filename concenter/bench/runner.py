"""Everything measured on one database, in a process whose environment names it:

    python -m concenter.bench.runner CONFIG.json RESULT.json

Set up (migrate, areas, static files), build the synthetic network, then measure the dashboards,
search, pages under load (one server; two sharing PostgreSQL) and imports (on a second, fresh
database). A section that fails is recorded with its error and the others still run.
"""

import json
import os
import random
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import quote


def _log(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _section(result: dict, name: str, function) -> None:
    started = time.perf_counter()
    try:
        result[name] = function()
    except Exception as exc:  # a broken section must not lose the others
        result[name] = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        _log(f"  {name}: FAILED {type(exc).__name__}: {exc}")
    if isinstance(result[name], dict):
        result[name]["wall_s"] = round(time.perf_counter() - started, 2)


def setup_database(*, reused: bool = False) -> dict:
    """Migrate, cache table, areas, static files; for a network built before, only the cache
    table and the static files (the pages' server needs them)."""
    from django.core.management import call_command

    steps = {}
    for name, args in (
        ("migrate", ["migrate", "--no-input", "-v", "0"]),
        ("cache_table", ["createcachetable"]),
        ("geography", ["load_geography"]),
        ("static", ["collectstatic", "--no-input", "-v", "0"]),
    ):
        if reused and name in ("migrate", "geography"):
            continue
        started = time.perf_counter()
        call_command(*args, stdout=open("/dev/null", "w"))  # noqa: SIM115
        steps[name] = round(time.perf_counter() - started, 2)
    return steps


def build_network(config: dict) -> dict:
    from concenter.bench.stats import cpu_seconds, peak_rss_mb
    from concenter.synth.run import synth

    cpu_before = cpu_seconds()
    report = synth(
        scale=config["scale"],
        seed=config["seed"],
        audit_writes=config["audit"],
        log=lambda line: _log(f"  synth: {line}"),
    )
    return {
        "seconds": round(report.seconds, 2),
        "cpu_seconds": round(cpu_seconds() - cpu_before, 2),
        "peak_rss_mb": peak_rss_mb(),
        "audit": config["audit"],
        "counts": dict(report.counts),
        "steps": {
            name: {"rows": step.rows, "seconds": round(step.seconds, 3)}
            for name, step in report.steps.items()
        },
    }


def existing_network() -> dict:
    """What a reused network holds (it was built by `concenter synth` before the run)."""
    from concenter.activities.models import Activity
    from concenter.network.models import Organization
    from concenter.people.models import Person

    counts = {
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "activities": Activity.objects.count(),
    }
    return {"reused": True, "counts": counts}


def bench_user():
    """A national administrator with a confirmed TOTP device (the pages need the second
    factor), and a function giving a new signed-in, verified session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from concenter.bench.worker import bench_actor

    user = bench_actor()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)

    def new_session() -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    return user, new_session


def page_mix(config: dict, queries: list[tuple[str, str]]):
    from concenter.bench.load import Mix
    from concenter.network.models import Center
    from concenter.people.models import Person

    rng = random.Random(config["seed"])  # noqa: S311 - not secrets
    province, district = config["province"], config["district"]
    centers = list(Center.objects.order_by("area_id").values_list("area_id", flat=True))
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:20_000])
    return Mix(
        paths={
            "dashboard": ["/dashboard/", f"/dashboard/{province}/", f"/dashboard/{district}/"],
            "list": ["/people/", "/people/?page=2", "/centers/", "/organizations/"],
            "detail": [f"/centers/{c}/" for c in rng.sample(centers, min(40, len(centers)))]
            + [f"/people/{p}/" for p in rng.sample(people, min(40, len(people)))],
            "search": [f"/people/?q={quote(q)}" for _kind, q in queries if q],
        }
    )


def backends_named(application_name: str):
    """A pid lister for the PostgreSQL backends whose `application_name` is the run's."""

    def list_pids() -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                [application_name],
            )
            return [pid for (pid,) in cursor.fetchall()]

    return list_pids


def describe_load(name: str, r: dict) -> str:
    """One line of a load run: throughput, latency and the CPU a request cost."""
    cpu = r.get("cpu_per_request_ms") or {}
    parts = ", ".join(f"{k} {v}" for k, v in cpu.items() if k != "all")
    return (
        f"  load {name}: {r['requests_per_s']} req/s, p50 {r['all']['p50_ms']} / "
        f"p95 {r['all']['p95_ms']} ms, {r['errors']} errors; CPU per request "
        f"{cpu.get('all')} ms ({parts}); load average "
        f"{r['load_average_before'][0]} → {r['load_average_after'][0]}"
    )


def measure_load(config: dict, mix, new_session, env: dict, logs: Path) -> dict:
    from concenter.bench.load import process_tree, run_load, start_server

    result: dict = {}
    cookies = [new_session() for _ in range(config["load_clients"])]
    plans = [("single", 1)]
    if config["engine"] == "postgresql" and config["two_servers"]:
        plans.append(("two_servers", 2))
    for name, count in plans:
        servers = []
        # The servers' PostgreSQL backends carry the run's name (libpq reads PGAPPNAME), so
        # that their CPU, and no other client's of the same server, is counted.
        application_name = f"concenter-load-{os.getpid()}-{name}"
        server_env = {**env, "PGAPPNAME": application_name}
        cpu = {
            "app": lambda servers=servers: [
                pid for s in servers for pid in process_tree(s.process.pid)
            ]
        }
        if config["engine"] == "postgresql":
            cpu["database"] = backends_named(application_name)
        try:
            for index in range(count):
                servers.append(
                    start_server(env=server_env, log_path=logs / f"server-{name}-{index}.log")
                )
            _log(
                f"  load {name}: {len(cookies)} clients × {config['load_seconds']} s on ports "
                + ", ".join(str(s.port) for s in servers)
            )
            result[name] = run_load(
                ports=[s.port for s in servers],
                cookies=cookies,
                mix=mix,
                seconds=config["load_seconds"],
                seed=config["seed"],
                cpu=cpu,
                warmup=config.get("load_warmup", 5.0),
            )
            _log(describe_load(name, result[name]))
        finally:
            for server in servers:
                server.stop()
    return result


def run(config: dict) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    from django.db import connection
    from django.test import Client

    from concenter.bench import dashboards, imports, search
    from concenter.bench.databases import BenchDatabase

    work = Path(config["work_dir"])
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    result: dict = {"engine": config["engine"], "vendor": connection.vendor}
    if config.get("reuse"):
        _log(f"[{config['engine']}] measuring the network built before")
        _section(result, "setup", lambda: {"reused": True, **setup_database(reused=True)})
        _section(result, "synth", existing_network)
    else:
        _log(f"[{config['engine']}] setting up")
        _section(result, "setup", setup_database)
        if "error" in result["setup"]:
            return result
        _log(f"[{config['engine']}] synthetic network, scale {config['scale']}")
        _section(result, "synth", lambda: build_network(config))
    user, new_session = bench_user()
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies.load(new_session())
    _log(f"[{config['engine']}] dashboards")
    _section(
        result,
        "dashboards",
        lambda: dashboards.measure(
            client,
            province=config["province"],
            district=config["district"],
            warmup=config["dashboard_warmup"],
            repeat=config["dashboard_repeat"],
        ),
    )
    queries = search.make_queries(count=config["search_queries"], seed=config["seed"])
    _log(f"[{config['engine']}] search, {len(queries)} queries")
    _section(result, "search", lambda: search.measure(user, queries=queries))
    if config["load_seconds"] > 0:
        env = dict(os.environ)
        _section(
            result,
            "load",
            lambda: measure_load(config, page_mix(config, queries), new_session, env, logs),
        )
    connection.close()
    import_db = BenchDatabase(**config["import_db"])
    _section(
        result,
        "import",
        lambda: imports.measure(
            import_db,
            scale=config["scale"],
            seed=config["seed"] + 1,
            rows=config["import_rows"],
            xlsx_rows=config["xlsx_rows"],
            peer_rows=config["peer_rows"],
            budget=config["import_budget"],
            sample_rows=config["import_sample_rows"],
            work_dir=work / "import",
            log=_log,
        ),
    )
    if not config.get("keep"):
        import_db.drop()
    return result


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    config = json.loads(Path(argv[0]).read_text())
    config["import_db"]["var_dir"] = Path(config["import_db"]["var_dir"])
    result = run(config)
    Path(argv[1]).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
