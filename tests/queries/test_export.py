"""The export writers: hostile text comes out as text, in CSV read by a spreadsheet and in the
workbook, and numbers and dates come out as themselves."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import polars as pl
import pytest

from queries import export

HOSTILE = [
    "=1+1",
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "\t=x",
    "\r=x",
    '=HYPERLINK("http://evil.example")',
    "=cmd|' /C calc'!A0",
]
BENIGN = ["plain", "河南", "a, b", 'say "hi"', "http://example.org", "", " =not first"]


def frame() -> pl.DataFrame:
    n = len(HOSTILE) + len(BENIGN)
    return pl.DataFrame(
        {
            "text": [*HOSTILE, *BENIGN],
            "number": [-2, *range(1, n)],
            "ratio": [-2.5] * n,
            "day": [dt.date(1953, 1, 2)] * n,
            "kind": pl.Series(["=a"] * n, dtype=pl.Categorical),
        }
    )


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _csv_as_a_spreadsheet_opens_it(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    """The CSV's cells put in a sheet the way a spreadsheet types them in: text that starts
    like a formula becomes a formula, text that reads as a number a number."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(_csv_rows(data), start=1):
        for c, value in enumerate(row, start=1):
            try:
                typed: object = float(value)
            except ValueError:
                typed = value
            ws.cell(r, c, typed)
    buffer = io.BytesIO()
    wb.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


def test_csv_text_that_starts_like_a_formula_gets_a_quote():
    rows = _csv_rows(export.to_csv(frame()))
    assert rows[0] == ["text", "number", "ratio", "day", "kind"]
    texts = [r[0] for r in rows[1:]]
    assert texts == ["'" + h for h in HOSTILE] + BENIGN
    assert {r[4] for r in rows[1:]} == {"'=a"}  # categorical text too


def test_csv_cells_open_as_text_and_numbers_not_formulas():
    ws = _csv_as_a_spreadsheet_opens_it(export.to_csv(frame()))
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = [ws.cell(r, 1).value for r in range(2, 2 + len(HOSTILE))]
    assert texts[:5] == ["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "'\t=x"]
    assert all(t.startswith("'") for t in texts)
    numbers = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert numbers[0] == -2 and all(isinstance(v, int | float) for v in numbers)
    assert all(ws.cell(r, 3).value == -2.5 for r in range(2, ws.max_row + 1))


def test_without_the_writer_the_same_csv_opens_as_formulas():
    # the check above would see a formula in what Polars writes alone
    ws = _csv_as_a_spreadsheet_opens_it(frame().write_csv().encode("utf-8"))
    assert ws.cell(2, 1).data_type == "f"


def test_csv_numbers_written_as_text_stay_numbers():
    df = pl.DataFrame({"t": ["-2", "+1.5", "-.5", "1e3", "-2e-3", "-2+3", "-", "+"]})
    assert [r[0] for r in _csv_rows(export.to_csv(df))[1:]] == [
        "-2",
        "+1.5",
        "-.5",
        "1e3",
        "-2e-3",
        "'-2+3",
        "'-",
        "'+",
    ]


def test_csv_column_names_are_cells_too():
    df = pl.DataFrame({"=1+1": [1], "@x": ["a"], "ok": [None]}, schema_overrides={"ok": pl.String})
    rows = _csv_rows(export.to_csv(df))
    assert rows == [["'=1+1", "'@x", "ok"], ["1", "a", ""]]


def test_csv_of_a_benign_frame_is_what_polars_writes():
    # the downloads keep their encoding and layout: UTF-8, no BOM, Polars' quoting and dates
    df = frame().filter(pl.col("text").is_in(BENIGN)).drop("kind")
    df = df.with_columns(pl.lit(None, pl.Float64).alias("empty"))
    data = export.to_csv(df)
    assert data == df.write_csv().encode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")


def test_csv_of_lists_and_structs_is_their_json():
    df = pl.DataFrame({"l": [[1, 2], None], "s": [{"a": "=x"}, {"a": "b"}], "b": [b"\x01", None]})
    rows = _csv_rows(export.to_csv(df))
    assert rows[1:] == [["[1, 2]", '{"a": "=x"}', "01"], ["", '{"a": "b"}', ""]]


def test_csv_of_nothing():
    assert export.to_csv(pl.DataFrame()) == b""
    assert export.to_csv(pl.DataFrame({"a": []}, schema={"a": pl.String})) == b"a\n"


def test_xlsx_text_is_a_string_numbers_numbers_dates_dates():
    data = export.to_xlsx({"records": frame(), "second": pl.DataFrame({"=h": ["@x"]})})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["records", "second"]
    ws = wb["records"]
    cells = [c for sheet in wb for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    header = [c.value for c in ws[1]]
    assert header == ["text", "number", "ratio", "day", "kind"]
    texts = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    # xlsx escapes a carriage return as _x000D_, which openpyxl leaves as it is
    assert texts == [t.replace("\r", "_x000D_") for t in HOSTILE] + [t or None for t in BENIGN]
    assert all(ws.cell(r, 1).quotePrefix for r in range(2, ws.max_row + 1))
    assert ws.cell(2, 2).value == -2 and ws.cell(2, 2).data_type == "n"
    assert ws.cell(2, 3).value == -2.5
    assert ws.cell(2, 4).value == dt.datetime(1953, 1, 2) and ws.cell(2, 4).is_date
    assert ws.cell(2, 5).value == "=a" and ws.cell(2, 5).data_type == "s"
    assert not ws._hyperlinks  # strings that look like links stay strings
    second = wb["second"]
    assert [[c.value for c in row] for row in second.iter_rows()] == [["=h"], ["@x"]]


@pytest.mark.parametrize("value", HOSTILE)
def test_each_hostile_value_on_its_own(value):
    df = pl.DataFrame({"t": [value]})
    assert _csv_rows(export.to_csv(df))[1] == ["'" + value]
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx({"s": df})))["s"]
    assert ws.cell(2, 1).data_type == "s"


def test_the_unit_downloads_use_the_writers(fixture_con):
    from queries.analytics import unit
    from queries.analytics.filters import Filters

    f = Filters(start=dt.date(1950, 1, 1), end=dt.date(1960, 12, 31))
    unit_id = fixture_con.execute("select min(unit_id) from units").fetchone()[0]
    tables = unit.records(fixture_con, unit_id, f)
    with zipfile.ZipFile(io.BytesIO(unit.records_zip(fixture_con, unit_id, f))) as z:
        for name, df in tables.items():
            assert z.read(f"{name}.csv") == export.to_csv(df)
    wb = openpyxl.load_workbook(io.BytesIO(unit.records_xlsx(fixture_con, unit_id, f)))
    assert wb.sheetnames == list(tables)
    assert all(c.data_type != "f" for s in wb for row in s.iter_rows() for c in row)
