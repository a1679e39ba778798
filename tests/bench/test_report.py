from concenter.bench.report import BEGIN, END, markdown, update_markdown
from concenter.bench.stats import percentile, summary_ms
from concenter.bench.targets import evaluate


def _results(*, csv_rate: float, dashboard_p95: float) -> dict:
    summary = {"n": 3, "p50_ms": 1.0, "p95_ms": dashboard_p95, "mean_ms": 1.0, "max_ms": 90.0}
    floor = {"n": 3, "p50_ms": 1.0, "p95_ms": 2.0, "mean_ms": 1.0, "max_ms": 2.0}
    return {
        "scale": "tiny",
        "seed": 1,
        "generated_at": "2026-11-25T20:00:00+07:00",
        "wall_s": 60,
        "machine": {
            "cpu": "cpu",
            "cores": 2,
            "memory_gib": 24,
            "os": "Linux",
            "python": "3.11",
            "django": "5.2",
            "sqlite": "3.40.1",
            "postgresql": None,
        },
        "databases": {
            "sqlite": {
                "import": {
                    "csv": {
                        "status": "done",
                        "rows": 1000,
                        "rows_per_s": csv_rate,
                        "peak_rss_mb": 100.0,
                        "seconds": 1.0,
                        "importer": "ours",
                    },
                    "peer": {
                        "status": "skipped",
                        "rows": 1000,
                        "importer": "peer",
                        "projected_rows_per_s": 10.0,
                        "reason": "projected 100 s > 50 s",
                    },
                    "ratio_vs_peer": csv_rate / 10,
                },
                "dashboards": {
                    "national": {
                        "url": "/dashboard/",
                        "status": [200],
                        "page": summary,
                        "floor_sql": floor,
                        "rollup_read_sql": floor,
                        "ratio_p95": dashboard_p95 / 2,
                    },
                },
            }
        },
    }


def test_a_figure_under_its_target_is_missed_and_one_over_it_is_met():
    rows = {r["measure"]: r for r in evaluate(_results(csv_rate=49_999.0, dashboard_p95=51.0))}
    assert rows["CSV import, end to end"]["met"] is False
    assert rows["national dashboard, p95"]["met"] is False
    assert rows["national dashboard vs plain-SQL floor, p95"]["met"] is False
    rows = {r["measure"]: r for r in evaluate(_results(csv_rate=50_000.0, dashboard_p95=5.0))}
    assert rows["CSV import, end to end"]["met"] is True
    assert rows["national dashboard, p95"]["met"] is True
    assert rows["national dashboard vs plain-SQL floor, p95"]["met"] is True


def test_what_was_not_measured_is_not_judged():
    rows = {r["measure"]: r for r in evaluate(_results(csv_rate=60_000.0, dashboard_p95=5.0))}
    assert rows["XLSX import, end to end"]["met"] is None
    assert rows["queries per page"]["met"] is None
    # memory is judged at 1,000,000 rows only
    assert rows["import peak memory (whole process)"]["met"] is None
    assert "projected" in rows["import vs django-import-export, same file"]["note"]


def test_markdown_replaces_only_its_own_block(tmp_path):
    results = _results(csv_rate=1000.0, dashboard_p95=5.0)
    results["targets"] = evaluate(results)
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nbefore\n\n{BEGIN}\nold figures\n{END}\n\nafter\n")
    update_markdown(results, doc)
    text = doc.read_text()
    assert "old figures" not in text
    assert text.startswith("# Performance\n\nbefore\n") and text.endswith("\nafter\n")
    assert "**missed**" in text and "1,000 rows/s" in text
    assert "projected 100 s > 50 s" in markdown(results)


def test_national_figures_have_a_block_of_their_own(tmp_path):
    from concenter.bench.report import markers

    province = _results(csv_rate=1000.0, dashboard_p95=5.0)
    province["targets"] = evaluate(province)
    national = {**province, "scale": "national"}
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n")
    update_markdown(province, doc)
    update_markdown(national, doc)
    update_markdown(province, doc)
    text = doc.read_text()
    begin, end = markers("national")
    assert text.count(BEGIN) == 1 and text.count(begin) == 1 and text.count(end) == 1
    assert "scale **national**" in text[text.index(begin) : text.index(end)]


def test_percentiles():
    assert percentile([], 0.5) == 0.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([1.0, 2.0], 0.95) == 1.95
    assert summary_ms([0.001, 0.002, 0.003])["p50_ms"] == 2.0


def test_the_import_through_the_api_has_a_table_when_measured():
    results = _results(csv_rate=5000.0, dashboard_p95=10.0)
    assert "through the API among other users" not in markdown(results)
    results["import_api"] = {
        "sqlite": {
            "csv": {"rows": 20000, "rows_per_second": 2345, "upload_s": 1.1, "check_s": 2.2,
                    "commit_s": 3.3, "romanize_s": 4.4, "side_refused_count": 0,
                    "side_slowest_s": 0.51, "load_before": [1.0, 2.0, 3.0],
                    "load_after": [1.5, 2.0, 3.0]},
            "xlsx": {"error": "RuntimeError('the check')"},
        }
    }  # fmt: skip
    text = markdown(results)
    assert "| SQLite | csv | 20,000 | 2,345 | 1.1 / 2.2 / 3.3 | 4.4 | 0 / 0.51 |" in text
    assert "| SQLite | xlsx | — | failed: RuntimeError('the check')" in text


def test_the_load_table_shows_the_cpu_a_request_cost():
    results = _results(csv_rate=5000.0, dashboard_p95=10.0)
    summary = {"n": 10, "p50_ms": 100.0, "p95_ms": 200.0, "mean_ms": 120.0, "max_ms": 300.0}
    results["databases"]["sqlite"]["load"] = {
        "single": {
            "servers": 1, "clients": 20, "seconds": 20.0, "requests": 1000,
            "requests_per_s": 50.0, "errors": 0, "all": summary,
            "by_category": {"detail": summary},
            "cpu_per_request_ms": {"app": 15.7, "client": 0.4, "all": 16.1},
        }
    }  # fmt: skip
    text = markdown(results)
    assert "CPU per request ms: all (app / database / client)" in text
    assert "| 0 | 16.1 (15.7 / — / 0.4) | detail 200" in text
