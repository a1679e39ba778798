"""bench/results.json and the generated part of docs/performance.md (between the markers; the
hand-written text around them is kept)."""

import json
from pathlib import Path

BEGIN = "<!-- bench:begin — written by `concenter bench`; edit outside these markers -->"
END = "<!-- bench:end -->"
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
RESULTS_FILE = {"national": "results-national.json"}  # other scales: results.json


def write_results(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n")


def _number(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value >= 100:
        text = f"{value:,.0f}"
    elif isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def _verdict(row: dict) -> str:
    value = _number(row["value"], row["unit"] if row["unit"] not in ("×",) else "")
    if row["unit"] == "×" and row["value"] is not None:
        value += "×"
    met = {True: "met", False: "**missed**", None: "not judged"}[row["met"]]
    note = f" ({row['note']})" if row["note"] else ""
    return f"{value}: {met}{note}"


def _ms(summary: dict | None, key: str) -> str:
    if not summary or summary.get(key) is None:
        return "—"
    value = summary[key]
    return f"{value:,.1f}" if value >= 10 else f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def _error(section) -> str | None:
    if isinstance(section, dict) and "error" in section:
        return str(section["error"]).splitlines()[0][:200]
    return None


def _cpu(run: dict) -> str:
    """The CPU one request cost (ADR 0032): in all, then app / database / client."""
    cpu = run.get("cpu_per_request_ms")
    if not cpu or cpu.get("all") is None:
        return "—"
    groups = " / ".join(_number(cpu.get(g)) for g in ("app", "database", "client"))
    return f"{_number(cpu['all'])} ({groups})"


def markdown(results: dict) -> str:
    m = results["machine"]
    engines = list(results.get("databases", {}))
    lines = [
        f"## Latest run of the harness, {results['scale']} scale",
        "",
        f"`{results.get('command') or 'concenter bench'}` — scale **{results['scale']}**, seed "
        f"{results['seed']}, {results['generated_at']}, {results.get('wall_s', 0) / 60:.1f} min "
        f"in all. Figures in `bench/{RESULTS_FILE.get(results['scale'], 'results.json')}`.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; Python "
        f"{m['python']}, Django {m['django']}, SQLite {m['sqlite']}, PostgreSQL "
        f"{m.get('postgresql') or '—'}. Load average (1/5/15 min) "
        f"{m.get('load_average_at_start')} at the start, {m.get('load_average_at_end')} at the "
        "end: the machine is shared, so figures move between runs.",
        "",
        "### Against the targets",
        "",
        "| measure | target | " + " | ".join(ENGINE_NAMES[e] for e in engines) + " |",
        "| --- | --- | " + " | ".join("---" for _ in engines) + " |",
    ]
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for row in results.get("targets", []):
        cells = rows.setdefault((row["measure"], row["target"]), {})
        if row["engine"]:
            cells[row["engine"]] = _verdict(row)
        else:
            cells.update(dict.fromkeys(engines or ["sqlite"], _verdict(row) + ", no database"))
    for (measure, target), cells in rows.items():
        lines.append(
            f"| {measure} | {target} | " + " | ".join(cells.get(e, "—") for e in engines) + " |"
        )
    lines += ["", "### Dashboards (warm, server time, ms)", ""]
    lines += [
        "| database | dashboard | page p50 | page p95 | floor SQL p50 | floor SQL p95 | "
        "page ÷ floor (p95) | roll-up read p95 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for engine in engines:
        data = results["databases"][engine]
        dashboards = data.get("dashboards") or {}
        if _error(dashboards):
            lines.append(f"| {ENGINE_NAMES[engine]} | failed: {_error(dashboards)} | | | | | | |")
            continue
        for name, d in dashboards.items():
            if not isinstance(d, dict) or "page" not in d:
                continue
            lines.append(
                f"| {ENGINE_NAMES[engine]} | {name} `{d['url']}` | {_ms(d['page'], 'p50_ms')} | "
                f"{_ms(d['page'], 'p95_ms')} | {_ms(d['floor_sql'], 'p50_ms')} | "
                f"{_ms(d['floor_sql'], 'p95_ms')} | {_number(d.get('ratio_p95'))} | "
                f"{_ms(d['rollup_read_sql'], 'p95_ms')} |"
            )
    lines += ["", "### Search (`person_search`, first 20 results, ms)", ""]
    lines += [
        "| database | people | queries | p50 | p95 | Thai p95 | romanised p95 | misspelt p95 "
        "| short p95 | share of queries with a hit (T/R/M/S) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for engine in engines:
        data = results["databases"][engine]
        s = data.get("search") or {}
        if _error(s) or "all" not in s:
            lines.append(f"| {ENGINE_NAMES[engine]} | failed: {_error(s)} | | | | | | | | |")
            continue
        kinds = s["by_kind"]
        share = s.get("found_share", {})
        people = (data.get("synth") or {}).get("counts", {}).get("people")
        lines.append(
            f"| {ENGINE_NAMES[engine]} | {_number(people)} | {s['queries']} | "
            f"{_ms(s['all'], 'p50_ms')} | {_ms(s['all'], 'p95_ms')} | "
            + " | ".join(
                _ms(kinds.get(k), "p95_ms") for k in ("thai", "romanised", "misspelt", "short")
            )
            + " | "
            + "/".join(str(share.get(k)) for k in ("thai", "romanised", "misspelt", "short"))
            + " |"
        )
    lines += ["", "### Pages under load (gunicorn as `make run` serves it, 127.0.0.1)", ""]
    lines += [
        "| database | servers | clients × s | requests | requests/s | p50 ms | p95 ms | errors "
        "| CPU per request ms: all (app / database / client) | p95 by page kind (ms) |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for engine in engines:
        load = results["databases"][engine].get("load") or {}
        if _error(load):
            lines.append(f"| {ENGINE_NAMES[engine]} | failed: {_error(load)} | | | | | | | | |")
            continue
        for plan in ("single", "two_servers"):
            r = load.get(plan)
            if not r:
                continue
            kinds = ", ".join(
                f"{k} {_ms(v, 'p95_ms')}" for k, v in r.get("by_category", {}).items()
            )
            lines.append(
                f"| {ENGINE_NAMES[engine]} | {r['servers']} | {r['clients']} × {r['seconds']} | "
                f"{r['requests']:,} | {_number(r['requests_per_s'])} | {_ms(r['all'], 'p50_ms')} | "
                f"{_ms(r['all'], 'p95_ms')} | {r['errors']} | {_cpu(r)} | {kinds} |"
            )
    lines += ["", "### Imports (people, end to end, each in its own process)", ""]
    lines += [
        "| database | file | importer | rows | seconds | rows/s | peak RSS MB | status |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for engine in engines:
        imports = results["databases"][engine].get("import") or {}
        if _error(imports):
            lines.append(f"| {ENGINE_NAMES[engine]} | failed: {_error(imports)} | | | | | | |")
            continue
        for label in ("csv", "xlsx", "peer", "ours_on_peer_file"):
            r = imports.get(label)
            if not r:
                continue
            status = r.get("status", "")
            if status == "skipped":
                status += f": {r['reason']}, ≈ {_number(r['projected_rows_per_s'])} rows/s"
            elif status != "done":
                status += f": {str(r.get('error') or r.get('first_rejections') or '')[:160]}"
            importer = "django-import-export" if r.get("importer") == "peer" else "concenter"
            lines.append(
                f"| {ENGINE_NAMES[engine]} | {label} | {importer} | {_number(r.get('rows'))} | "
                f"{_number(r.get('seconds'))} | {_number(r.get('rows_per_s'))} | "
                f"{_number(r.get('peak_rss_mb'))} | {status} |"
            )
    api = results.get("import_api") or {}
    if api:
        lines += ["", "### People import through the API among other users (issue #17)", ""]
        lines += [
            "| database | file | rows | end to end rows/s | upload / check / commit s | "
            "names romanised after s | side client: refused / slowest s | load before → after |",
            "| --- | --- | ---: | ---: | --- | ---: | --- | --- |",
        ]
        for engine, by_format in api.items():
            for file_format, run in by_format.items():
                if "error" in run:
                    lines.append(f"| {ENGINE_NAMES.get(engine, engine)} | {file_format} | — | "
                                 f"failed: {run['error'][:120]} | | | | |")  # fmt: skip
                    continue
                lines.append(
                    f"| {ENGINE_NAMES.get(engine, engine)} | {file_format} | {run['rows']:,} | "
                    f"{run['rows_per_second']:,} | {run['upload_s']} / {run['check_s']} / "
                    f"{run['commit_s']} | {run['romanize_s']} | {run['side_refused_count']} / "
                    f"{run['side_slowest_s']} | {run.get('load_before')} → {run.get('load_after')} |"
                )
    lines += ["", "### Synthetic network (`concenter synth`, in the benchmark)", ""]
    lines += [
        "| database | people | organisations | activities | seconds | CPU s | peak RSS MB | "
        "audit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for engine in engines:
        synth = results["databases"][engine].get("synth") or {}
        if _error(synth) or "counts" not in synth:
            lines.append(f"| {ENGINE_NAMES[engine]} | failed: {_error(synth)} | | | | | | |")
            continue
        c = synth["counts"]
        if synth.get("reused"):
            lines.append(
                f"| {ENGINE_NAMES[engine]} | {_number(c.get('people'))} | "
                f"{_number(c.get('organizations'))} | {_number(c.get('activities'))} | "
                "built before the run (`--reuse-…`) | | | |"
            )
            continue
        lines.append(
            f"| {ENGINE_NAMES[engine]} | {_number(c.get('people'))} | "
            f"{_number(c.get('organizations'))} | {_number(c.get('activities'))} | "
            f"{_number(synth['seconds'])} | {_number(synth['cpu_seconds'])} | "
            f"{_number(synth['peak_rss_mb'])} | {'on' if synth['audit'] else 'off'} |"
        )
    a, d = results.get("awards") or {}, results.get("documents") or {}
    if "raw" in a:
        lines += [
            "",
            f"Awards: {a['nominations']:,} nominations × {a['judges']} judges × {a['criteria']} "
            f"criteria ({a['scorecards']:,} scorecards): raw scores p50 "
            f"{_ms(a['raw'], 'p50_ms')} ms (slowest {_ms(a['raw'], 'max_ms')} ms), normalised "
            f"p50 {_ms(a['normalized'], 'p50_ms')} ms (slowest {_ms(a['normalized'], 'max_ms')} "
            "ms).",
        ]
    if "certificates" in d:
        lines += [
            "",
            f"Documents: {d['plaques']['count']} plaques in {d['plaques']['seconds']:.2f} s "
            f"({d['plaques']['per_plaque_ms']} ms each); {d['certificates']['count']:,} "
            f"certificates in one PDF ({d['certificates']['pages']} pages, "
            f"{d['certificates']['bytes'] / 1e6:.1f} MB) in {d['certificates']['seconds']:.2f} s.",
        ]
    return "\n".join(lines) + "\n"


def markers(scale: str) -> tuple[str, str]:
    """The markers of a scale's block: the national figures have a block of their own, so a
    province run does not erase them (and the other way round)."""
    if scale == "national":
        return BEGIN.replace("bench:begin", "bench:national:begin"), "<!-- bench:national:end -->"
    return BEGIN, END


def update_markdown(results: dict, path: Path) -> None:
    """Replace the generated part of `path` (or append it when the markers are missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    begin, end = markers(results.get("scale", ""))
    block = f"{begin}\n{markdown(results)}{end}"
    if begin in text and end in text:
        before = text[: text.index(begin)]
        after = text[text.index(end) + len(end) :]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
