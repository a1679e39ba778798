"""The import benchmark: people from CSV and XLSX, end to end, through the project's import
(`concenter.exchange.services.run_import`, the entry point the pages and `concenter import` use)
and the same CSV through django-import-export (`peer`), each in a process of its own
(`worker`) on a database holding the areas and villages only.

A run whose projected time exceeds the budget is not started: two small samples (n and 2n rows)
give the marginal rate, and the result says "skipped" with the projection, so a slow importer
cannot hold the whole benchmark hostage and the figure is still reported.
"""

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

from concenter.bench.databases import BenchDatabase

ROOT = Path(__file__).resolve().parents[2]


def run_command(args: list[str], *, env: dict, timeout: float = 600) -> str:
    completed = subprocess.run(  # noqa: S603 - our own commands, fixed arguments
        [sys.executable, "-m", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed ({completed.returncode}): {completed.stderr[-2000:]}"
        )
    return completed.stdout


def prepare(
    db: BenchDatabase,
    *,
    scale: str,
    seed: int,
    rows: int,
    xlsx_rows: int,
    peer_rows: int,
    out: Path,
) -> dict:
    """A fresh import database (areas, villages) and the files; timings of each step."""
    steps = {}
    db.create()
    env = db.env()
    for name, args in (
        ("migrate", ["concenter", "migrate", "--no-input", "-v", "0"]),
        ("geography", ["concenter", "load_geography"]),
        (
            "files",
            [
                "concenter",
                "synth",
                "--scale",
                scale,
                "--seed",
                str(seed),
                "--out",
                str(out),
                "--import-rows",
                str(rows),
                "--xlsx-rows",
                str(xlsx_rows),
                "--peer-rows",
                str(peer_rows),
            ],
        ),
    ):
        started = time.perf_counter()
        run_command(args, env=env, timeout=3600)
        steps[name] = round(time.perf_counter() - started, 2)
    return steps


def head(source: Path, target: Path, rows: int) -> Path:
    """The header and the first `rows` rows of a CSV."""
    with (
        source.open(encoding="utf-8-sig", newline="") as reader_file,
        target.open("w", encoding="utf-8-sig", newline="") as writer_file,
    ):
        writer = csv.writer(writer_file)
        for index, row in enumerate(csv.reader(reader_file)):
            if index > rows:
                break
            writer.writerow(row)
    return target


def worker(db: BenchDatabase, *, importer: str, path: Path, rows: int, timeout: float) -> dict:
    """One measured import in its own process; rows/s counts the rows of the file."""
    try:
        output = run_command(
            ["concenter.bench.worker", "--importer", importer, "--file", str(path)],
            env=db.env(),
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "importer": importer, "rows": rows, "timeout_s": timeout}
    except RuntimeError as exc:
        return {"status": "error", "importer": importer, "rows": rows, "error": str(exc)[-1500:]}
    report = json.loads(output.strip().splitlines()[-1])
    report["rows"] = rows
    report["rows_per_s"] = round(rows / report["seconds"], 1) if report["seconds"] else None
    complete = report["stored"] == rows and not report.get("rejected")
    report["status"] = "done" if complete else "incomplete"
    return report


def _projection(first: dict, second: dict, rows: int) -> float | None:
    """Seconds for `rows`, from two sample runs (fixed start-up cost + marginal rate)."""
    if first.get("status") != "done" or second.get("status") != "done":
        return None
    extra_rows = second["rows"] - first["rows"]
    extra_seconds = max(second["seconds"] - first["seconds"], 1e-3)
    return first["seconds"] + (rows - first["rows"]) * extra_seconds / extra_rows


def measure(
    db: BenchDatabase,
    *,
    scale: str,
    seed: int,
    rows: int,
    xlsx_rows: int,
    peer_rows: int,
    budget: float,
    sample_rows: int,
    work_dir: Path,
    log,
) -> dict:
    out = work_dir / "files"
    result: dict = {
        "rows": {"csv": rows, "xlsx": xlsx_rows, "peer": peer_rows},
        "budget_s": budget,
    }
    log(f"  import: preparing {db.engine} import database and files ({rows:,} rows)")
    result["prepare_s"] = prepare(
        db, scale=scale, seed=seed, rows=rows, xlsx_rows=xlsx_rows, peer_rows=peer_rows, out=out
    )
    csv_file, xlsx_file, peer_file = out / "people.csv", out / "people.xlsx", out / "peer.csv"
    timeout = budget * 3 + 120
    projections: dict[str, dict] = {}
    if rows > 4 * sample_rows:
        for importer in ("ours", "peer"):
            first = worker(
                db,
                importer=importer,
                path=head(csv_file, work_dir / "sample1.csv", sample_rows),
                rows=sample_rows,
                timeout=timeout,
            )
            second = worker(
                db,
                importer=importer,
                path=head(csv_file, work_dir / "sample2.csv", 2 * sample_rows),
                rows=2 * sample_rows,
                timeout=timeout,
            )
            projections[importer] = {"samples": [first, second], "first": first, "second": second}
        result["samples"] = {k: v["samples"] for k, v in projections.items()}
    runs = [
        ("csv", "ours", csv_file, rows),
        ("xlsx", "ours", xlsx_file, xlsx_rows),
        ("peer", "peer", peer_file, peer_rows),
    ]
    if peer_rows != rows:  # the ratio compares both importers on the same file
        runs.append(("ours_on_peer_file", "ours", peer_file, peer_rows))
    for label, importer, path, count in runs:
        projected = None
        if importer in projections:
            samples = projections[importer]
            projected = _projection(samples["first"], samples["second"], count)
            if label == "xlsx" and projected is not None:
                projected *= 1.5  # reading XLSX costs more than CSV; a rough margin
        if projected is not None and projected > budget:
            result[label] = {
                "status": "skipped",
                "importer": importer,
                "rows": count,
                "projected_seconds": round(projected, 1),
                "projected_rows_per_s": round(count / projected, 1),
                "reason": f"projected {projected:,.0f} s > budget {budget:,.0f} s",
            }
            log(f"  import {label}: skipped, projected {projected:,.0f} s")
            continue
        log(f"  import {label}: {count:,} rows through {importer}")
        result[label] = worker(db, importer=importer, path=path, rows=count, timeout=timeout)
    ours_run = result.get("ours_on_peer_file", result.get("csv"))
    peer_run = result.get("peer")
    result["ratio_vs_peer"] = None
    if ours_run and peer_run:
        ours_rate = ours_run.get("rows_per_s") or ours_run.get("projected_rows_per_s")
        peer_rate = peer_run.get("rows_per_s") or peer_run.get("projected_rows_per_s")
        if ours_rate and peer_rate:
            result["ratio_vs_peer"] = round(ours_rate / peer_rate, 2)
    return result
