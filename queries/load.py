"""Build a campaign database from a folder of contract files, or refuse to.

    python -m queries.load SOURCE_DIR --db PATH

Each contract table is read from ``<table>.csv`` or ``<table>.parquet`` in SOURCE_DIR, cast to
the contract's types, and checked against every rule of queries.contract. Any broken rule
stops the load with a message naming the table, column and rule; the database at PATH is
then left exactly as it was. A good load is written to a new file beside PATH and only
moved into place (an atomic rename) once it is complete, so a reader never sees half a
database.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from queries import contract
from queries.contract import BOOL, DATE, FLOAT, INT, TEXT, Table

SQL_DIR = Path(__file__).parent / "sql"
# Row numbers are given as a spreadsheet user counts them: the header is row 1.
FIRST_DATA_ROW = 2
EXAMPLES = 5


@dataclass(frozen=True)
class Violation:
    table: str
    column: str
    rule: str
    count: int
    rows: tuple[int, ...] = ()
    values: tuple[str, ...] = ()

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

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        super().__init__("\n".join(v.message() for v in violations))


@dataclass
class LoadResult:
    db_path: Path
    row_counts: dict[str, int] = field(default_factory=dict)


def _examples(df: pl.DataFrame, mask: pl.Series, column: str | None) -> tuple[tuple, tuple]:
    hits = df.with_row_index("_row").filter(mask).head(EXAMPLES)
    rows = tuple(int(r) + FIRST_DATA_ROW for r in hits["_row"])
    if column is None or column not in hits.columns:
        return rows, tuple("" for _ in rows)
    values = tuple("null" if v is None else str(v) for v in hits[column].to_list())
    return rows, values


def _violation(
    table: str, column: str, rule: str, df: pl.DataFrame, mask: pl.Series, show: str | None
):
    mask = mask.fill_null(False)
    count = int(mask.sum())
    if count == 0:
        return None
    rows, values = _examples(df, mask, show)
    return Violation(table, column, rule, count, rows, values)


def _find_file(source: Path, table: str) -> Path | None:
    for suffix in (".csv", ".parquet"):
        path = source / f"{table}{suffix}"
        if path.is_file():
            return path
    return None


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


TYPE_WORDS = {
    TEXT: "text",
    DATE: "a date (YYYY-MM-DD)",
    INT: "a whole number",
    FLOAT: "a finite number",
    BOOL: "true or false",
}


def read_table(
    path: Path, table: Table
) -> tuple[pl.DataFrame, list[Violation], dict[str, pl.Series]]:
    """Read one file and cast it to the contract; report columns and values that do not fit."""
    if path.suffix == ".csv":
        raw = pl.read_csv(path, infer_schema=False, encoding="utf8")
    else:
        raw = pl.read_parquet(path)
    problems: list[Violation] = []
    missing = [c for c in table.column_names if c not in raw.columns]
    unknown = [c for c in raw.columns if c not in table.column_names]
    for c in missing:
        problems.append(Violation(table.name, c, f"required column is missing from {path.name}", 1))
    for c in unknown:
        problems.append(Violation(table.name, c, f"column is not in the contract ({path.name})", 1))
    if missing:
        return pl.DataFrame(schema=table.polars_schema), problems, {}

    columns = []
    unreadable: dict[str, pl.Series] = {}
    for col in table.columns:
        original = raw[col.name]
        cast = _cast(original, col.type)
        blank = original.is_null()
        if original.dtype == pl.String:
            blank = blank | (original.str.strip_chars() == "")
        bad = cast.is_null() & ~blank
        if col.type == FLOAT:
            # NaN and infinity pass every range check and poison every sum: refuse them.
            not_finite = cast.is_nan() | cast.is_infinite()
            bad = bad | not_finite.fill_null(False)
            cast = cast.set(not_finite.fill_null(False), None)
        v = _violation(table.name, col.name, f"must be {TYPE_WORDS[col.type]}", raw, bad, col.name)
        if v:
            problems.append(v)
            unreadable[col.name] = bad
        columns.append(cast.alias(col.name))
    return pl.DataFrame(columns), problems, unreadable


def check_table(
    df: pl.DataFrame, table: Table, unreadable: dict[str, pl.Series] | None = None
) -> list[Violation]:
    """Rules within one table: required values, allowed values, ranges, key, row rules.

    Cells in `unreadable` were already reported as the wrong type; they are not reported
    again as missing.
    """
    out: list[Violation | None] = []
    for col in table.columns:
        s = df[col.name]
        if not col.nullable:
            missing = s.is_null()
            if unreadable and col.name in unreadable:
                missing = missing & ~unreadable[col.name]
            out.append(_violation(table.name, col.name, "a value is required", df, missing, None))
        if col.allowed:
            bad = s.is_not_null() & ~s.is_in(list(col.allowed))
            rule = "must be one of " + ", ".join(col.allowed)
            out.append(_violation(table.name, col.name, rule, df, bad, col.name))
        if col.minimum is not None:
            bad = s <= col.minimum if col.exclusive_minimum else s < col.minimum
            op = ">" if col.exclusive_minimum else ">="
            out.append(
                _violation(table.name, col.name, f"must be {op} {col.minimum:g}", df, bad, col.name)
            )
        if col.maximum is not None:
            bad = s > col.maximum
            out.append(
                _violation(table.name, col.name, f"must be <= {col.maximum:g}", df, bad, col.name)
            )
    key = list(table.key)
    dup = df.select(pl.struct(key).is_duplicated()).to_series()
    label = " + ".join(key)
    out.append(_violation(table.name, label, "key must be unique", df, dup, key[0]))
    for rule in table.row_rules:
        mask = df.select(rule.broken.fill_null(False)).to_series()
        out.append(
            _violation(table.name, rule.columns[0], rule.description, df, mask, rule.columns[0])
        )
    return [v for v in out if v is not None]


def check_references(tables: dict[str, pl.DataFrame]) -> list[Violation]:
    """Rules between tables: references, and teams that must belong to the row's unit."""
    out: list[Violation | None] = []
    for table in contract.TABLES:
        df = tables[table.name]
        for ref in table.references:
            target = tables[ref.table].select(
                [pl.col(t).alias(c) for c, t in zip(ref.columns, ref.target, strict=True)]
            )
            keys = df.select(ref.columns).with_row_index("_row")
            found = keys.join(
                target.unique().with_columns(_hit=pl.lit(True)), on=list(ref.columns), how="left"
            )
            found = found.sort("_row")
            has_null = pl.any_horizontal([pl.col(c).is_null() for c in ref.columns])
            bad = found.select(
                found["_hit"].is_null() & ~found.select(has_null).to_series()
            ).to_series()
            rule = f"must match a {ref.table}.{', '.join(ref.target)}"
            out.append(_violation(table.name, ref.columns[0], rule, df, bad, ref.columns[0]))
    team_units = (
        tables["teams"]
        .join(tables["workshops"], on="workshop_id")
        .select("team_id", pl.col("unit_id").alias("_team_unit"))
    )
    for table_name, _rule, description in contract.CROSS_TABLE_RULES:
        df = tables[table_name]
        joined = df.select("unit_id", "team_id").join(
            team_units, on="team_id", how="left", maintain_order="left"
        )
        bad = (
            joined["team_id"].is_not_null()
            & joined["_team_unit"].is_not_null()
            & (joined["_team_unit"] != joined["unit_id"])
        )
        out.append(_violation(table_name, "team_id", description, df, bad, "team_id"))
    return [v for v in out if v is not None]


def read_source(source: Path) -> dict[str, pl.DataFrame]:
    """Read and check every contract table in SOURCE; raise ContractError listing all problems."""
    if not source.is_dir():
        raise ContractError([Violation(str(source), "", "source folder does not exist", 1)])
    tables: dict[str, pl.DataFrame] = {}
    problems: list[Violation] = []
    for table in contract.TABLES:
        path = _find_file(source, table.name)
        if path is None:
            problems.append(
                Violation(
                    table.name, "", f"no {table.name}.csv or {table.name}.parquet in {source}", 1
                )
            )
            tables[table.name] = pl.DataFrame(schema=table.polars_schema)
            continue
        try:
            df, read_problems, unreadable = read_table(path, table)
        except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
            problems.append(Violation(table.name, "", f"{path.name} cannot be read: {exc}", 1))
            tables[table.name] = pl.DataFrame(schema=table.polars_schema)
            continue
        problems += read_problems
        problems += check_table(df, table, unreadable)
        tables[table.name] = df
    if not problems:
        problems += check_references(tables)
    if problems:
        raise ContractError(problems)
    return tables


def fingerprint(source: Path) -> str:
    """A hash of the source files, so a database knows which files it was built from."""
    h = hashlib.sha256()
    for table in contract.TABLES:
        path = _find_file(source, table.name)
        if path is not None:
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the contract's tables, typed and keyed, in an empty database."""
    for table in contract.TABLES:
        cols = ", ".join(f"{c.name} {c.duckdb_type}" for c in table.columns)
        key = ", ".join(table.key)
        con.execute(f"create table {table.name} ({cols}, primary key ({key}))")


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Build the derived tables and macros (queries/sql/schema/derive.sql)."""
    con.execute((SQL_DIR / "schema" / "derive.sql").read_text())


def write_database(
    tables: dict[str, pl.DataFrame], db_path: Path, source_label: str, source_hash: str
) -> None:
    """Write the tables and their derived objects to db_path atomically."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp), config={"threads": 2})
        try:
            create_schema(con)
            for table in contract.TABLES:
                con.register("incoming", tables[table.name].select(table.column_names))
                # table names come from the contract, never from input
                con.execute(f"insert into {table.name} select * from incoming")  # noqa: S608
                con.unregister("incoming")
            derive(con)
            con.execute(
                "create table load_info as select $loaded_at::timestamp as loaded_at, "
                "$source as source, $source_hash as source_hash",
                {
                    "loaded_at": datetime.now(UTC).replace(tzinfo=None),
                    "source": source_label,
                    "source_hash": source_hash,
                },
            )
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)


def load(source: Path, db_path: Path) -> LoadResult:
    tables = read_source(source)
    write_database(tables, db_path, str(source), fingerprint(source))
    return LoadResult(db_path, {name: df.height for name, df in tables.items()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m queries.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "source", type=Path, help="folder holding <table>.csv or <table>.parquet files"
    )
    parser.add_argument("--db", type=Path, required=True, help="database file to create or replace")
    args = parser.parse_args(argv)
    try:
        result = load(args.source, args.db)
    except ContractError as exc:
        print(
            f"Refused: {args.source} breaks the data contract; {args.db} was not changed.",
            file=sys.stderr,
        )
        for v in exc.violations:
            print(f"  - {v.message()}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{k} {v:,}" for k, v in result.row_counts.items())
    print(f"Loaded {args.source} into {result.db_path}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
