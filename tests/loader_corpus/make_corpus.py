"""Write the corpus of bad (and awkward but good) source files the loader tests read.

    python tests/loader_corpus/make_corpus.py

base/ is a tiny valid campaign (3 units, 4 teams, 4 days) written by hand. Each folder in
cases/ holds the files that replace base files for one case, and case.json: what the loader
must say (table, column, rule, rows as a spreadsheet counts them, the first value quoted),
which other kinds of error the break may bring with it (also), files of base to leave out
(remove), and whether the case loads (warnings only) or is refused. Every rule of
queries.contract is broken by at least one case; test_load_corpus.py checks that, and that
this script reproduces the committed files.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from queries import contract

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

BASE = HERE / "base"
CASES = HERE / "cases"


def rows_of(table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((BASE / f"{table}.csv").read_text(encoding="utf-8"))))


def to_csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def expect(table, column, rule, rows=(), value=None, severity="error") -> dict:
    return {
        "severity": severity,
        "table": table,
        "column": column,
        "rule": rule,
        "rows": list(rows),
        "value": value,
    }


class Corpus:
    def __init__(self) -> None:
        self.cases: dict[str, dict] = {}
        self.files: dict[str, dict[str, bytes]] = {}

    def add(self, case_id, files, expected, *, also=(), remove=(), loads=False, note=""):
        assert case_id not in self.cases, case_id
        self.files[case_id] = {
            n: d if isinstance(d, bytes) else d.encode() for n, d in files.items()
        }
        self.cases[case_id] = {
            "note": note,
            "loads": loads,
            "remove": list(remove),
            "expect": expected,
            "also": [list(a) for a in also],
        }

    def cell(self, case_id, table, row, column, value, expected, **kw):
        """A copy of base/<table>.csv with one cell (spreadsheet row) set to value."""
        rows = rows_of(table)
        rows[row - 1][rows[0].index(column)] = value
        self.add(case_id, {f"{table}.csv": to_csv(rows)}, expected, **kw)


def build() -> Corpus:
    c = Corpus()
    # --- each type ------------------------------------------------------------------------
    c.cell(
        "type-date",
        "units",
        2,
        "launched_on",
        "01/01/1953",
        [expect("units", "launched_on", "must be a date (YYYY-MM-DD)", [2], "01/01/1953")],
    )
    c.cell(
        "type-int",
        "teams",
        3,
        "members",
        "twelve",
        [expect("teams", "members", "must be a whole number", [3], "twelve")],
    )
    c.cell(
        "type-int-fraction",
        "accidents",
        2,
        "lost_days",
        "2.5",
        [expect("accidents", "lost_days", "must be a whole number", [2], "2.5")],
    )
    c.cell(
        "type-float",
        "daily_output",
        5,
        "output_qty",
        "1,200.5",
        [expect("daily_output", "output_qty", "must be a finite number", [5], "1,200.5")],
    )
    c.cell(
        "type-float-nan",
        "output_units",
        2,
        "constant_price_yuan",
        "NaN",
        [expect("output_units", "constant_price_yuan", "must be a finite number", [2], "NaN")],
    )
    c.cell(
        "type-bool",
        "proposals",
        4,
        "solves_key_problem",
        "maybe",
        [expect("proposals", "solves_key_problem", "must be true or false", [4], "maybe")],
    )
    # --- a required value, for every column that needs one ----------------------------------
    last = {t.name: len(rows_of(t.name)) for t in contract.TABLES}
    for table in contract.TABLES:
        for col in table.columns:
            if col.nullable:
                continue
            row = last[table.name]
            c.cell(
                f"required-{table.name}-{col.name}",
                table.name,
                row,
                col.name,
                "",
                [expect(table.name, col.name, "a value is required", [row])],
                also=_also_when_blank(table.name, col.name),
            )
    # --- allowed values ---------------------------------------------------------------------
    for table in contract.TABLES:
        for col in table.columns:
            if col.allowed:
                rule = "must be one of " + ", ".join(col.allowed)
                c.cell(
                    f"allowed-{table.name}-{col.name}",
                    table.name,
                    2,
                    col.name,
                    "other",
                    [expect(table.name, col.name, rule, [2], "other")],
                    also=_also_when_changed(table.name, col.name),
                )
    # --- ranges -----------------------------------------------------------------------------
    for table in contract.TABLES:
        for col in table.columns:
            if col.minimum is not None:
                bad = col.minimum if col.exclusive_minimum else col.minimum - 1
                op = ">" if col.exclusive_minimum else ">="
                value = str(int(bad)) if col.type == contract.INT else f"{bad:.1f}"
                c.cell(
                    f"min-{table.name}-{col.name}",
                    table.name,
                    2,
                    col.name,
                    value,
                    [expect(table.name, col.name, f"must be {op} {col.minimum:g}", [2], value)],
                    also=_also_when_changed(table.name, col.name),
                )
            if col.maximum is not None:
                value = f"{col.maximum + 1:.1f}"
                c.cell(
                    f"max-{table.name}-{col.name}",
                    table.name,
                    2,
                    col.name,
                    value,
                    [expect(table.name, col.name, f"must be <= {col.maximum:g}", [2], value)],
                )
    # --- keys: a row given twice --------------------------------------------------------------
    for table in contract.TABLES:
        rows = rows_of(table.name)
        rows.append(list(rows[1]))
        n = len(rows)
        key_value = ", ".join(rows[1][rows[0].index(k)] for k in table.key)
        c.add(
            f"duplicate-key-{table.name}",
            {f"{table.name}.csv": to_csv(rows)},
            [expect(table.name, " + ".join(table.key), "key must be unique", [2, n], key_value)],
        )
    # --- rules between columns -------------------------------------------------------------
    c.cell(
        "rejected-over-inspected",
        "daily_output",
        3,
        "rejected_qty",
        "99.0",
        [
            expect(
                "daily_output",
                "rejected_qty",
                "rejected_qty must not exceed inspected_qty",
                [3],
                "99.0",
            )
        ],
    )
    c.cell(
        "pending-but-decided",
        "proposals",
        3,
        "decided_on",
        "1953-01-02",
        [
            expect(
                "proposals",
                "status",
                "decided_on must be empty exactly when status is pending",
                [3],
                "pending",
            )
        ],
    )
    c.cell(
        "decided-before-submitted",
        "proposals",
        4,
        "decided_on",
        "1952-12-29",
        [
            expect(
                "proposals",
                "decided_on",
                "decided_on must not be before submitted_on",
                [4],
                "1952-12-29",
            )
        ],
    )
    c.cell(
        "implemented-without-date",
        "proposals",
        2,
        "implemented_on",
        "",
        [
            expect(
                "proposals",
                "status",
                "implemented_on must be set exactly when status is implemented",
                [2],
                "implemented",
            )
        ],
    )
    c.cell(
        "implemented-before-decided",
        "proposals",
        2,
        "implemented_on",
        "1952-12-30",
        [
            expect(
                "proposals",
                "implemented_on",
                "implemented_on must not be before decided_on",
                [2],
                "1952-12-30",
            )
        ],
    )
    # the economic accounting tables: a month is its first day; someone is on the staff
    for table in ("unit_costs", "unit_funds", "unit_staff"):
        c.cell(
            f"month-not-first-day-{table}",
            table,
            2,
            "month",
            "1952-10-15",
            [
                expect(
                    table,
                    "month",
                    "month must be the first day of a month (YYYY-MM-01)",
                    [2],
                    "1952-10-15",
                )
            ],
        )
    rows = rows_of("unit_staff")
    rows[2][rows[0].index("production_workers")] = "0"
    rows[2][rows[0].index("management_staff")] = "0"
    c.add(
        "staff-none",
        {"unit_staff.csv": to_csv(rows)},
        [
            expect(
                "unit_staff",
                "production_workers",
                "production_workers + management_staff must be more than 0",
                [3],
                "0",
            )
        ],
    )
    c.add(
        "cost-tables-left-out-loads",
        {},
        [],
        remove=("unit_costs.csv", "unit_funds.csv", "unit_staff.csv"),
        loads=True,
        note="the economic accounting tables are optional: a source without them loads",
    )
    # --- references: orphans ----------------------------------------------------------------
    for table in contract.TABLES:
        for ref in table.references:
            col = ref.columns[0]
            c.cell(
                f"orphan-{table.name}-{col}",
                table.name,
                2,
                col,
                "nowhere",
                [
                    expect(
                        table.name, col, f"must match a {ref.table}.{ref.target[0]}", [2], "nowhere"
                    )
                ],
            )
    c.cell(
        "team-of-another-unit-accidents",
        "accidents",
        2,
        "team_id",
        "t3",
        [
            expect(
                "accidents",
                "team_id",
                "team_id must be a team of the accident's unit_id",
                [2],
                "t3",
            )
        ],
    )
    c.cell(
        "team-of-another-unit-proposals",
        "proposals",
        2,
        "team_id",
        "t3",
        [
            expect(
                "proposals",
                "team_id",
                "team_id must be a team of the proposal's unit_id",
                [2],
                "t3",
            )
        ],
    )
    # --- columns and tables -----------------------------------------------------------------
    rows = [r[:-1] for r in rows_of("units")]
    c.add(
        "missing-column",
        {"units.csv": to_csv(rows)},
        [expect("units", "launched_on", "required column is missing from units.csv")],
    )
    rows = [r + (["foreman"] if i == 0 else ["Wang"]) for i, r in enumerate(rows_of("teams"))]
    c.add(
        "unknown-column",
        {"teams.csv": to_csv(rows)},
        [expect("teams", "foreman", "column is not in the contract (teams.csv)", [], "foreman")],
    )
    rows = rows_of("workshops")
    rows[0][3] = "name_zh"
    c.add(
        "column-named-twice",
        {"workshops.csv": to_csv(rows)},
        [expect("workshops", "name_zh", "column is named twice", [1], "name_zh")],
    )
    c.add(
        "missing-table",
        {},
        [expect("events", "", "no events.csv or events.parquet in")],
        remove=["events.csv"],
    )
    _files(c)
    return c


def _text(table: str) -> str:
    return (BASE / f"{table}.csv").read_text(encoding="utf-8")


def _frame(table: str):
    """base/<table>.csv as the loader reads it: typed, as a Parquet writer would hold it."""
    from queries.ingest.load import read_source

    return read_source(BASE)[table]


def _files(c: Corpus) -> None:
    """Encodings, damaged files, workbooks and Parquet."""
    import polars as pl

    # encodings: GBK and a BOM with CRLF load; the rest is refused naming the byte
    c.add(
        "gbk-loads",
        {"units.csv": _text("units").encode("gbk"), "teams.csv": _text("teams").encode("gb18030")},
        [],
        loads=True,
        note="GBK units.csv and GB18030 teams.csv: names must come out as written",
    )
    bom = b"\xef\xbb\xbf" + _text("workshops").replace("\n", "\r\n").encode()
    c.add("utf8-bom-crlf-loads", {"workshops.csv": bom}, [], loads=True)
    # Chinese names (which Latin-1 cannot hold) become pinyin-less placeholders
    latin = (
        "\n".join(
            ",".join(f if f.isascii() else "x" for f in line.split(","))
            for line in _text("units").splitlines()
        )
        + "\n"
    )
    latin = latin.replace("No. 1 Coal Mine", "Mine n° 1")
    data = latin.encode("latin-1")
    at = data.index(b"\xb0")
    c.add(
        "latin1-refused",
        {"units.csv": data},
        [
            expect(
                "units",
                "",
                f"units.csv is neither UTF-8 (invalid byte 0xB0 at byte offset {at})",
                [],
                f"byte offset {at}",
            )
        ],
    )
    data = latin.replace("Mine n° 1", "Müller Mine").encode("latin-1")
    at = data.index(b"\xfc")
    c.add(
        "latin1-rare-gbk-refused",
        {"units.csv": data},
        [
            expect(
                "units",
                "",
                f"units.csv is not UTF-8 (invalid byte 0xFC at byte offset {at}), "
                "and read as GBK most of its Chinese characters are rare ones",
                [],
                f"byte offset {at}",
            )
        ],
    )
    c.add(
        "utf16-refused",
        {"events.csv": _text("events").encode("utf-16")},
        [expect("events", "", "events.csv is UTF-16", [], "byte offset 0")],
    )
    lines = _text("workshops").splitlines(keepends=True)
    data = "".join(lines[:-1]).encode() + lines[-1].encode("gbk")
    # 织 in GBK is D6 AF, which UTF-8 reads as one (Hebrew) character; 布 (B2 BC) is not UTF-8
    at = len("".join(lines[:-1]).encode()) + len("w4,u2,") + 2
    c.add(
        "mixed-encodings-refused",
        {"workshops.csv": data},
        [
            expect(
                "workshops",
                "",
                f"workshops.csv mixes encodings: it is UTF-8 up to byte offset {at}",
                [],
                f"byte offset {at}",
            )
        ],
    )
    # damaged CSV
    text = _text("daily_output")
    c.add(
        "truncated-mid-row",
        {"daily_output.csv": text[: text.rindex(",") - 3]},
        [expect("daily_output", "", "file ends in the middle of a row: it is truncated", [17])],
    )
    rows = rows_of("accidents")
    rows[2][9] = "细纱机绞伤手臂, 送医"
    text = to_csv(rows)
    c.add(
        "truncated-in-quote",
        {"accidents.csv": text[: text.index("送医")]},
        [expect("accidents", "", "cannot be read as CSV (unexpected end of data)", [3])],
    )
    c.add(
        "empty-file",
        {"events.csv": b""},
        [expect("events", "", "file is empty: it has no header row")],
    )
    c.add(
        "header-only-daily-output",
        {"daily_output.csv": _text("daily_output").splitlines()[0] + "\n"},
        [expect("daily_output", "", "table has no rows: the dashboard needs at least one")],
    )
    c.add(
        "header-only-events-loads",
        {"events.csv": _text("events").splitlines()[0] + "\n"},
        [expect("events", "", "table has no rows", severity="warning")],
        loads=True,
    )
    lines = _text("workshops").splitlines()
    lines[2] += ",extra"
    c.add(
        "ragged-long-row",
        {"workshops.csv": "\n".join(lines) + "\n"},
        [
            expect(
                "workshops",
                "",
                "row has a different number of fields than the header (4)",
                [3],
                "5 fields: w2,u1,二号坑口,Pit No. 2,extra",
            )
        ],
    )
    lines = _text("teams").splitlines()
    lines[3] = lines[3].rsplit(",", 2)[0]
    c.add(
        "ragged-short-row",
        {"teams.csv": "\n".join(lines) + "\n"},
        [
            expect(
                "teams",
                "",
                "row has a different number of fields than the header (7)",
                [4],
                "5 fields: t3,w3,细纱第1组,Spinning Team 1,8",
            )
        ],
    )
    # Excel
    c.add(
        "xlsx-extra-sheets-loads",
        {
            "campaign.xlsx": _workbook(
                {
                    "units": _typed_rows("units"),
                    "workshops": _typed_rows("workshops"),
                    "Notes": [["typed up from the 1953 monthly report"]],
                }
            )
        },
        [expect("", "", "sheet is not a contract table; it was not read", [], "Notes", "warning")],
        remove=["units.csv", "workshops.csv"],
        loads=True,
    )
    c.add(
        "xlsx-sheet-by-file-name-loads",
        {"teams.xlsx": _workbook({"Sheet1": _typed_rows("teams")})},
        [],
        remove=["teams.csv"],
        loads=True,
    )
    typed = _typed_rows("output_units")
    typed[2][3] = "about 1200"
    c.add(
        "xlsx-bad-cell-below-a-title",
        {
            "output_units.xlsx": _workbook(
                {"output_units": [["Output units, 1952 prices"], [], *typed]}
            )
        },
        [
            expect(
                "output_units", "constant_price_yuan", "must be a finite number", [5], "about 1200"
            )
        ],
        remove=["output_units.csv"],
    )
    c.add(
        "xlsx-no-sheet-named",
        {"teams.xlsx": _workbook({"A": _typed_rows("teams"), "B": [["x"]]})},
        [
            expect(
                "teams",
                "",
                "workbook has 2 sheets and none is named teams: name the sheet that holds the table",
                [],
                "A, B",
            )
        ],
        remove=["teams.csv"],
    )
    book = _workbook({"teams": _typed_rows("teams")})
    c.add(
        "xlsx-truncated",
        {"teams.xlsx": book[: len(book) // 2]},
        [expect("teams", "", "teams.xlsx cannot be read as an Excel workbook")],
        remove=["teams.csv"],
    )
    # Parquet
    daily = _frame("daily_output")
    c.add(
        "parquet-loads",
        {"daily_output.parquet": _parquet(daily)},
        [],
        remove=["daily_output.csv"],
        loads=True,
    )
    raw = _parquet(daily)
    c.add(
        "parquet-truncated",
        {"daily_output.parquet": raw[: len(raw) // 2]},
        [expect("daily_output", "", "daily_output.parquet cannot be read")],
        remove=["daily_output.csv"],
    )
    teams = _frame("teams").with_columns(pl.col("members").cast(pl.Float64))
    teams = teams.with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(12.5)
        .otherwise(pl.col("members"))
        .alias("members")
    )
    c.add(
        "parquet-fraction",
        {"teams.parquet": _parquet(teams)},
        [expect("teams", "members", "must be a whole number", [3], "12.5")],
        remove=["teams.csv"],
    )
    c.add(
        "table-given-twice",
        {"units.parquet": _parquet(_frame("units"))},
        [
            expect(
                "units",
                "",
                "table is given twice; keep one file (or sheet) per table",
                [],
                "units.csv and units.parquet",
            )
        ],
    )
    # warnings only
    lines = [ln for ln in _text("daily_output").splitlines() if not (ln.startswith("t4,1953-01"))]
    c.add(
        "warning-month-without-output",
        {"daily_output.csv": "\n".join(lines) + "\n"},
        [
            expect(
                "daily_output",
                "team_id",
                "team has no daily output for a whole month within the period of the data",
                [],
                "t4 1953-01",
                "warning",
            )
        ],
        loads=True,
    )
    c.cell(
        "warning-accident-outside-output",
        "accidents",
        2,
        "occurred_on",
        "1953-01-05",
        [
            expect(
                "accidents",
                "occurred_on",
                "accident dated outside the days its unit reports daily output",
                [2],
                "a1 1953-01-05",
                "warning",
            )
        ],
        loads=True,
    )
    c.cell(
        "warning-joined-before-launch",
        "teams",
        3,
        "joined_on",
        "1952-12-31",
        [
            expect(
                "teams",
                "joined_on",
                "team joined the emulation before its unit launched it",
                [3],
                "t2 1952-12-31 (unit u1: 1953-01-01)",
                "warning",
            )
        ],
        loads=True,
    )


def _typed_rows(table: str) -> list[list]:
    """base/<table>.csv as an Excel user would type it: numbers and dates as such."""
    import datetime as dt

    t = contract.BY_NAME[table]
    rows = rows_of(table)
    out = [rows[0]]
    for r in rows[1:]:
        cells = []
        for name, v in zip(rows[0], r, strict=True):
            kind = t.column(name).type
            if v == "":
                cells.append(None)
            elif kind == contract.DATE:
                cells.append(dt.datetime.fromisoformat(v))
            elif kind == contract.INT:
                cells.append(int(v))
            elif kind == contract.FLOAT:
                cells.append(float(v))
            elif kind == contract.BOOL:
                cells.append(v == "true")
            else:
                cells.append(v)
        out.append(cells)
    return out


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    # fixed document dates, so that the corpus is the same on every run
    wb.properties.created = wb.properties.modified = dt.datetime(1953, 1, 30)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _parquet(df) -> bytes:
    buf = io.BytesIO()
    df.write_parquet(buf)
    return buf.getvalue()


def _also_when_blank(table: str, column: str) -> list[tuple[str, str, str]]:
    """Errors a blank cell in the last row brings with it: rows that referred to it."""
    refs = {
        ("units", "unit_id"): [],  # u3 is referred to by nothing
        ("workshops", "workshop_id"): [],  # nor w4
        ("output_units", "output_unit"): [],  # nor mwh
        ("teams", "team_id"): [
            ("daily_output", "team_id", "must match a teams.team_id"),
            ("proposals", "team_id", "must match a teams.team_id"),
        ],
        ("teams", "workshop_id"): [],
        ("workshops", "unit_id"): [],
    }
    return refs.get((table, column), [])


def _also_when_changed(table: str, column: str) -> list[tuple[str, str, str]]:
    if (table, column) == ("daily_output", "inspected_qty"):
        return [("daily_output", "rejected_qty", "rejected_qty must not exceed inspected_qty")]
    if (table, column) == ("proposals", "status"):
        # status "other" is neither pending nor implemented: its dates no longer fit
        return [
            ("proposals", "status", "implemented_on must be set exactly when status is implemented")
        ]
    return []


def write(corpus: Corpus, out: Path = CASES) -> None:
    if out.exists():
        shutil.rmtree(out)
    for case_id, files in corpus.files.items():
        folder = out / case_id
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        (folder / "case.json").write_text(
            json.dumps(corpus.cases[case_id], indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    write(build())
    print(f"wrote {len(list(CASES.iterdir()))} cases to {CASES}")
