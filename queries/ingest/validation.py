"""The loader's vocabulary for what is wrong with a source: findings, their kinds, the error.

Rule: words only. Each problem is a Finding at one place (file, spreadsheet row, column,
value, rule); the findings of one kind make a Violation, counted, with its first rows; a
ContractError carries every violation of a refused load. The rules themselves are checked in
DuckDB by queries.ingest.checks, from queries.contract; the warnings' words are named here so
that the app can translate them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from queries.contract import BOOL, DATE, FLOAT, INT, TEXT, Table

ERROR, WARNING = "error", "warning"
ROW = "_row"  # the row number a user would look up: header = row 1
EXAMPLES = 5  # rows quoted in a one-line message; the report CSV has up to its cap

TYPE_WORDS = {
    TEXT: "text",
    DATE: "a date (YYYY-MM-DD)",
    INT: "a whole number",
    FLOAT: "a finite number",
    BOOL: "true or false",
}

# Warnings, named so that the app can translate them.
NO_OUTPUT_MONTH = "team has no daily output for a whole month within the period of the data"
ACCIDENT_OUTSIDE_OUTPUT = "accident dated outside the days its unit reports daily output"
JOINED_BEFORE_LAUNCH = "team joined the emulation before its unit launched it"
NO_ROWS = "table has no rows"

# The dashboard shows nothing without these; the others may be empty.
NEEDS_ROWS = ("units", "workshops", "output_units", "teams", "daily_output")


@dataclass(frozen=True)
class Finding:
    """One problem at one place: a cell, a row, a column or a file."""

    severity: str
    table: str
    file: str
    row: int | None
    column: str
    value: str
    rule: str


@dataclass(frozen=True)
class Violation:
    """The findings of one kind (table, column, rule), counted, with their first rows."""

    table: str
    column: str
    rule: str
    count: int
    rows: tuple[int, ...] = ()
    values: tuple[str, ...] = ()
    file: str = ""
    severity: str = ERROR
    findings: tuple[Finding, ...] = field(default=(), compare=False, repr=False)

    def message(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        shown = ", ".join(
            f"row {r}" + (f" ({v})" if v else "")
            for r, v in zip(self.rows, self.values, strict=False)
        )
        more = f" and {self.count - len(self.rows)} more" if self.count > len(self.rows) else ""
        rows = f": {shown}{more}" if shown else ""
        return f"{where}: {self.rule} — {self.count} row(s){rows}"


class ContractError(Exception):
    """Raised when the source breaks the contract; carries every violation found."""

    def __init__(self, violations: list[Violation], warnings: Iterable[Violation] = ()):
        self.violations = violations
        self.warnings = list(warnings)
        super().__init__("\n".join(v.message() for v in violations))


def group(findings: Iterable[Finding]) -> list[Violation]:
    """Findings grouped by kind, in the order each kind was first found."""
    kinds: dict[tuple[str, str, str, str], list[Finding]] = {}
    for f in findings:
        kinds.setdefault((f.severity, f.table, f.column, f.rule), []).append(f)
    out = []
    for (severity, table, column, rule), items in kinds.items():
        located = [f for f in items if f.row is not None][:EXAMPLES]
        out.append(
            Violation(
                table=table,
                column=column,
                rule=rule,
                count=len(items),
                rows=tuple(f.row for f in located),  # type: ignore[misc]
                values=tuple(f.value for f in located),
                file=items[0].file,
                severity=severity,
                findings=tuple(items),
            )
        )
    return out


# --- what a reader hands over ----------------------------------------------------------------


@dataclass
class Incoming:
    """One table as read from a file: raw columns, and each record's row number."""

    table: Table
    file: str
    raw: pl.DataFrame
    rows: pl.Series
