"""The benchmark harness on the hand-built campaign: one page, once, and the baseline.

Not a timed test: it checks that the harness measures what it says (queries, bytes, chart
points, cache hits) and that the pandas baseline agrees with the DuckDB path.
"""

from __future__ import annotations

import base64
import shutil

import duckdb
import numpy as np

from bench import baseline, loadtest, measure, report
from bench import run as bench_run
from pages.common.nav import PAGES
from queries import contract


def test_chart_points_counts_plain_and_typed_arrays():
    # given: a line of 3 points, a typed array of 4 float64 and a 2 x 5 heatmap
    typed = {"dtype": "f8", "bdata": base64.b64encode(np.arange(4.0).tobytes()).decode()}
    figure = {
        "data": [
            {"type": "scatter", "x": [1, 2, 3], "y": [4, 5, 6], "customdata": [[1]] * 9},
            {"type": "bar", "x": typed, "y": typed, "marker": {"color": [1] * 50}},
            {"type": "heatmap", "z": [[0] * 5, [1] * 5]},
        ]
    }
    # expect: 3 + 4 + 10; customdata and marker colors are not points
    assert measure.chart_points(figure) == 17


def test_one_page_measured_in_its_own_process(fixture_db, tmp_path):
    spec = PAGES[0]
    # a generous timeout: on a quiet machine this takes about 10 s, on a shared one far more
    raw = bench_run.run_page(fixture_db, spec.url_path, "u1", warm=1, timeout=240)
    assert "failed" not in raw, raw.get("failed")
    cold, warm = raw["cold"], raw["warm"]
    assert cold["errors"] == [] and warm[0]["errors"] == []
    names = {q["name"] for q in cold["queries"]}
    assert {
        "campaign/units",
        "campaign/data_period",
    } <= names  # the sidebar's queries run on every page
    assert all(q["ms"] >= 0 for q in cold["queries"])
    # the second run is served by Streamlit's cache: no query reaches DuckDB again
    assert warm[0]["queries"] == []
    # after the caches are cleared (as after a publish) the queries run again
    assert {q["name"] for q in raw["cache_cold"]["queries"]} == names
    assert cold["bytes"] > 1000 and cold["messages"] > 10
    assert raw["peak_rss_mb"] > 50

    page = {
        "path": spec.path,
        "all": bench_run.summarize([raw]),
        "unit": bench_run.summarize([raw]),
    }
    assert page["all"]["cold_s"] == cold["seconds"]
    assert page["all"]["cold_queries"][0]["ms"] == max(q["ms"] for q in page["all"]["cold_queries"])
    results = {
        "date": "test",
        "command": "test",
        "machine": bench_run.machine(),
        "sizes": {
            "fixture": {
                "daily_rows": 12,
                "pages": {spec.url_path: page},
                "browser": {"healthy_s": 1.1, "first_chart_s": 8.5, "one_chart_s": 4.7},
            }
        },
    }
    doc = report.write(results, tmp_path / "performance.md")
    text = doc.read_text()
    assert f"| {spec.url_path} | {cold['seconds']:.3f} |" in text
    assert "every page warm < 0.3 s" in text
    # the first chart beside its floor: one chart alone in the same harness
    assert "Overview's first chart in Chromium 8.5 s; a script of one chart alone" in text
    assert "(bench/one_chart.py) 4.7 s." in text
    assert (tmp_path / report.PLOT_NAME).read_text().startswith("<svg")


def test_baseline_agrees_with_duckdb_on_the_fixture(fixture_db, tmp_path):
    # given: the fixture's tables as the files a pandas dashboard would read (exported from
    # a copy: this process may hold the fixture open with the readers' locked configuration,
    # and DuckDB refuses a second connection to it with another one)
    copy = tmp_path / "fixture-copy.duckdb"
    shutil.copyfile(fixture_db, copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        for table in contract.TABLES:
            out = tmp_path / (
                "daily_output.parquet" if table.name == "daily_output" else f"{table.name}.csv"
            )
            con.execute(f"copy {table.name} to '{out}'")
    finally:
        con.close()
    # expect: the same four headline figures and weekly indexes, to 1e-9
    result = baseline.run(tmp_path, fixture_db)
    assert result["mismatches"] == []
    assert result["agree"] is True
    assert result["weekly_rows"] > 0
    assert set(result["headline"]) == set(baseline.HEADLINE)
    assert result["pandas_headline_s"] > 0 and result["duckdb_headline_cold_s"] > 0


def test_cache_settings_are_read_from_the_cached_layer():
    caches = {c["function"]: c for c in loadtest.cache_settings()}
    # query results are shared (a resource cache), bounded in entries and time
    assert caches["_run"]["kind"] == "cache_resource"
    assert caches["_run"]["max_entries"] is not None
    assert caches["_compose"]["kind"] == "cache_resource"
    assert caches["_compose"]["max_entries"] is not None
    assert caches["database_path"]["bounded"]  # no arguments: one entry
