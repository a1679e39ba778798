"""The targets of issue #9 and whether a run met them. A target is never weakened here: a
figure that misses is reported as missed, a figure that was not measured as such."""

from dataclasses import asdict, dataclass


@dataclass
class Verdict:
    measure: str
    target: str
    engine: str  # "sqlite", "postgresql" or "" (no database)
    value: float | None
    unit: str
    met: bool | None  # None: not measured
    note: str = ""


def _get(tree: dict, *path, default=None):
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return default
        tree = tree[key]
    return tree


def _at_least(value, bound):
    return None if value is None else value >= bound


def _at_most(value, bound):
    return None if value is None else value <= bound


def _import_rate(run: dict | None) -> tuple[float | None, str]:
    if not run:
        return None, "not run"
    if run.get("status") == "done":
        return run.get("rows_per_s"), f"{run['rows']:,} rows"
    if run.get("status") == "skipped":
        return run.get("projected_rows_per_s"), (
            f"projected from two samples, not run ({run['reason']})"
        )
    return None, f"{run.get('status')}: {str(run.get('error', ''))[:120]}"


def evaluate(results: dict) -> list[dict]:
    verdicts: list[Verdict] = []
    for engine, data in results.get("databases", {}).items():
        imports = data.get("import") or {}
        rate, note = _import_rate(imports.get("csv"))
        verdicts.append(
            Verdict(
                "CSV import, end to end",
                "≥ 50,000 rows/s",
                engine,
                rate,
                "rows/s",
                _at_least(rate, 50_000),
                note,
            )
        )
        rate, note = _import_rate(imports.get("xlsx"))
        verdicts.append(
            Verdict(
                "XLSX import, end to end",
                "≥ 20,000 rows/s",
                engine,
                rate,
                "rows/s",
                _at_least(rate, 20_000),
                note,
            )
        )
        ratio = imports.get("ratio_vs_peer")
        peer_rate, peer_note = _import_rate(imports.get("peer"))
        verdicts.append(
            Verdict(
                "import vs django-import-export, same file",
                "≥ 50× faster",
                engine,
                ratio,
                "×",
                _at_least(ratio, 50),
                f"peer {peer_rate:,.0f} rows/s ({peer_note})" if peer_rate else peer_note,
            )
        )
        csv_run = imports.get("csv") or {}
        memory = csv_run.get("peak_rss_mb") if csv_run.get("status") == "done" else None
        rows = csv_run.get("rows") or 0
        verdicts.append(
            Verdict(
                "import peak memory (whole process)",
                "≤ 300 MB at 1,000,000 rows",
                engine,
                memory,
                "MB",
                _at_most(memory, 300) if rows >= 1_000_000 else None,
                f"measured at {rows:,} rows" if memory else "not measured",
            )
        )
        national = _get(data, "dashboards", "national") or {}
        p95 = _get(national, "page", "p95_ms")
        verdicts.append(
            Verdict("national dashboard, p95", "≤ 50 ms", engine, p95, "ms", _at_most(p95, 50))
        )
        ratio = national.get("ratio_p95")
        verdicts.append(
            Verdict(
                "national dashboard vs plain-SQL floor, p95",
                "≤ 3×",
                engine,
                ratio,
                "×",
                _at_most(ratio, 3),
                f"floor p95 {_get(national, 'floor_sql', 'p95_ms')} ms" if ratio else "",
            )
        )
        p95 = _get(data, "search", "all", "p95_ms")
        people = _get(data, "synth", "counts", "people")
        verdicts.append(
            Verdict(
                "search, p95",
                "≤ 50 ms over 2,000,000 people",
                engine,
                p95,
                "ms",
                _at_most(p95, 50),
                f"over {people:,} people" if people else "",
            )
        )
        for plan in ("single", "two_servers"):
            load = _get(data, "load", plan)
            if not load or "all" not in load:
                continue
            label = "pages, 20 clients" + (", 2 app servers" if plan == "two_servers" else "")
            label = label.replace("20", str(load["clients"]))
            p95 = _get(load, "all", "p95_ms")
            verdicts.append(
                Verdict(f"{label}: p95", "≤ 150 ms", engine, p95, "ms", _at_most(p95, 150))
            )
            verdicts.append(
                Verdict(
                    f"{label}: throughput",
                    "≥ 100 requests/s",
                    engine,
                    load["requests_per_s"],
                    "requests/s",
                    _at_least(load["requests_per_s"], 100),
                    f"{load['seconds']} s",
                )
            )
            verdicts.append(
                Verdict(
                    f"{label}: errors",
                    "0",
                    engine,
                    load["errors"],
                    "errors",
                    load["errors"] == 0,
                    f"{load['requests']:,} requests",
                )
            )
    awards = results.get("awards") or {}
    for mode in ("raw", "normalized"):
        p95 = _get(awards, mode, "max_ms")
        seconds = None if p95 is None else round(p95 / 1000, 3)
        verdicts.append(
            Verdict(
                f"awards results ({mode} scores), slowest of runs",
                "≤ 1 s for 10,000 nominations",
                "",
                seconds,
                "s",
                _at_most(seconds, 1),
                f"{awards.get('nominations', 0):,} nominations × {awards.get('judges')} "
                f"judges × {awards.get('criteria')} criteria",
            )
        )
    certificates = _get(results, "documents", "certificates") or {}
    seconds = certificates.get("seconds")
    verdicts.append(
        Verdict(
            "certificates in one PDF",
            "≤ 30 s for 1,000",
            "",
            seconds,
            "s",
            _at_most(seconds, 30),
            f"{certificates.get('count', 0):,} certificates",
        )
    )
    verdicts.append(
        Verdict(
            "queries per page",
            "bounded, asserted in tests",
            "",
            None,
            "",
            None,
            "django_assert_max_num_queries in the page tests, not here",
        )
    )
    return [asdict(v) for v in verdicts]
