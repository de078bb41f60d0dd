"""Check contract tables row by row and say, for every problem, where it is and which rule.

The rules are those of queries.contract and nowhere else: for each table a dataframely schema
is derived from its Table (types, required values, ranges, allowed values, the key, its row
rules, its references and the cross-table team-of-unit rule), so that adding a rule to the
contract adds it here.

Why dataframely: it is Polars-native (no pandas round trip, no row loops) and works with
Polars 2.1 here; its ``Schema.filter`` evaluates every rule on every row at once and returns,
per row, which rules failed (``FailureInfo.details``), which is exactly what a row-level
report needs; its rules are plain Polars expressions, so the contract's ``RowRule.broken``
expressions are used as they are. pandera[polars] also installs, but reports custom checks
per frame rather than per row and brings pydantic and typeguard with it; patito is a pydantic
layer over the same ideas.

Casting text to the contract's types happens before the schema (a cell that does not fit
its type is reported once, as such, and is not reported again as missing), and so do checks
that no schema can express: cells of the wrong type, keys already loaded (appends), and the
warnings that do not block a load (a team without output for a month, accidents outside the
days their unit reports, a team that joined before its unit launched).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import dataframely as dy
import polars as pl

from queries import contract
from queries.contract import BOOL, DATE, FLOAT, INT, TEXT, Table

ERROR, WARNING = "error", "warning"
ROW = "_row"  # the row number a user would look up: header = row 1
EXAMPLES = 5  # rows quoted in a one-line message; the report CSV has them all

TYPE_WORDS = {
    TEXT: "text",
    DATE: "a date (YYYY-MM-DD)",
    INT: "a whole number",
    FLOAT: "a finite number",
    BOOL: "true or false",
}
_DY_TYPES = {TEXT: dy.String, DATE: dy.Date, INT: dy.Int64, FLOAT: dy.Float64, BOOL: dy.Bool}

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


# --- casting ---------------------------------------------------------------------------------


@dataclass
class Incoming:
    """One table as read from a file: raw columns, and each record's row number."""

    table: Table
    file: str
    raw: pl.DataFrame
    rows: pl.Series


@dataclass
class Typed:
    """One table cast to the contract: a ROW column, then the contract's columns."""

    table: Table
    file: str
    frame: pl.DataFrame
    unreadable: dict[str, set[int]] = field(default_factory=dict)
    # False when columns are missing: its keys are unknown, so nothing is checked against them
    complete: bool = True


def _cast(raw: pl.Series, type_: str) -> pl.Series:
    """Cast one column to its contract type; values that do not fit become null."""
    if raw.dtype == pl.String:
        s = raw.str.strip_chars()
        s = s.set(s == "", None) if s.len() else s
        if type_ == TEXT:
            return s
        if type_ == DATE:
            return s.str.to_date("%Y-%m-%d", strict=False)
        if type_ == BOOL:
            lowered = s.str.to_lowercase()
            return (
                pl.select(
                    pl.when(lowered.is_in(["true", "1", "yes"]))
                    .then(True)
                    .when(lowered.is_in(["false", "0", "no"]))
                    .then(False)
                    .otherwise(None)
                )
                .to_series()
                .alias(raw.name)
            )
        if type_ == INT:
            return s.cast(pl.Int64, strict=False)
        if type_ == FLOAT:
            return s.cast(pl.Float64, strict=False)
    if type_ == INT and raw.dtype.is_float():
        # 3.0 is a fine integer; 3.5 is not.
        whole = raw.is_null() | (raw == raw.round(0))
        return raw.set(~whole, None).cast(pl.Int64, strict=False)
    return raw.cast(contract.POLARS_TYPES[type_], strict=False)


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def cast(incoming: Incoming) -> tuple[Typed, list[Finding]]:
    """The table in contract types, and the columns and cells that do not fit."""
    table, raw, file = incoming.table, incoming.raw, incoming.file
    findings: list[Finding] = []
    missing = [c for c in table.column_names if c not in raw.columns]
    unknown = [c for c in raw.columns if c not in table.column_names]
    for c in missing:
        findings.append(
            Finding(ERROR, table.name, file, None, c, "", f"required column is missing from {file}")
        )
    for c in unknown:
        findings.append(
            Finding(ERROR, table.name, file, None, c, c, f"column is not in the contract ({file})")
        )
    if missing:
        return Typed(table, file, empty(table), complete=False), findings
    rows = incoming.rows.cast(pl.Int64).alias(ROW)
    columns = [rows]
    unreadable: dict[str, set[int]] = {}
    for col in table.columns:
        original = raw[col.name]
        typed = _cast(original, col.type)
        blank = original.is_null()
        if original.dtype == pl.String:
            blank = blank | (original.str.strip_chars() == "")
        bad = typed.is_null() & ~blank
        if col.type == FLOAT:
            # NaN and infinity pass every range check and poison every sum: refuse them.
            not_finite = (typed.is_nan() | typed.is_infinite()).fill_null(False)
            bad = bad | not_finite
            typed = typed.set(not_finite, None)
        bad = bad.fill_null(False)
        if bad.any():
            hit_rows = rows.filter(bad).to_list()
            unreadable[col.name] = set(hit_rows)
            rule = f"must be {TYPE_WORDS[col.type]}"
            for r, v in zip(hit_rows, original.filter(bad).to_list(), strict=True):
                findings.append(Finding(ERROR, table.name, file, r, col.name, _text(v), rule))
        columns.append(typed.alias(col.name))
    return Typed(table, file, pl.DataFrame(columns), unreadable), findings


def empty(table: Table) -> pl.DataFrame:
    return pl.DataFrame(schema={ROW: pl.Int64, **table.polars_schema})


# --- the schema derived from the contract ----------------------------------------------------


def _rule(expr: pl.Expr):
    def valid(cls) -> pl.Expr:
        return expr

    return dy.rule()(valid)


def _column(table: Table, col: contract.Column) -> dy.Column:
    kw: dict[str, Any] = {"nullable": col.nullable, "primary_key": col.name in table.key}
    if col.type in (INT, FLOAT):
        if col.minimum is not None:
            kw["min_exclusive" if col.exclusive_minimum else "min"] = col.minimum
        if col.maximum is not None:
            kw["max"] = col.maximum
    if col.allowed:
        allowed = list(col.allowed)
        kw["check"] = lambda c: c.is_in(allowed)
    return _DY_TYPES[col.type](**kw)


@dataclass(frozen=True)
class _Rule:
    """How a dataframely rule is reported: the column named, the words, the value quoted."""

    column: str
    words: str
    show: tuple[str, ...]


def _key_set(frames: list[pl.DataFrame], columns: tuple[str, ...]) -> pl.Series:
    keys = pl.concat([f.select(columns) for f in frames]).drop_nulls().unique()
    return keys.to_series() if len(columns) == 1 else keys.select(pl.struct(columns)).to_series()


def _team_units(known: dict[str, list[pl.DataFrame]]) -> pl.DataFrame:
    teams = pl.concat([f.select("team_id", "workshop_id") for f in known["teams"]])
    workshops = pl.concat([f.select("workshop_id", "unit_id") for f in known["workshops"]])
    # a team or workshop given twice is reported by its key rule; here the first one counts
    return (
        teams.drop_nulls("team_id")
        .unique("team_id", keep="first", maintain_order=True)
        .join(workshops.unique("workshop_id", keep="first"), on="workshop_id")
        .select("team_id", pl.col("unit_id").alias("team_unit"))
    )


def schema_for(
    table: Table, known: dict[str, list[pl.DataFrame]]
) -> tuple[type[dy.Schema], dict[str, _Rule]]:
    """The dataframely schema of one table, and how each of its rules is reported.

    known holds, per table, the frames whose keys references may match (the incoming table
    and, for an append, what is already loaded); a reference to a table that could not be
    read is left out, since every row would be reported against it.
    """
    attrs: dict[str, Any] = {ROW: dy.Int64()}
    how: dict[str, _Rule] = {}
    for col in table.columns:
        attrs[col.name] = _column(table, col)
        how[f"{col.name}|nullability"] = _Rule(col.name, "a value is required", ())
        if col.minimum is not None:
            op, kind = (">", "min_exclusive") if col.exclusive_minimum else (">=", "min")
            how[f"{col.name}|{kind}"] = _Rule(
                col.name, f"must be {op} {col.minimum:g}", (col.name,)
            )
        if col.maximum is not None:
            how[f"{col.name}|max"] = _Rule(col.name, f"must be <= {col.maximum:g}", (col.name,))
        if col.allowed:
            how[f"{col.name}|check"] = _Rule(
                col.name, "must be one of " + ", ".join(col.allowed), (col.name,)
            )
    how["primary_key"] = _Rule(" + ".join(table.key), "key must be unique", table.key)
    for i, rule in enumerate(table.row_rules):
        name = f"row_{i}_{rule.name}"
        attrs[name] = _rule(~rule.broken.fill_null(False))
        how[name] = _Rule(rule.columns[0], rule.description, (rule.columns[0],))
    for i, ref in enumerate(table.references):
        if not known.get(ref.table):
            continue
        targets = [
            f.rename(dict(zip(ref.target, ref.columns, strict=True))) for f in known[ref.table]
        ]
        keys = _key_set(targets, ref.columns)
        value = pl.col(ref.columns[0]) if len(ref.columns) == 1 else pl.struct(ref.columns)
        has_null = pl.any_horizontal([pl.col(c).is_null() for c in ref.columns])
        name = f"ref_{i}_{ref.table}"
        attrs[name] = _rule(has_null | value.is_in(keys.implode()))
        how[name] = _Rule(
            ref.columns[0], f"must match a {ref.table}.{', '.join(ref.target)}", ref.columns
        )
    for table_name, rule_name, description in contract.CROSS_TABLE_RULES:
        if table_name != table.name or not (known.get("teams") and known.get("workshops")):
            continue
        pairs = _team_units(known)
        units = _key_set(known["units"], ("unit_id",)) if known.get("units") else None
        unit = pl.col("team_id").replace_strict(
            pairs["team_id"], pairs["team_unit"], default=None, return_dtype=pl.String
        )
        # A team or unit that is not found is reported by its reference rule, not again here.
        valid = unit.is_null() | (unit == pl.col("unit_id"))
        if units is not None:
            valid = valid | ~unit.is_in(units.implode()) | ~pl.col("unit_id").is_in(units.implode())
        attrs[rule_name] = _rule(valid)
        how[rule_name] = _Rule("team_id", description, ("team_id",))
    schema = type(f"{table.name.title()}Schema", (dy.Schema,), attrs)
    return schema, how


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return repr(v)
    return str(v)


def check(typed: Typed, known: dict[str, list[pl.DataFrame]]) -> list[Finding]:
    """Every rule of the contract on every row of one cast table."""
    table, df = typed.table, typed.frame
    schema, how = schema_for(table, known)
    _, failure = schema.filter(df)
    if len(failure) == 0:
        return []
    details = failure.details()
    findings: list[Finding] = []
    for name, rule in how.items():
        if name not in details.columns:
            continue
        hits = details.filter(pl.col(name) == "invalid")
        if rule.words == "a value is required" and rule.column in typed.unreadable:
            # already reported as the wrong type
            hits = hits.filter(~pl.col(ROW).is_in(list(typed.unreadable[rule.column])))
        if hits.is_empty():
            continue
        hits = hits.sort(ROW)
        shown = _shown(hits, rule.show)
        for r, v in zip(hits[ROW].to_list(), shown, strict=True):
            findings.append(
                Finding(ERROR, table.name, typed.file, r, rule.column, v or "", rule.words)
            )
    return findings


def _shown(rows: pl.DataFrame, columns: tuple[str, ...]) -> list[str]:
    """The value a message quotes for each row: one cell, or a key's cells joined."""
    if not columns:
        return [""] * rows.height
    if len(columns) == 1:
        return [_cell(v) for v in rows[columns[0]].to_list()]
    joined = pl.concat_str([pl.col(c).cast(pl.String) for c in columns], separator=", ")
    return rows.select(joined).to_series().to_list()


def already_loaded(typed: Typed, existing: pl.DataFrame) -> list[Finding]:
    """Rows of an append whose key is in the current database already (e.g. a team-day)."""
    key = list(typed.table.key)
    clash = typed.frame.join(existing.select(key).unique(), on=key, how="semi").sort(ROW)
    label = " + ".join(key)
    return [
        Finding(
            ERROR,
            typed.table.name,
            typed.file,
            r,
            label,
            v,
            "key is already loaded in the current database",
        )
        for r, v in zip(clash[ROW].to_list(), _shown(clash, typed.table.key), strict=True)
    ]


# --- warnings: worth a look, but they do not stop a load --------------------------------------


def warnings(tables: dict[str, pl.DataFrame], files: dict[str, str]) -> list[Finding]:
    """Oddities in a whole (valid) campaign that a user should look at."""
    out: list[Finding] = []
    daily = tables["daily_output"]
    out += _months_without_output(daily, tables["teams"], files.get("daily_output", ""))
    out += _accidents_outside_output(tables, files.get("accidents", ""))
    out += _joined_before_launch(tables, files.get("teams", ""))
    return out


def _months_without_output(daily: pl.DataFrame, teams: pl.DataFrame, file: str) -> list[Finding]:
    if daily.is_empty():
        return []
    first, last = daily["day"].min(), daily["day"].max()
    months = pl.date_range(first, last, "1mo", eager=True).dt.truncate("1mo")
    months = pl.concat([months, pl.Series([last]).dt.truncate("1mo")]).unique().sort()
    reported = daily.select("team_id", month=pl.col("day").dt.truncate("1mo")).unique()
    expected = teams.select("team_id").join(pl.DataFrame({"month": months}), how="cross")
    gaps = expected.join(reported, on=["team_id", "month"], how="anti").sort("team_id", "month")
    rule = NO_OUTPUT_MONTH
    return [
        Finding(WARNING, "daily_output", file, None, "team_id", f"{team} {month:%Y-%m}", rule)
        for team, month in gaps.iter_rows()
    ]


def _accidents_outside_output(tables: dict[str, pl.DataFrame], file: str) -> list[Finding]:
    spans = (
        tables["daily_output"]
        .join(tables["teams"].select("team_id", "workshop_id"), on="team_id")
        .join(tables["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .group_by("unit_id")
        .agg(first=pl.col("day").min(), last=pl.col("day").max())
    )
    acc = tables["accidents"]
    if ROW not in acc.columns:
        acc = acc.with_columns(pl.lit(None, pl.Int64).alias(ROW))
    outside = (
        acc.join(spans, on="unit_id", how="left")
        .filter(
            pl.col("first").is_null()
            | (pl.col("occurred_on") < pl.col("first"))
            | (pl.col("occurred_on") > pl.col("last"))
        )
        .sort(ROW)
    )
    rule = ACCIDENT_OUTSIDE_OUTPUT
    return [
        Finding(WARNING, "accidents", file, r, "occurred_on", f"{a} {d}", rule)
        for r, a, d in outside.select(ROW, "accident_id", "occurred_on").iter_rows()
    ]


def _joined_before_launch(tables: dict[str, pl.DataFrame], file: str) -> list[Finding]:
    teams = tables["teams"]
    if ROW not in teams.columns:
        teams = teams.with_columns(pl.lit(None, pl.Int64).alias(ROW))
    early = (
        teams.join(tables["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .join(tables["units"].select("unit_id", "launched_on"), on="unit_id")
        .filter(
            pl.col("joined_on").is_not_null()
            & (pl.col("launched_on").is_null() | (pl.col("joined_on") < pl.col("launched_on")))
        )
        .sort(ROW)
    )
    rule = JOINED_BEFORE_LAUNCH
    return [
        Finding(
            WARNING,
            "teams",
            file,
            r,
            "joined_on",
            f"{t} {j} (unit {u}: {lo or 'not launched'})",
            rule,
        )
        for r, t, j, u, lo in early.select(
            ROW, "team_id", "joined_on", "unit_id", "launched_on"
        ).iter_rows()
    ]
