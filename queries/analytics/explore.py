"""The Explore page's ad-hoc results: pick a source, filter any column, group, measure.

A source is one contract table or the joined view of daily output with its team, workshop
and unit (queries/sql/explore/<source>.sql, each applying the sidebar's unit filters where
the table reaches a unit). The builder wraps the source in a query of its own, and every
identifier in that query comes from a whitelist, never from what the user typed:

- the source from SOURCES (the contract's tables and the joined view);
- the columns from what the database reports for that source (`columns`);
- the functions from AGGREGATES and the metric definitions of queries/metrics.py.

A name that is not on its whitelist is refused with Invalid. Every value the user gives (a
range, a list of values, a text to look for, the date grain) is bound as a $parameter.

Rates are ratios of sums, computed by queries/metrics.py from the sums the query returns.
Physical quantities (tonnes, MWh, bales) are never added or averaged across output units: in
a group that mixes output units such a measure is left empty (refused), and the result says
how many groups that hit. Grouping by output_unit, or filtering to one, gives every value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import polars as pl

from queries import contract
from queries.analytics import metrics
from queries.analytics.filters import Filters
from queries.store import db


@dataclass(frozen=True)
class Source:
    name: str
    # The column the sidebar's period applies to; None for tables without a date of record.
    period_column: str | None
    # Whether the sidebar's bureau/industry/province/ownership/unit filters reach its rows.
    scoped: bool


# The joined view first: it answers most questions about output.
SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source("output_detail", "day", True),
        Source("units", None, True),
        Source("workshops", None, True),
        Source("teams", None, True),
        Source("output_units", None, False),
        Source("daily_output", "day", True),
        Source("accidents", "occurred_on", True),
        Source("proposals", "submitted_on", True),
        Source("events", "held_on", True),
        Source("cost_detail", "month", True),
        Source("unit_costs", "month", True),
        Source("unit_funds", "month", True),
        Source("unit_staff", "month", True),
    )
}
assert set(contract.BY_NAME) <= set(SOURCES), "every contract table is a source"
# The economic accounting tables are optional: a campaign without cost data is not offered
# them (a database older than them would fail on the first question).
COST_SOURCES = ("cost_detail", "unit_costs", "unit_funds", "unit_staff")


def offered_sources(has_cost_data: bool) -> list[str]:
    """The sources the builder offers, in SOURCES' order."""
    return [s for s in SOURCES if has_cost_data or s not in COST_SOURCES]


TEXT, DATE, INT, FLOAT, BOOL = contract.TEXT, contract.DATE, contract.INT, contract.FLOAT, "bool"
NUMERIC = (INT, FLOAT)
# Floats are measured, not grouped by: a group per distinct yuan amount answers nothing.
GROUPABLE = (TEXT, DATE, INT, BOOL)
MAX_GROUPS = 2
GRAINS = ("day", "week", "month")

AGGREGATES: dict[str, str] = {"sum": "sum", "mean": "avg", "min": "min", "max": "max"}
COUNT = "count"
METRIC = "metric"

# Quantities in the team's own output unit (contract: "in the team's output unit"). Summed,
# averaged or compared across output units they would add tonnes of coal to bales of yarn.
PHYSICAL = ("output_qty", "plan_qty", "team_plan_qty", "inspected_qty", "rejected_qty")
OUTPUT_UNIT = "output_unit"
# The result column saying how many output units a group holds, when that matters.
OUTPUT_UNITS = "output_units"
ROWS = "rows"

ROW_CAP = 10_000
# Beyond this many distinct values a text column is filtered by "contains", not a list.
OPTION_CAP = 200

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class Invalid(ValueError):
    """A request naming something that is not on a whitelist, or a malformed value."""

    def __init__(self, what: str, value: object):
        super().__init__(f"not a valid {what}: {value!r}")
        self.what = what
        self.value = value


@dataclass(frozen=True)
class Filter:
    """One column's filter: op "between" (values = (low, high), either may be None),
    "in" (values = the values kept) or "contains" (values = (text,))."""

    column: str
    op: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Spec:
    source: str
    filters: tuple[Filter, ...] = ()
    group_by: tuple[str, ...] = ()
    # "count", "sum:<column>", "mean:<column>", "min:<column>", "max:<column>" or
    # "metric:<metric name>". Rows are always counted.
    measures: tuple[str, ...] = ()
    grain: str = "day"


@dataclass(frozen=True)
class Result:
    frame: pl.DataFrame
    # More groups than the cap: only the first ROW_CAP (in group order) are kept.
    capped: bool
    # Groups whose physical measures were refused because they mix output units.
    mixed_groups: int
    # The result columns refused in those groups.
    refused: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """What a filter widget needs to know about one column, within scope and period."""

    kind: str
    distinct: int
    low: Any
    high: Any
    # The distinct values, when there are at most OPTION_CAP of them (text and bool only).
    values: tuple[Any, ...] | None


# --- whitelists --------------------------------------------------------------------------


def _kind(dtype: pl.DataType) -> str | None:
    if dtype == pl.String:
        return TEXT
    if dtype == pl.Date:
        return DATE
    if dtype == pl.Boolean:
        return BOOL
    if dtype.is_integer():
        return INT
    if dtype.is_float() or dtype.is_decimal():
        return FLOAT
    return None


def _source(name: str) -> Source:
    if name not in SOURCES:
        raise Invalid("source", name)
    return SOURCES[name]


def _source_sql(source: Source) -> str:
    return db.sql_text(f"explore/{source.name}").strip().rstrip(";")


# Aggregate awareness: a question about output_detail that groups and filters only on unit
# attributes and the day, and measures only sums unit_days keeps, is answered from its rollup,
# whose team_days column counts the team-day rows each of its rows stands for. At 10M
# team-days the default view reads 20 times fewer rows. Means, minima, maxima and physical
# quantities need the team-day rows themselves.
ROLLUP_SQL = "explore/output_detail_by_unit_day"
# What a row of the rollup is the same for as its team-day rows: filters and groups on these
# keep or split the same rows either way.
ROLLUP_KEYS = frozenset(
    {
        "day",
        "unit_id",
        "unit_zh",
        "unit_en",
        "bureau_zh",
        "bureau_en",
        "industry",
        "ownership",
        "province",
        "city",
        "launched_on",
    }
)
# Sums it keeps: measured only (a filter on one would test unit-days, not team-days).
ROLLUP_SUMS = frozenset(
    {
        "worker_hours",
        "output_value_yuan",
        "plan_value_yuan",
        "inspected_value_yuan",
        "rejected_value_yuan",
        "index_output",
        "index_worker_hours",
    }
)


def uses_rollup(spec: Spec, measures: list[_Measure]) -> bool:
    """Whether build() answers the spec from output_detail's unit-day rollup."""
    if spec.source != "output_detail":
        return False
    if not {*spec.group_by, *(flt.column for flt in spec.filters)} <= ROLLUP_KEYS:
        return False
    summed: set[str] = set()
    for m in measures:
        if m.metric:
            summed |= {m.metric.numerator, m.metric.denominator}
        elif m.kind == "sum":
            summed.add(m.column)
        else:
            return False
    return summed <= ROLLUP_SUMS


def _ident(name: str) -> str:
    # Names come from the whitelist; quoting still keeps one that needs it intact.
    return '"' + name.replace('"', '""') + '"'


def _execute(con: duckdb.DuckDBPyConnection, text: str, params: dict[str, Any]) -> pl.DataFrame:
    """Run generated SQL, binding exactly the $parameters it uses (as db.run does)."""
    used = set(_PARAM.findall(text))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"explore query needs parameters {sorted(missing)}")
    cur = con.cursor()
    try:
        return cur.sql(text, params={k: v for k, v in params.items() if k in used}).pl()
    finally:
        cur.close()


def _scope_params(f: Filters) -> dict[str, Any]:
    return {**f.scope_params(), "start": f.start, "end": f.end}


def columns(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """The source's columns and their kinds, as the database reports them."""
    src = _source(source)
    text = f"with source as (\n{_source_sql(src)}\n)\nselect * from source limit 0"
    empty = Filters(date(1900, 1, 1), date(1900, 1, 1))
    schema = _execute(con, text, _scope_params(empty)).schema
    return {name: kind for name, dtype in schema.items() if (kind := _kind(dtype))}


def group_columns(cols: dict[str, str]) -> list[str]:
    return [c for c, k in cols.items() if k in GROUPABLE]


def metrics_for(cols: dict[str, str]) -> list[metrics.Metric]:
    """The metric definitions whose numerator and denominator are both columns here."""
    return [
        m
        for m in metrics.METRICS
        if cols.get(m.numerator) in NUMERIC and cols.get(m.denominator) in NUMERIC
    ]


def measure_codes(cols: dict[str, str]) -> list[str]:
    """Every measure the source offers: metrics first, then aggregates of numeric columns."""
    codes = [f"{METRIC}:{m.name}" for m in metrics_for(cols)]
    for agg in AGGREGATES:
        codes += [f"{agg}:{c}" for c, k in cols.items() if k in NUMERIC]
    return codes


@dataclass(frozen=True)
class _Measure:
    code: str
    kind: str  # "sum"/"mean"/"min"/"max" or METRIC
    column: str | None = None
    metric: metrics.Metric | None = None

    @property
    def alias(self) -> str:
        return self.metric.name if self.metric else f"{self.kind}_{self.column}"


def parse_measure(code: str, cols: dict[str, str]) -> _Measure:
    kind, _, name = code.partition(":")
    if kind in AGGREGATES and cols.get(name) in NUMERIC:
        return _Measure(code, kind, column=_whitelisted(name, cols))
    if kind == METRIC and name in metrics.BY_NAME:
        m = metrics.BY_NAME[name]
        if m in metrics_for(cols):
            return _Measure(code, METRIC, metric=m)
    raise Invalid("measure", code)


def _whitelisted(name: str, cols: dict[str, str]) -> str:
    """The whitelist's own copy of a column name, so SQL never carries the caller's string."""
    for c in cols:
        if c == name:
            return c
    raise Invalid("column", name)


# --- the query ---------------------------------------------------------------------------


def _filter_sql(i: int, flt: Filter, cols: dict[str, str], params: dict[str, Any]) -> str | None:
    col = _whitelisted(flt.column, cols)
    kind, ident, p = cols[col], _ident(col), f"f{i}"
    if flt.op == "between" and kind in (*NUMERIC, DATE):
        if len(flt.values) != 2:
            raise Invalid("range", flt.values)
        parts = []
        for bound, op, value in (("lo", ">=", flt.values[0]), ("hi", "<=", flt.values[1])):
            if value is None:
                continue
            numeric_ok = isinstance(value, int | float) and not isinstance(value, bool)
            date_ok = isinstance(value, date)
            if not (date_ok if kind == DATE else numeric_ok):
                raise Invalid("range", value)
            params[f"{p}_{bound}"] = value
            parts.append(f"{ident} {op} ${p}_{bound}")
        return " and ".join(parts) or None
    if flt.op == "in" and kind in (TEXT, BOOL):
        if not flt.values:
            return None  # nothing chosen means no restriction, as in the sidebar
        wanted = bool if kind == BOOL else str
        if not all(isinstance(v, wanted) for v in flt.values):
            raise Invalid("values", flt.values)
        params[p] = list(flt.values)
        return f"list_contains(${p}::{'boolean' if kind == BOOL else 'varchar'}[], {ident})"
    if flt.op == "contains" and kind == TEXT:
        if len(flt.values) != 1 or not isinstance(flt.values[0], str):
            raise Invalid("text", flt.values)
        if not flt.values[0]:
            return None
        params[p] = flt.values[0]
        return f"contains(lower({ident}), lower(${p}))"
    raise Invalid("filter", (flt.column, flt.op))


def build(
    cols: dict[str, str], spec: Spec, f: Filters, cap: int = ROW_CAP
) -> tuple[str, dict[str, Any], tuple[str, ...]]:
    """The SQL, its parameters and the result columns refused where output units mix."""
    src = _source(spec.source)
    params: dict[str, Any] = _scope_params(f)
    where: list[str] = []
    if src.period_column:
        where.append(f"{_ident(src.period_column)} between $start::date and $end::date")
    for i, flt in enumerate(spec.filters):
        cond = _filter_sql(i, flt, cols, params)
        if cond:
            where.append(cond)

    if len(spec.group_by) > MAX_GROUPS or len(set(spec.group_by)) != len(spec.group_by):
        raise Invalid("grouping", spec.group_by)
    groups = [_whitelisted(g, cols) for g in spec.group_by]
    if any(cols[g] not in GROUPABLE for g in groups):
        raise Invalid("grouping", spec.group_by)
    if spec.grain not in GRAINS:
        raise Invalid("grain", spec.grain)
    select: list[str] = []
    for g in groups:
        if cols[g] == DATE:
            params["grain"] = spec.grain
            select.append(f"date_trunc($grain, {_ident(g)})::date as {_ident(g)}")
        else:
            select.append(_ident(g))

    measures = [parse_measure(code, cols) for code in dict.fromkeys(spec.measures)]
    physical = [
        m
        for m in measures
        if m.column in PHYSICAL
        or (m.metric and {m.metric.numerator, m.metric.denominator} & set(PHYSICAL))
    ]
    guard = bool(physical) and OUTPUT_UNIT not in groups
    if physical and OUTPUT_UNIT not in cols:
        raise AssertionError(f"{spec.source} has physical quantities but no output_unit")
    mixes = f"count(distinct {_ident(OUTPUT_UNIT)})"

    def guarded(expr: str, is_physical: bool) -> str:
        return f"case when {mixes} = 1 then {expr} end" if guard and is_physical else expr

    rollup = uses_rollup(spec, measures)
    select.append(
        f"coalesce(sum(team_days), 0)::bigint as {ROWS}" if rollup else f"count(*) as {ROWS}"
    )
    aliases = {*groups, ROWS}
    refused: list[str] = []
    for m in measures:
        if m.metric:
            for col in (m.metric.numerator, m.metric.denominator):
                if col in aliases:
                    continue  # a metric sharing a sum with another: computed once
                aliases.add(col)
                select.append(
                    guarded(f"sum({_ident(col)})", col in PHYSICAL) + f" as {_ident(col)}"
                )
                if guard and col in PHYSICAL:
                    refused.append(col)
            if m in physical and guard:
                refused.append(m.alias)
            continue
        if m.alias in aliases:
            raise Invalid("measure", m.code)
        aliases.add(m.alias)
        fn = AGGREGATES[m.kind]
        expr = guarded(f"{fn}({_ident(m.column)})", m.column in PHYSICAL)
        select.append(f"{expr} as {_ident(m.alias)}")
        if guard and m.column in PHYSICAL:
            refused.append(m.alias)
    if guard:
        # The one output unit of a group, so its physical sums say what they count.
        select.append(
            f"case when {mixes} = 1 then any_value({_ident(OUTPUT_UNIT)}) end as {OUTPUT_UNIT}"
        )
        select.append(f"{mixes} as {OUTPUT_UNITS}")

    params["row_limit"] = cap + 1
    group_sql = f"group by {', '.join(str(i + 1) for i in range(len(groups)))}" if groups else ""
    order_sql = (
        f"order by {', '.join(f'{i + 1} nulls last' for i in range(len(groups)))}" if groups else ""
    )
    text = "\n".join(
        [
            "with source as (",
            db.sql_text(ROLLUP_SQL).strip().rstrip(";") if rollup else _source_sql(src),
            "),",
            "",
            "filtered as (",
            "    select *",
            "    from source",
            f"    where {' and '.join(f'({w})' for w in where) or 'true'}",
            "),",
            "",
            "final as (",
            "    select",
            "        " + ",\n        ".join(select),
            "    from filtered",
            f"    {group_sql}",
            ")",
            "",
            "select * from final",
            order_sql,
            "limit $row_limit",
        ]
    )
    return text, params, tuple(refused)


def aggregate(con: duckdb.DuckDBPyConnection, f: Filters, spec: Spec, cap: int = ROW_CAP) -> Result:
    """The source filtered, grouped and measured; rates from the sums (queries/metrics.py)."""
    cols = columns(con, spec.source)
    text, params, refused = build(cols, spec, f, cap)
    frame = _execute(con, text, params)
    capped = frame.height > cap
    frame = frame.head(cap)
    for code in dict.fromkeys(spec.measures):
        m = parse_measure(code, cols)
        if m.metric:
            frame = frame.with_columns(metrics.rate(m.metric))
            if m.metric.small_numerator or m.metric.small_denominator:
                frame = frame.with_columns(metrics.is_small(m.metric))
    mixed = frame.filter(pl.col(OUTPUT_UNITS) > 1).height if OUTPUT_UNITS in frame.columns else 0
    return Result(frame, capped, mixed, refused if mixed else ())


def column_profile(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    source: str,
    column: str,
    cap: int | None = None,
) -> Profile:
    """The range or the distinct values of one column within scope and period (the values
    only when there are at most cap, by default OPTION_CAP, of them)."""
    cap = OPTION_CAP if cap is None else cap
    src = _source(source)
    cols = columns(con, source)
    col = _whitelisted(column, cols)
    kind, ident = cols[col], _ident(col)
    period = (
        f"where {_ident(src.period_column)} between $start::date and $end::date"
        if src.period_column
        else ""
    )
    # Identifiers from the whitelists only; the scope and period are bound parameters.
    head = f"with source as (\n{_source_sql(src)}\n),\n\nscoped as (select * from source {period})"  # noqa: S608
    params = _scope_params(f)
    stats = _execute(
        con,
        f"{head}\nselect count(distinct {ident}) as n, min({ident}) as lo, max({ident}) as hi "
        "from scoped",
        params,
    ).row(0, named=True)
    values = None
    if kind in (TEXT, BOOL) and stats["n"] <= cap:
        values = tuple(
            _execute(
                con,
                f"{head}\nselect distinct {ident} as v from scoped where {ident} is not null "
                "order by v",
                params,
            )["v"].to_list()
        )
    return Profile(kind, stats["n"], stats["lo"], stats["hi"], values)


def catalog(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> pl.DataFrame:
    """The named tables' columns and types, as the database's own catalog lists them."""
    return db.run(con, "explore/catalog", {"tables": list(tables)})
