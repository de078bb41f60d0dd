"""Files a user downloads (CSV, Excel): cells that open as data, never as formulas.

A campaign's text comes from its files and the SQL box from whoever types in it, so a cell may
read ``=HYPERLINK("http://…")`` or ``@SUM(A1)``; a spreadsheet that opens it as written runs it
(OWASP, "CSV Injection"). Every export goes through the two writers here:

- to_csv(df): UTF-8 without a byte-order mark, as Polars writes it (the downloads were
  written so before). A text cell, or a column name, that begins with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading ``'``, so that a spreadsheet shows it as
  text; the ``'`` is part of the value then, as OWASP advises. Numbers stay numbers: numeric
  columns are written as they are (-2 is a number, not a formula), and so is a text cell that
  is nothing but a number (``-2``, ``+1.5``), which a spreadsheet reads as that number anyway.
- to_xlsx(sheets): every text cell is written as a string (xlsxwriter's strings_to_formulas
  and strings_to_urls off) and marked as text (quote prefix), so that ``=1+1`` is shown as it
  is and stays text even when the cell is edited; numbers are written as numbers, dates as
  dates.

Lists and structs (the SQL box may return them) are written as their JSON text in both.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping

import polars as pl

# What a spreadsheet may take for the start of a formula (OWASP).
RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
_RISKY = r"^[=+\-@\t\r]"
_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"


def safe_text(value: str) -> str:
    """value as a CSV cell a spreadsheet shows as text: with a leading ' where it could start
    a formula (a plain number is left as it is)."""
    if value.startswith(RISKY_FIRST) and not re.match(_NUMBER, value):
        return "'" + value
    return value


def _as_json(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, pl.Series):
        value = value.to_list()
    if isinstance(value, bytes):
        return value.hex()
    return json.dumps(value, ensure_ascii=False, default=str)


def _plain(df: pl.DataFrame) -> pl.DataFrame:
    """Nested and binary columns as text; categorical and enum columns as plain strings."""
    out = []
    for name, dtype in df.schema.items():
        if dtype.is_nested() or dtype in (pl.Binary, pl.Object):
            out.append(pl.Series(name, [_as_json(v) for v in df[name].to_list()], pl.String))
        elif isinstance(dtype, pl.Categorical | pl.Enum):
            out.append(df[name].cast(pl.String))
    return df.with_columns(out) if out else df


def _safe_column(name: str) -> pl.Expr:
    col = pl.col(name)
    risky = col.str.contains(_RISKY) & ~col.str.contains(_NUMBER)
    return pl.when(risky).then(pl.lit("'") + col).otherwise(col).alias(name)


def to_csv(df: pl.DataFrame) -> bytes:
    """df as CSV bytes (UTF-8, no BOM, a header row), with no cell a spreadsheet runs."""
    df = _plain(df)
    if not df.width:
        return b""
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow([safe_text(c) for c in df.columns])
    text = [name for name, dtype in df.schema.items() if dtype == pl.String]
    body = df.with_columns(_safe_column(c) for c in text).write_csv(include_header=False)
    return (header.getvalue() + body).encode("utf-8")


def to_xlsx(sheets: Mapping[str, pl.DataFrame]) -> bytes:
    """One workbook, a sheet per frame (named by its key), each a table with autofit columns;
    text as strings marked as text, numbers as numbers, dates as dates."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        for name, df in sheets.items():
            df = _plain(df)
            text = {c: {"quote_prefix": True} for c, t in df.schema.items() if t == pl.String}
            df.write_excel(workbook, worksheet=name, autofit=True, column_formats=text or None)
    return buffer.getvalue()
