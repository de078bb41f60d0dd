"""Find the contract tables in a folder or in single files, and read them: CSV, Excel, Parquet.

A table is recognised by its file name (``teams.csv``, ``teams.parquet``, ``teams.xlsx``) or,
in a workbook, by its sheet name (``campaign.xlsx`` with sheets ``units``, ``teams``, …); a
workbook named after a table may hold that table in its only sheet. Every record keeps the
row number a user would look up: in CSV the header is row 1 (a quoted line break does not
start a new row), in Excel it is the sheet's own row, in Parquet the first record is row 2.

Readers never guess. CSV text is decoded strictly (queries.encodings); a row with more or
fewer fields than the header, a file that ends inside a quoted field, an empty file or a
column named twice is reported with its file and row and the table is not read further.
Sheets and files that are not contract tables are reported as warnings and left alone.

Before any of that, oversized() can measure files against Limits without reading them: the
file's size; its expanded size (a CSV as it is, a Parquet file's uncompressed column data from
its footer, a workbook's members unzipped, from its central directory); and the records of each
table it holds (a Parquet file's row count from its footer, a CSV's lines counted in chunks, a
sheet's rows counted in its XML, streamed; the dimension a sheet declares can be wrong).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from queries import contract
from queries.ingest.encodings import EncodingRefused, decode
from queries.ingest.validation import ERROR, WARNING, Finding, Incoming

FORMATS = (".csv", ".xlsx", ".parquet")
# Excel's lock files (~$book.xlsx) and editors' backups are never tables.
_SKIP_PREFIXES = (".", "~$")
_SHOWN_CHARS = 60
SHEET_IGNORED = "sheet is not a contract table; it was not read"


@dataclass(frozen=True)
class Located:
    table: str
    path: Path
    sheet: str | None = None

    @property
    def label(self) -> str:
        return f"{self.path.name}[{self.sheet}]" if self.sheet else self.path.name


@dataclass
class FileInfo:
    """What was read, for the load's record: file, format, encoding, rows."""

    table: str
    file: str
    format: str
    encoding: str = ""
    rows: int = 0


@dataclass
class Found:
    located: dict[str, Located] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    """What the files of one load may hold, each checked before anything is read; None is no
    limit. file_bytes: a file's size; expanded_bytes: its expanded size; rows: records per
    table (a header row is not counted)."""

    file_bytes: int | None = None
    expanded_bytes: int | None = None
    rows: int | None = None
    # the setting that changes each limit, named in its refusals: {"rows": "EMULATION_…"}
    settings: Mapping[str, str] = field(default_factory=dict)

    def name(self, limit: str) -> str:
        return self.settings.get(limit, "")


_CHUNK = 1 << 20
# The start of a row element in a sheet's XML (<row ...>, or <x:row ...> with a prefix).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")
_ROW_TAG_LONGEST = 40


def _lines(path: Path) -> int:
    """Lines in a text file, counted in chunks: line feeds or, in a file of carriage returns
    alone, those; a last line without its end counts too."""
    lf = cr = 0
    last = b""
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            lf += chunk.count(b"\n")
            cr += chunk.count(b"\r")
            last = chunk[-1:]
    return max(lf, cr) + (1 if last not in (b"", b"\n", b"\r") else 0)


def _count_row_tags(stream) -> int:
    """<row> elements in a sheet's XML, read in chunks (a tag may cross two chunks)."""
    n = 0
    tail = b""
    while chunk := stream.read(_CHUNK):
        data = tail + chunk
        keep = len(data) - _ROW_TAG_LONGEST
        n += sum(1 for m in _ROW_TAG.finditer(data) if m.start() < keep)
        tail = data[max(keep, 0) :]
    return n + sum(1 for _ in _ROW_TAG.finditer(tail))


def _xlsx_sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the member holding its XML: the package's link to its workbook,
    the workbook's sheets, and the workbook's links to their parts."""
    import posixpath
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    pkg = "{http://schemas.openxmlformats.org/package/2006/relationships}"

    def links(part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        found = ElementTree.fromstring(z.read(posixpath.join(folder, "_rels", f"{name}.rels")))
        out = {}
        for r in found.iter(f"{pkg}Relationship"):
            target = r.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[r.get("Id", "")] = (r.get("Type", ""), posixpath.normpath(full))
        return out

    book = next(t for kind, t in links("").values() if kind.endswith("/officeDocument"))
    sheets = links(book)
    return {
        s.get("name", ""): sheets[s.get(f"{rel}id", "")][1]
        for s in ElementTree.fromstring(z.read(book)).iter(f"{main}sheet")
    }


def _is_table_sheet(sheet: str, stem: str, sheets: int) -> str | None:
    """The table a sheet would be read as (as _locate_file decides), if any."""
    if sheet.strip() in contract.BY_NAME:
        return sheet.strip()
    return stem if stem in contract.BY_NAME and sheets == 1 else None


def measure(path: Path) -> tuple[int, dict[str, tuple[str, int]]]:
    """A file's expanded size, and the records of each table it may hold (by file, or sheet,
    label: table and records), read from its metadata or counted in a stream; nothing is
    parsed into rows. A workbook's records are counted apart (_xlsx_rows): that reads it."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return path.stat().st_size, {path.name: (path.stem, max(_lines(path) - 1, 0))}
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        expanded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        return expanded, {path.name: (path.stem, meta.num_rows)}
    with zipfile.ZipFile(path) as z:
        expanded = sum(i.file_size for i in z.infolist())
        return expanded, {}


def _xlsx_rows(path: Path) -> dict[str, tuple[str, int]]:
    with zipfile.ZipFile(path) as z:
        parts = _xlsx_sheet_parts(z)
        rows = {}
        for sheet, part in parts.items():
            table = _is_table_sheet(sheet, path.stem, len(parts))
            if table is not None:
                with z.open(part) as stream:
                    rows[f"{path.name}[{sheet}]"] = (table, max(_count_row_tags(stream) - 1, 0))
        return rows


def _files(sources: Sequence[Path]) -> list[Path]:
    out = []
    for source in sources:
        if source.is_dir():
            out += [
                p
                for p in sorted(source.iterdir())
                if p.is_file()
                and not p.name.startswith(_SKIP_PREFIXES)
                and p.suffix.lower() in FORMATS
            ]
        elif source.is_file() and source.suffix.lower() in FORMATS:
            out.append(source)
    return out


def _mb(n: int) -> str:
    return f"{n / 1024**2:,.1f} MB"


def _refusal(table: str, label: str, what: str, setting: str) -> Finding:
    named = f" (set by {setting})" if setting else ""
    rule = f"{label}: {what}{named}; nothing was read"
    return Finding(ERROR, table, label, None, "", "", rule)


def file_too_big(name: str, size: int, limits: Limits) -> Finding | None:
    """The refusal of a file of size bytes named name, if it is over limits.file_bytes."""
    if limits.file_bytes is None or size <= limits.file_bytes:
        return None
    stem = Path(name).stem
    what = f"the file is {_mb(size)}, more than the {_mb(limits.file_bytes)} allowed"
    table = stem if stem in contract.BY_NAME else ""
    return _refusal(table, name, what, limits.name("file_bytes"))


def oversized(sources: Sequence[Path], limits: Limits) -> list[Finding]:
    """Files beyond the limits, one finding each naming the file, the limit and the actual
    figure, found before any file is read: the size first, then the expanded size, then the
    records of each table. A workbook that cannot be measured is refused as unreadable."""
    findings: list[Finding] = []
    for path in _files(sources):
        stem_table = path.stem if path.stem in contract.BY_NAME else ""
        too_big = file_too_big(path.name, path.stat().st_size, limits)
        if too_big is not None:
            findings.append(too_big)
            continue
        try:
            expanded, rows = measure(path)
            if limits.expanded_bytes is not None and expanded > limits.expanded_bytes:
                what = (
                    f"its contents take {_mb(expanded)} once expanded, more than the "
                    f"{_mb(limits.expanded_bytes)} allowed"
                )
                findings.append(
                    _refusal(stem_table, path.name, what, limits.name("expanded_bytes"))
                )
                continue
            if limits.rows is None:
                continue
            if path.suffix.lower() == ".xlsx":
                rows = _xlsx_rows(path)
        except Exception as exc:  # a damaged file
            if path.suffix.lower() != ".xlsx":
                continue  # the reader says so, in its own words, and reads nothing
            rule = f"{path.name} cannot be read as an Excel workbook: {_first_line(exc)}"
            findings.append(Finding(ERROR, stem_table, path.name, None, "", "", rule))
            continue
        for label, (table, n) in rows.items():
            if n > limits.rows:
                what = f"the table holds {n:,} records, more than the {limits.rows:,} allowed"
                findings.append(_refusal(table, label, what, limits.name("rows")))
    return findings


def _sheets(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _locate_file(path: Path, named: bool, found: Found) -> list[Located]:
    """The tables one file holds; named is true when the user gave this file explicitly."""
    suffix = path.suffix.lower()
    stem = path.stem
    if suffix in (".csv", ".parquet"):
        if stem in contract.BY_NAME:
            return [Located(stem, path)]
        severity = ERROR if named else WARNING
        found.findings.append(
            Finding(
                severity,
                "",
                path.name,
                None,
                "",
                path.name,
                "file is not named after a contract table" + ("" if named else "; it was not read"),
            )
        )
        return []
    try:
        sheets = _sheets(path)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        found.findings.append(
            Finding(
                ERROR,
                stem if stem in contract.BY_NAME else "",
                path.name,
                None,
                "",
                "",
                f"{path.name} cannot be read as an Excel workbook: {_first_line(exc)}",
            )
        )
        return []
    tables = [s for s in sheets if s.strip() in contract.BY_NAME]
    if tables:
        out = [Located(s.strip(), path, s) for s in tables]
    elif stem in contract.BY_NAME and len(sheets) == 1:
        return [Located(stem, path, sheets[0])]
    elif stem in contract.BY_NAME:
        found.findings.append(
            Finding(
                ERROR,
                stem,
                path.name,
                None,
                "",
                ", ".join(sheets),
                f"workbook has {len(sheets)} sheets and none is named {stem}: name the "
                "sheet that holds the table",
            )
        )
        return []
    else:
        found.findings.append(
            Finding(
                ERROR if named else WARNING,
                "",
                path.name,
                None,
                "",
                ", ".join(sheets),
                "workbook has no sheet named after a contract table"
                + ("" if named else "; it was not read"),
            )
        )
        return []
    for s in sheets:
        if s not in tables:
            found.findings.append(
                Finding(
                    WARNING,
                    "",
                    path.name,
                    None,
                    "",
                    s,
                    SHEET_IGNORED,
                )
            )
    return out


def locate(sources: Sequence[Path]) -> Found:
    """Which file (and sheet) holds each table; files that hold none are reported."""
    found = Found()
    candidates: list[tuple[Path, bool]] = []
    for source in sources:
        if source.is_dir():
            for path in sorted(source.iterdir()):
                if not path.is_file() or path.name.startswith(_SKIP_PREFIXES):
                    continue
                if path.suffix.lower() in FORMATS:
                    candidates.append((path, False))
                elif path.suffix.lower() in (".xls", ".xlsm", ".ods", ".tsv", ".txt"):
                    found.findings.append(
                        Finding(
                            WARNING,
                            "",
                            path.name,
                            None,
                            "",
                            path.name,
                            "format not read (use .csv, .xlsx or .parquet); it was not read",
                        )
                    )
        elif source.is_file():
            if source.suffix.lower() not in FORMATS:
                found.findings.append(
                    Finding(
                        ERROR,
                        "",
                        source.name,
                        None,
                        "",
                        source.name,
                        "format not read: give a .csv, .xlsx or .parquet file",
                    )
                )
                continue
            candidates.append((source, True))
        else:
            kind = "file" if source.suffix.lower() in FORMATS else "folder"
            found.findings.append(
                Finding(ERROR, str(source), "", None, "", "", f"source {kind} does not exist")
            )
    for path, named in candidates:
        for loc in _locate_file(path, named, found):
            if loc.table in found.located:
                other = found.located[loc.table]
                found.findings.append(
                    Finding(
                        ERROR,
                        loc.table,
                        loc.label,
                        None,
                        "",
                        f"{other.label} and {loc.label}",
                        "table is given twice; keep one file (or sheet) per table",
                    )
                )
            else:
                found.located[loc.table] = loc
    return found


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _frame(
    header: list[str], records: list[list], rows: list[int]
) -> tuple[pl.DataFrame, pl.Series]:
    data = {h: [r[i] for r in records] for i, h in enumerate(header)}
    frame = pl.DataFrame(data, schema={h: pl.String for h in header})
    return frame, pl.Series("row", rows, dtype=pl.Int64)


def _header(cells: list[str], loc: Located, row: int, findings: list[Finding]) -> list[str] | None:
    names = [c.strip().lstrip("\ufeff") for c in cells]
    seen: set[str] = set()
    ok = True
    for i, n in enumerate(names, start=1):
        if not n:
            findings.append(
                Finding(ERROR, loc.table, loc.label, row, f"(column {i})", "", "column has no name")
            )
            ok = False
        elif n in seen:
            findings.append(
                Finding(ERROR, loc.table, loc.label, row, n, n, "column is named twice")
            )
            ok = False
        seen.add(n)
    return names if ok else None


def read_csv(loc: Located, info: FileInfo) -> tuple[Incoming | None, list[Finding]]:
    findings: list[Finding] = []
    data = loc.path.read_bytes()
    if not data.strip():
        rule = "file is empty: it has no header row"
        return None, [Finding(ERROR, loc.table, loc.label, None, "", "", rule)]
    try:
        decoded = decode(data, loc.label)
    except EncodingRefused as exc:
        value = "" if exc.offset is None else f"byte offset {exc.offset}"
        return None, [Finding(ERROR, loc.table, loc.label, None, "", value, str(exc))]
    info.encoding = decoded.encoding
    text = decoded.text
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    width = 0
    records: list[list[str]] = []
    rows: list[int] = []
    row = 0
    try:
        for record in reader:
            row += 1
            if header is None:
                header = _header(record, loc, row, findings)
                if header is None:
                    return None, findings
                width = len(header)
                continue
            if not record:
                continue  # a blank line: a blank spreadsheet row, not a record
            if len(record) != width:
                # A blank trailing field from a spreadsheet's extra comma is not data.
                while len(record) > width and record[-1].strip() == "":
                    record = record[:-1]
                if len(record) != width:
                    findings.append(
                        Finding(
                            ERROR,
                            loc.table,
                            loc.label,
                            row,
                            "",
                            f"{len(record)} fields: {_short(','.join(record))}",
                            f"row has a different number of fields than the header ({width})",
                        )
                    )
                    continue
            records.append(record)
            rows.append(row)
    except csv.Error as exc:
        findings.append(
            Finding(
                ERROR,
                loc.table,
                loc.label,
                row + 1,
                "",
                "",
                f"cannot be read as CSV ({exc}): is the file truncated or a quote unclosed?",
            )
        )
        return None, findings
    if header is None:
        rule = "file is empty: it has no header row"
        return None, [Finding(ERROR, loc.table, loc.label, None, "", "", rule)]
    if findings and findings[-1].row == row and not text.endswith(("\n", "\r")):
        # the last row was cut short: say so, so the user looks for a truncated file
        findings[-1] = replace(
            findings[-1], rule="file ends in the middle of a row: it is truncated"
        )
    if findings:
        return None, findings
    frame, row_numbers = _frame(header, records, rows)
    info.rows = frame.height
    return Incoming(contract.BY_NAME[loc.table], loc.label, frame, row_numbers), findings


def _excel_text(v) -> str | None:
    """A cell as the text a CSV export would hold, so both are checked the same way."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def read_xlsx(loc: Located, info: FileInfo) -> tuple[Incoming | None, list[Finding]]:
    import openpyxl

    findings: list[Finding] = []
    wb = openpyxl.load_workbook(loc.path, read_only=True, data_only=True)
    try:
        ws = wb[loc.sheet]
        header: list[str] | None = None
        records: list[list[str | None]] = []
        rows: list[int] = []
        names = set(contract.BY_NAME[loc.table].column_names)
        for row, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
            cells = [_excel_text(v) for v in values]
            if header is None:
                if not any(c is not None and c.strip() in names for c in cells):
                    continue  # a title or blank rows above the header
                while cells and (cells[-1] is None or not cells[-1].strip()):
                    cells.pop()
                header = _header([c or "" for c in cells], loc, row, findings)
                if header is None:
                    return None, findings
                continue
            if all(c is None or not str(c).strip() for c in cells):
                continue
            extra = [c for c in cells[len(header) :] if c is not None and c.strip()]
            if extra:
                findings.append(
                    Finding(
                        ERROR,
                        loc.table,
                        loc.label,
                        row,
                        "",
                        _short(", ".join(extra)),
                        "row has values beyond the last named column",
                    )
                )
                continue
            cells = (cells + [None] * len(header))[: len(header)]
            records.append(cells)
            rows.append(row)
    finally:
        wb.close()
    info.encoding = ""
    if header is None:
        rule = "sheet has no header row (no row names a column of the table)"
        return None, [Finding(ERROR, loc.table, loc.label, None, "", "", rule)]
    if findings:
        return None, findings
    frame, row_numbers = _frame(header, records, rows)
    info.rows = frame.height
    return Incoming(contract.BY_NAME[loc.table], loc.label, frame, row_numbers), findings


def read_parquet(loc: Located, info: FileInfo) -> tuple[Incoming | None, list[Finding]]:
    frame = pl.read_parquet(loc.path)
    info.rows = frame.height
    # Parquet has no header row; its first record is numbered 2, as in the CSV it replaces.
    rows = pl.int_range(2, frame.height + 2, eager=True, dtype=pl.Int64)
    return Incoming(contract.BY_NAME[loc.table], loc.label, frame, rows), []


READERS = {".csv": read_csv, ".xlsx": read_xlsx, ".parquet": read_parquet}


def read(loc: Located) -> tuple[Incoming | None, FileInfo, list[Finding]]:
    """One located table, read; or the findings that say why it could not be."""
    suffix = loc.path.suffix.lower()
    info = FileInfo(loc.table, loc.label, suffix.lstrip("."))
    try:
        incoming, findings = READERS[suffix](loc, info)
    except Exception as exc:  # a damaged file fails inside pyarrow, polars or openpyxl
        rule = f"{loc.label} cannot be read: {_first_line(exc)}"
        return None, info, [Finding(ERROR, loc.table, loc.label, None, "", "", rule)]
    return incoming, info, findings
