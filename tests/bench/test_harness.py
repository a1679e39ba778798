"""The harness end to end on the tiny scale: every section of results.json is there and well
formed. No timing is asserted (the machine is shared); only that each figure was measured."""

import json
import os
from urllib.parse import urlsplit

import pytest

from concenter.bench.databases import with_database_name
from concenter.bench.harness import BenchOptions, run_bench
from concenter.bench.report import BEGIN, END, update_markdown, write_results

pytestmark = pytest.mark.slow


def _engines() -> tuple[tuple[str, ...], str]:
    """SQLite always; PostgreSQL too when the suite runs on it (own database names)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        name = urlsplit(url).path.lstrip("/") or "concenter"
        return ("sqlite", "postgresql"), with_database_name(url, f"{name}_bench")
    return ("sqlite",), ""


def _summary_ok(summary: dict) -> bool:
    return summary["n"] > 0 and summary["p50_ms"] <= summary["p95_ms"] <= summary["max_ms"]


def test_tiny_run_writes_every_section(tmp_path):
    engines, postgres_url = _engines()
    options = BenchOptions(
        scale="tiny",
        databases=engines,
        postgres_url=postgres_url or "postgres://postgres@127.0.0.1:5432/unused",
        work_dir=tmp_path / "work",
        load_seconds=2,
        load_clients=4,
        dashboard_warmup=1,
        dashboard_repeat=3,
        search_queries=8,
        import_rows=40,
        xlsx_rows=20,
        peer_rows=40,
        award_nominations=200,
        plaques=1,
        certificates=5,
        keep=True,
    )
    results = run_bench(options, log=lambda line: None)
    path = tmp_path / "results.json"
    write_results(results, path)
    data = json.loads(path.read_text())

    assert data["scale"] == "tiny"
    assert {"cpu", "cores", "memory_gib", "python", "sqlite", "date"} <= set(data["machine"])
    assert data["awards"]["scorecards"] == 200 * 7
    assert data["awards"]["raw"]["ranked"] > 0
    assert data["documents"]["certificates"]["count"] == 5
    assert data["documents"]["plaques"]["bytes"] > 0
    assert set(data["databases"]) == set(engines)
    for engine, result in data["databases"].items():
        for section in ("setup", "synth", "dashboards", "search", "load", "import"):
            assert "error" not in result[section], (engine, section, result[section])
        assert result["synth"]["counts"]["people"] > 0
        assert result["synth"]["counts"]["activities"] > 0
        for name in ("national", "province", "district"):
            dashboard = result["dashboards"][name]
            assert dashboard["status"] == [200]
            assert _summary_ok(dashboard["page"]) and _summary_ok(dashboard["floor_sql"])
            assert dashboard["ratio_p95"] > 0
        assert result["search"]["queries"] == 8
        assert set(result["search"]["by_kind"]) == {"thai", "romanised", "misspelt", "short"}
        load = result["load"]["single"]
        assert load["requests"] > 0 and load["errors"] == 0, load["error_examples"]
        if engine == "postgresql":
            both = result["load"]["two_servers"]
            assert both["servers"] == 2 and both["requests"] > 0
            assert both["errors"] == 0, both["error_examples"]
        imports = result["import"]
        for label in ("csv", "xlsx"):
            assert imports[label]["status"] == "done", imports[label]
            assert imports[label]["stored"] == imports[label]["rows"]
            assert imports[label]["peak_rss_mb"] > 0
        assert imports["peer"]["status"] in ("done", "error")
        if imports["peer"]["status"] == "done":
            assert imports["ratio_vs_peer"] > 0
    measures = {row["measure"] for row in data["targets"]}
    assert "CSV import, end to end" in measures
    assert "national dashboard, p95" in measures
    assert "certificates in one PDF" in measures

    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nHand-written notes.\n")
    update_markdown(data, doc)
    text = doc.read_text()
    assert "Hand-written notes." in text and BEGIN in text and END in text
    assert "| national dashboard, p95 |" in text

    # The kept SQLite network measured again without building it (`--reuse-sqlite`): its
    # counts are read from it and it is left in place.
    kept = tmp_path / "work" / "sqlite" / "main"
    again = run_bench(
        BenchOptions(
            scale="tiny",
            databases=("sqlite",),
            work_dir=tmp_path / "again",
            load_seconds=0,
            dashboard_warmup=1,
            dashboard_repeat=2,
            search_queries=4,
            import_rows=20,
            xlsx_rows=10,
            peer_rows=20,
            award_nominations=50,
            plaques=1,
            certificates=2,
            reuse={"sqlite": str(kept)},
        ),
        log=lambda line: None,
    )
    reused = again["databases"]["sqlite"]
    assert reused["synth"]["reused"] is True
    assert reused["synth"]["counts"] == {
        k: data["databases"]["sqlite"]["synth"]["counts"][k]
        for k in ("people", "organizations", "activities")
    }
    assert reused["dashboards"]["national"]["status"] == [200]
    assert (kept / "concenter.sqlite3").exists()
