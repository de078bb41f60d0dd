"""docs/data_contract.md: its generated sections equal a fresh generation from the code."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from queries import contract
from queries.analytics import metrics

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "data_contract.md"
SCRIPT = ROOT / "docs" / "build_contract_doc.py"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_contract_doc", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_builder()
HINT = "docs/data_contract.md is stale: run `python docs/build_contract_doc.py` and commit it"


def _between(text: str, section: str) -> str:
    """The doc's text between a section's markers, found without the builder's helpers."""
    begin, end = f"<!-- {section}:begin -->\n", f"<!-- {section}:end -->"
    assert text.count(begin) == 1, f"{begin.strip()} must appear exactly once"
    assert text.count(end) == 1, f"{end} must appear exactly once"
    return text.split(begin, 1)[1].split(end, 1)[0]


def test_contract_section_is_exactly_to_markdown():
    # given the committed doc / expect its contract section to be to_markdown() verbatim
    body = _between(DOC.read_text(encoding="utf-8"), "contract")
    expected = contract.to_markdown()
    assert body == (expected if expected.endswith("\n") else expected + "\n"), HINT


def test_metrics_section_is_a_fresh_generation():
    body = _between(DOC.read_text(encoding="utf-8"), "metrics")
    assert body == build.metrics_markdown(), HINT


def test_metrics_section_has_one_row_per_metric_with_its_definition():
    # given the metric rows of the doc / expect exactly METRICS, in order, each with its formula
    body = _between(DOC.read_text(encoding="utf-8"), "metrics")
    rows = [line for line in body.splitlines() if line.startswith("| `")]
    names = [row.split("|")[1].strip().strip("`") for row in rows]
    assert names == [m.name for m in metrics.METRICS]
    for row, m in zip(rows, metrics.METRICS, strict=True):
        assert m.definition.replace("|", "\\|") in row
        assert f"`{m.numerator}`" in row and f"`{m.denominator}`" in row


def test_every_contract_table_and_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for table in contract.TABLES:
        assert f"### `{table.name}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text, f"{table.name}.{column.name}"


def test_check_passes_on_the_committed_doc():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("edit", "section"),
    [
        (lambda t: t.replace("| `members` | int |", "| `members` | float |"), "contract"),
        (lambda t: t.replace(metrics.METRICS[0].definition, "avg(ratio)"), "metrics"),
    ],
    ids=["contract-edited", "metrics-edited"],
)
def test_check_fails_on_a_stale_doc_and_rewrite_restores_it(tmp_path, edit, section):
    # given a copy of the doc with one generated line changed by hand
    committed = DOC.read_text(encoding="utf-8")
    stale = edit(committed)
    assert stale != committed
    copy = tmp_path / "data_contract.md"
    copy.write_text(stale, encoding="utf-8")
    # expect --check to fail and leave the file alone
    assert build.main(["--check", "--doc", str(copy)]) == 1
    assert copy.read_text(encoding="utf-8") == stale
    # and a rewrite to restore the committed doc, hand-written parts included
    assert build.main(["--doc", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == committed
    assert _between(committed, section) == _between(copy.read_text(encoding="utf-8"), section)


def test_check_fails_when_markers_are_missing(tmp_path):
    copy = tmp_path / "data_contract.md"
    copy.write_text(DOC.read_text(encoding="utf-8").replace("<!-- metrics:end -->", ""))
    assert build.main(["--check", "--doc", str(copy)]) == 1
