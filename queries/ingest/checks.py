"""The contract's rules as SQL: cast and check a table inside DuckDB, streaming and spilling.

Rule: every rule comes from queries.contract, nowhere else. Casting (text to the contract's
types), required values, ranges, allowed values, keys, references, the team-of-unit rule,
keys already loaded (appends) and each table's row rules (Polars expressions in the
contract, translated to SQL by rule_sql; one it cannot translate is evaluated by Polars in
batches) run as SQL over a staged table: the contract table itself when a Parquet file's
columns already have the contract's types (a full load inserts it as it is read), else a
temporary table with the source's row numbers. Each kind of problem is counted whole and its
first `cap` rows fetched in row order, so a file with millions of bad rows costs one query
per kind and at most `cap` findings in memory.

A cell that does not fit its type is reported once, as such (its original text quoted),
and not again as missing; NaN and infinity are refused like text that is no number.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from queries import contract
from queries.contract import BOOL, DATE, FLOAT, INT, TEXT, Table
from queries.ingest.validation import ERROR, TYPE_WORDS, Finding, Violation

ROW = "_row"
# Polars strips Unicode whitespace; RE2's \s is ASCII only, so the separators are named too.
_SPACE = r"[\s\p{Z}\x{85}\x{0b}\x{feff}]"
_STRIP = f"^{_SPACE}+|{_SPACE}+$"
_INT_TEXT = r"[+-]?[0-9]+"
_FLOAT_TEXT = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_WIDENS = {
    "BIGINT": ("TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "UINTEGER"),
    "DOUBLE": ("FLOAT",),
    "DATE": (
        "TIMESTAMP",
        "TIMESTAMP_NS",
        "TIMESTAMP_MS",
        "TIMESTAMP_S",
        "TIMESTAMP WITH TIME ZONE",
    ),
}


def ident(name: str) -> str:
    """A column or table name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


# --- row rules: the contract's Polars expressions as SQL ---------------------------------------

_OPS = {
    "Gt": ">",
    "GtEq": ">=",
    "Lt": "<",
    "LtEq": "<=",
    "Eq": "=",
    "NotEq": "<>",
    "And": "and",
    "LogicalAnd": "and",
    "Or": "or",
    "LogicalOr": "or",
    "Plus": "+",
    "Minus": "-",
    "Multiply": "*",
    "TrueDivide": "/",
}
_FUNCTIONS = {"IsNull": "({} is null)", "IsNotNull": "({} is not null)", "Not": "(not {})"}
# the parts of a date the contract's rules read (a month's records fall on its first day)
_TEMPORAL = {"Day": "day({})", "Month": "month({})", "Year": "year({})"}


class Untranslatable(ValueError):
    pass


def _literal(value: dict) -> str:
    scalar = value.get("Scalar", value.get("Dyn", value))
    if not isinstance(scalar, dict) or len(scalar) != 1:
        raise Untranslatable(str(value))
    ((kind, v),) = scalar.items()
    if kind == "String" and isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    if kind == "Boolean" and isinstance(v, bool):
        return "true" if v else "false"
    if kind in ("Int", "Int32", "Int64", "Float", "Float32", "Float64") and isinstance(
        v, int | float
    ):
        return repr(v)
    if kind == "Null":
        return "null"
    raise Untranslatable(str(value))


def _sql(node: Any, columns: set[str]) -> str:
    if not isinstance(node, dict) or len(node) != 1:
        raise Untranslatable(str(node))
    ((kind, body),) = node.items()
    if kind == "Column":
        if body not in columns:
            raise Untranslatable(f"column {body}")
        return ident(body)
    if kind == "Literal":
        return _literal(body)
    if kind == "BinaryExpr":
        op = _OPS.get(body["op"])
        if op is None:
            raise Untranslatable(body["op"])
        return f"({_sql(body['left'], columns)} {op} {_sql(body['right'], columns)})"
    if kind == "Function":
        fn = body["function"]
        part = fn.get("TemporalExpr") if isinstance(fn, dict) else None
        if part in _TEMPORAL and len(body["input"]) == 1:
            return _TEMPORAL[part].format(_sql(body["input"][0], columns))
        name = fn.get("Boolean") if isinstance(fn, dict) else None
        if name not in _FUNCTIONS or len(body["input"]) != 1:
            raise Untranslatable(str(fn))
        return _FUNCTIONS[name].format(_sql(body["input"][0], columns))
    raise Untranslatable(kind)


def rule_sql(expr: pl.Expr, columns: Iterable[str]) -> str:
    """A row rule's `broken` expression as SQL with Polars' null semantics (a comparison with
    null is null, and a null result breaks nothing). Raises Untranslatable for an expression
    outside the subset the contract uses (comparisons, and/or/not, arithmetic, is_null, a
    date's day, month or year)."""
    tree = json.loads(expr.meta.serialize(format="json"))
    return f"coalesce({_sql(tree, set(columns))}, false)"


# --- casting ---------------------------------------------------------------------------------


def _cast(src: str, raw_type: str, col: contract.Column) -> tuple[str, str | None]:
    """SQL for one column in the contract's type, and for its original value where it does
    not fit (None: every value fits)."""
    target = col.duckdb_type.upper()
    if raw_type == "VARCHAR":
        s = f"nullif(regexp_replace({src}, '{_STRIP}', '', 'g'), '')"
        if col.type == TEXT:
            return s, None
        if col.type == DATE:
            typed = f"try_strptime({s}, '%Y-%m-%d')::date"
        elif col.type == BOOL:
            typed = (
                f"case when lower({s}) in ('true', '1', 'yes') then true "
                f"when lower({s}) in ('false', '0', 'no') then false end"
            )
        elif col.type == INT:
            typed = (
                f"case when regexp_full_match({s}, '{_INT_TEXT}') then try_cast({s} as bigint) end"
            )
        else:
            num = f"case when regexp_full_match({s}, '{_FLOAT_TEXT}') then try_cast({s} as double) end"
            typed = f"case when isfinite({num}) then {num} end"
        return typed, f"case when {s} is not null and ({typed}) is null then {src} end"
    if raw_type == target and col.type != FLOAT:
        return src, None
    if col.type == INT and (raw_type in ("DOUBLE", "FLOAT") or raw_type.startswith("DECIMAL")):
        # 3.0 is a fine integer; 3.5 is not
        typed = (
            f"case when isfinite({src}) and {src} = round({src}) then try_cast({src} as bigint) end"
        )
    elif col.type == FLOAT:
        num = src if raw_type == "DOUBLE" else f"try_cast({src} as double)"
        typed = f"case when isfinite({num}) then {num} end"
    else:
        typed = f"try_cast({src} as {target})"
    return typed, f"case when {src} is not null and ({typed}) is null then {src}::varchar end"


def direct_ok(raw_types: dict[str, str], table: Table) -> bool:
    """True when every column can go into the contract table as read: its type is the
    contract's or widens to it, so no cell can fail its cast (floats are checked finite on
    the table itself)."""
    for col in table.columns:
        raw = raw_types.get(col.name)
        target = col.duckdb_type.upper()
        ok = raw == target or raw in _WIDENS.get(target, ())
        ok = ok or (target == "DOUBLE" and raw is not None and raw.startswith("DECIMAL"))
        if not ok:
            return False
    return True


# --- staged tables ---------------------------------------------------------------------------


@dataclass
class Staged:
    """One incoming table inside DuckDB, cast to the contract's types.

    rel is SQL for a relation with ROW, the contract's columns (a cell that does not fit its
    type is null) and `_raw_<column>` (the original text of such a cell, else null).
    """

    table: Table
    file: str
    rel: str
    rows: int
    direct: bool  # the rows are in the contract table already
    staged_name: str = ""  # the temporary table, when not direct
    complete: bool = True
    raw_columns: tuple[str, ...] = ()
    base_rowid: int = 0

    def rows_relation(self) -> str:
        """The contract's columns of the incoming rows, with ROW and an order (for 'the
        first one counts')."""
        return self.rel


def _raw(name: str) -> str:
    return ident(f"_raw_{name}")


def stage_direct(
    con: duckdb.DuckDBPyConnection, table: Table, file: str, source_sql: str, params: dict
) -> Staged:
    """Insert a source whose columns need no cast that can fail straight into the (empty)
    contract table, in the source's order: its rowid is then the record's position."""
    types = _types(con, source_sql, params)
    cols = ", ".join(
        f"{_cast_direct(ident(c.name), types[c.name], c)} as {ident(c.name)}" for c in table.columns
    )
    base = con.execute(f"select count(*) from {ident(table.name)}").fetchall()[0][0]  # noqa: S608
    con.execute(
        f"insert into {ident(table.name)} select {cols} from {source_sql}",  # noqa: S608
        params,
    )
    n = con.execute(f"select count(*) from {ident(table.name)}").fetchall()[0][0] - base  # noqa: S608
    select = [f"rowid - {base} + 2 as {ROW}"]
    raws = []
    for c in table.columns:
        if c.type == FLOAT:
            select.append(
                f"case when isfinite({ident(c.name)}) then {ident(c.name)} end as {ident(c.name)}"
            )
            select.append(
                f"case when {ident(c.name)} is not null and not isfinite({ident(c.name)}) "
                f"then {ident(c.name)}::varchar end as {_raw(c.name)}"
            )
            raws.append(c.name)
        else:
            select.append(ident(c.name))
    rel = f"(select {', '.join(select)} from {ident(table.name)} where rowid >= {base})"  # noqa: S608
    return Staged(table, file, rel, n, True, "", True, tuple(raws), base)


def _cast_direct(src: str, raw_type: str, col: contract.Column) -> str:
    target = col.duckdb_type.upper()
    return src if raw_type == target else f"{src}::{target}"


def _types(con: duckdb.DuckDBPyConnection, source_sql: str, params: dict) -> dict[str, str]:
    rows = con.execute(f"describe select * from {source_sql}", params).fetchall()  # noqa: S608
    return {r[0]: str(r[1]).upper() for r in rows}


def stage_temp(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    file: str,
    source_sql: str,
    params: dict,
    row_sql: str,
) -> Staged:
    """Cast a source into a temporary table (it spills to disk past the memory limit) with
    each record's row number (row_sql, an expression over the source)."""
    types = _types(con, source_sql, params)
    select = [f"{row_sql} as {ROW}"]
    raws = []
    for c in table.columns:
        typed, raw = _cast(ident(c.name), types[c.name], c)
        select.append(f"{typed} as {ident(c.name)}")
        if raw is not None:
            select.append(f"{raw} as {_raw(c.name)}")
            raws.append(c.name)
    name = f"_incoming_{table.name}"
    con.execute(
        f"create or replace temp table {ident(name)} as select {', '.join(select)} "  # noqa: S608
        f"from {source_sql}",
        params,
    )
    n = con.execute(f"select count(*) from {ident(name)}").fetchall()[0][0]  # noqa: S608
    return Staged(table, file, ident(name), n, False, name, True, tuple(raws))


def insert_staged(con: duckdb.DuckDBPyConnection, st: Staged) -> None:
    """The checked rows of a temporary table into the contract table, in row order."""
    if st.direct or not st.complete:
        return
    cols = ", ".join(ident(c) for c in st.table.column_names)
    con.execute(
        f"insert into {ident(st.table.name)} select {cols} from {st.rel} order by {ROW}"  # noqa: S608
    )


# --- the checks ------------------------------------------------------------------------------


@dataclass
class Kind:
    """The findings of one kind: how many there are, and the first `cap` of them."""

    severity: str
    table: str
    column: str
    rule: str
    count: int
    findings: list[Finding] = field(default_factory=list)

    def violation(self) -> Violation:
        from queries.ingest.validation import EXAMPLES

        located = [f for f in self.findings if f.row is not None][:EXAMPLES]
        return Violation(
            table=self.table,
            column=self.column,
            rule=self.rule,
            count=self.count,
            rows=tuple(f.row for f in located),  # type: ignore[misc]
            values=tuple(f.value for f in located),
            file=self.findings[0].file if self.findings else "",
            severity=self.severity,
            findings=tuple(self.findings),
        )


def cell(v: Any) -> str:
    """A value as a message quotes it (a whole float keeps its .0)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return repr(v)
    return str(v)


def _joined(values: tuple) -> str:
    if any(v is None for v in values):
        return ""
    return ", ".join(cell(v) if not isinstance(v, float) else repr(v) for v in values)


@dataclass(frozen=True)
class _Predicate:
    column: str
    words: str
    where: str  # SQL over alias r, true on the rows that break the rule
    show: tuple[str, ...]  # SQL of the value(s) quoted
    severity: str = ERROR
    joins: str = ""  # joins the condition needs, after `from rel r`


def _predicates(st: Staged) -> list[_Predicate]:
    t = st.table
    out: list[_Predicate] = []
    for c in t.columns:
        if c.name in st.raw_columns:
            out.append(
                _Predicate(
                    c.name,
                    f"must be {TYPE_WORDS[c.type]}",
                    f"r.{_raw(c.name)} is not null",
                    (f"r.{_raw(c.name)}",),
                )
            )
    for c in t.columns:
        col = f"r.{ident(c.name)}"
        if not c.nullable:
            unreadable = f" and r.{_raw(c.name)} is null" if c.name in st.raw_columns else ""
            out.append(_Predicate(c.name, "a value is required", f"{col} is null{unreadable}", ()))
        if c.type in (INT, FLOAT):
            if c.minimum is not None:
                op = ">" if c.exclusive_minimum else ">="
                bad = "<=" if c.exclusive_minimum else "<"
                out.append(
                    _Predicate(
                        c.name, f"must be {op} {c.minimum:g}", f"{col} {bad} {c.minimum!r}", (col,)
                    )
                )
            if c.maximum is not None:
                out.append(
                    _Predicate(
                        c.name, f"must be <= {c.maximum:g}", f"{col} > {c.maximum!r}", (col,)
                    )
                )
        if c.allowed:
            listed = ", ".join("'" + a.replace("'", "''") + "'" for a in c.allowed)
            out.append(
                _Predicate(
                    c.name,
                    "must be one of " + ", ".join(c.allowed),
                    f"{col} not in ({listed})",
                    (col,),
                )
            )
    return out


Progress = Callable[[str, str, int, int], None]


def check(
    con: duckdb.DuckDBPyConnection,
    st: Staged,
    known: dict[str, list[str]],
    cap: int,
    existing: bool,
) -> list[Kind]:
    """Every rule of the contract on every row of one staged table.

    known maps a table to SQL relations whose keys references may match (what is loaded
    and what comes in); a reference to a table that could not be read is left out, since
    every row would be reported against it. existing: the contract table holds rows loaded
    before (an append), whose keys the new rows must not repeat.
    """
    t = st.table
    kinds: list[Kind] = []
    preds = _predicates(st)
    for rule in t.row_rules:
        try:
            where = _qualify(rule_sql(rule.broken, t.column_names), t.column_names)
        except Untranslatable:
            where = ""
        preds.append(
            _Predicate(rule.columns[0], rule.description, where, (f"r.{ident(rule.columns[0])}",))
        )
    sql_preds = [p for p in preds if p.where]
    if sql_preds:
        counts = con.execute(
            "select "  # noqa: S608
            + ", ".join(f"count(*) filter (where {p.where})" for p in sql_preds)
            + f" from {st.rel} as r"
        ).fetchall()[0]
        n_by = dict(zip((id(p) for p in sql_preds), counts, strict=True))
    else:
        n_by = {}
    for p in preds:
        if p.where:
            n = n_by[id(p)]
            if n:
                kinds.append(_fetch(con, st, p, n, cap))
        else:
            kind = _polars_rule(
                con, st, p, next(r for r in t.row_rules if r.description == p.words), cap
            )
            if kind is not None:
                kinds.append(kind)
    kinds += _key_unique(con, st, cap)
    for ref in t.references:
        rels = known.get(ref.table)
        if not rels:
            continue
        kind = _reference(con, st, ref, rels, cap)
        if kind is not None:
            kinds.append(kind)
    for table_name, _rule_name, description in contract.CROSS_TABLE_RULES:
        if table_name != t.name or not (known.get("teams") and known.get("workshops")):
            continue
        kind = _team_of_unit(con, st, known, description, cap)
        if kind is not None:
            kinds.append(kind)
    if existing:
        kind = _already_loaded(con, st, cap)
        if kind is not None:
            kinds.append(kind)
    return kinds


def _qualify(sql: str, columns: Iterable[str]) -> str:
    for c in sorted(columns, key=len, reverse=True):
        sql = sql.replace(ident(c), f"r.{ident(c)}")
    return sql


def _value(row: tuple, n_show: int) -> str:
    if n_show == 0:
        return ""
    if n_show == 1:
        return cell(row[0])
    return _joined(row)


def _fetch(con, st: Staged, p: _Predicate, n: int, cap: int) -> Kind:
    shown = ", ".join(p.show) if p.show else "null"
    rows = con.execute(
        f"select r.{ROW}, {shown} from {st.rel} as r {p.joins} "  # noqa: S608
        f"where {p.where} order by r.{ROW} limit {int(cap)}"
    ).fetchall()
    findings = [
        Finding(
            p.severity, st.table.name, st.file, r[0], p.column, _value(r[1:], len(p.show)), p.words
        )
        for r in rows
    ]
    return Kind(p.severity, st.table.name, p.column, p.words, n, findings)


def _polars_rule(con, st: Staged, p: _Predicate, rule: contract.RowRule, cap: int) -> Kind | None:
    """A row rule outside SQL's reach, evaluated by Polars a batch at a time."""
    cols = ", ".join([ROW, *(f"r.{ident(c)}" for c in st.table.column_names)])
    # a relation's reader streams the batches; a DB-API result would copy every row first
    query = f"select {cols} from {st.rel} as r order by {ROW}"  # noqa: S608
    reader = con.sql(query).to_arrow_reader(500_000)
    n = 0
    findings: list[Finding] = []
    for batch in reader:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        hits = frame.filter(rule.broken.fill_null(False))
        n += hits.height
        for r, v in hits.select(ROW, rule.columns[0]).head(max(cap - len(findings), 0)).iter_rows():
            findings.append(Finding(ERROR, st.table.name, st.file, r, p.column, cell(v), p.words))
    return Kind(ERROR, st.table.name, p.column, p.words, n, findings) if n else None


def _key_unique(con, st: Staged, cap: int) -> list[Kind]:
    key = st.table.key
    cols = ", ".join(f"r.{ident(c)}" for c in key)
    dups = con.execute(
        f"select count(*), coalesce(sum(n), 0) from (select count(*) as n from {st.rel} as r "  # noqa: S608
        f"group by {cols} having count(*) > 1)"
    ).fetchall()[0]
    if not dups[0]:
        return []
    on = " and ".join(f"r.{ident(c)} is not distinct from d.{ident(c)}" for c in key)
    rows = con.execute(
        f"with d as (select {cols} from {st.rel} as r group by {cols} having count(*) > 1) "  # noqa: S608
        f"select r.{ROW}, {cols} from {st.rel} as r semi join d on {on} "
        f"order by r.{ROW} limit {int(cap)}"
    ).fetchall()
    label = " + ".join(key)
    findings = [
        Finding(
            ERROR,
            st.table.name,
            st.file,
            r[0],
            label,
            _value(r[1:], len(key)),
            "key must be unique",
        )
        for r in rows
    ]
    return [Kind(ERROR, st.table.name, label, "key must be unique", int(dups[1]), findings)]


def _union(rels: list[str], columns: Iterable[str]) -> str:
    cols = ", ".join(ident(c) for c in columns)
    return " union all ".join(f"select {cols} from {rel}" for rel in rels)  # noqa: S608


def _reference(con, st: Staged, ref: contract.Reference, rels: list[str], cap: int) -> Kind | None:
    renamed = ", ".join(
        f"{ident(tgt)} as {ident(src)}" for src, tgt in zip(ref.columns, ref.target, strict=True)
    )
    targets = " union all ".join(f"select {renamed} from {rel}" for rel in rels)  # noqa: S608
    on = " and ".join(f"r.{ident(c)} = k.{ident(c)}" for c in ref.columns)
    not_null = " and ".join(f"r.{ident(c)} is not null" for c in ref.columns)
    words = f"must match a {ref.table}.{', '.join(ref.target)}"
    base = f"from {st.rel} as r anti join (select distinct * from ({targets})) as k on {on} where {not_null}"  # noqa: S608
    n = con.execute(f"select count(*) {base}").fetchall()[0][0]
    if not n:
        return None
    show = ", ".join(f"r.{ident(c)}" for c in ref.columns)
    rows = con.execute(
        f"select r.{ROW}, {show} {base} order by r.{ROW} limit {int(cap)}"
    ).fetchall()
    findings = [
        Finding(ERROR, st.table.name, st.file, r[0], ref.columns[0], cell(r[1]), words)
        for r in rows
    ]
    return Kind(ERROR, st.table.name, ref.columns[0], words, n, findings)


def _ordered(rels: list[str], columns: Iterable[str]) -> str:
    """The rows of several relations, each with its place: what is loaded first, then what
    comes in, each in its own order (every relation has ROW)."""
    cols = ", ".join(ident(c) for c in columns)
    return " union all ".join(
        f"select {cols}, {i} as _src, {ROW} as _ord from {rel}"  # noqa: S608
        for i, rel in enumerate(rels)
    )


def _team_of_unit(
    con, st: Staged, known: dict[str, list[str]], words: str, cap: int
) -> Kind | None:
    teams = _ordered(known["teams"], ("team_id", "workshop_id"))
    workshops = _ordered(known["workshops"], ("workshop_id", "unit_id"))
    units_ok = ""
    if known.get("units"):
        units = _union(known["units"], ("unit_id",))
        units_ok = f" and p.team_unit in ({units}) and r.unit_id in ({units})"
    # a team or workshop given twice is reported by its key rule; here the first one counts
    base = (
        f"from {st.rel} as r inner join ("  # noqa: S608
        f"select t.team_id, w.unit_id as team_unit from ("
        f"select team_id, first(workshop_id order by _src, _ord) as workshop_id from ({teams}) "
        "where team_id is not null group by team_id) as t inner join ("
        f"select workshop_id, first(unit_id order by _src, _ord) as unit_id from ({workshops}) "
        "group by workshop_id) as w on w.workshop_id = t.workshop_id) as p on p.team_id = r.team_id "
        f"where p.team_unit is not null and p.team_unit <> r.unit_id{units_ok}"
    )
    n = con.execute(f"select count(*) {base}").fetchall()[0][0]
    if not n:
        return None
    rows = con.execute(
        f"select r.{ROW}, r.team_id {base} order by r.{ROW} limit {int(cap)}"
    ).fetchall()
    findings = [
        Finding(ERROR, st.table.name, st.file, r[0], "team_id", cell(r[1]), words) for r in rows
    ]
    return Kind(ERROR, st.table.name, "team_id", words, n, findings)


def _already_loaded(con, st: Staged, cap: int) -> Kind | None:
    key = st.table.key
    on = " and ".join(f"r.{ident(c)} = t.{ident(c)}" for c in key)
    words = "key is already loaded in the current database"
    base = f"from {st.rel} as r semi join {ident(st.table.name)} as t on {on}"
    n = con.execute(f"select count(*) {base}").fetchall()[0][0]
    if not n:
        return None
    show = ", ".join(f"r.{ident(c)}" for c in key)
    rows = con.execute(
        f"select r.{ROW}, {show} {base} order by r.{ROW} limit {int(cap)}"
    ).fetchall()
    label = " + ".join(key)
    findings = [
        Finding(ERROR, st.table.name, st.file, r[0], label, _value(r[1:], len(key)), words)
        for r in rows
    ]
    return Kind(ERROR, st.table.name, label, words, n, findings)
