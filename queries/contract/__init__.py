"""The campaign data contract: the one definition of the tables, columns and rules.

The loader validates against it, the sample generator writes to it, the tests check both
against it, and docs/data_contract.md is generated from it (``python -m queries.contract``),
so the three can never drift apart.

A rule is stated once, as data (types, ranges, allowed values, keys, references) or as a
Polars expression that is true on the rows that break it (rules between columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

# Logical types; each maps to one Polars and one DuckDB type.
TEXT, DATE, INT, FLOAT, BOOL = "text", "date", "int", "float", "bool"

POLARS_TYPES: dict[str, pl.DataType] = {
    TEXT: pl.String(),
    DATE: pl.Date(),
    INT: pl.Int64(),
    FLOAT: pl.Float64(),
    BOOL: pl.Boolean(),
}
DUCKDB_TYPES: dict[str, str] = {
    TEXT: "varchar",
    DATE: "date",
    INT: "bigint",
    FLOAT: "double",
    BOOL: "boolean",
}

OWNERSHIPS = ("state", "local_state")
SEVERITIES = ("minor", "serious", "fatal")
PROPOSAL_STATUSES = ("pending", "adopted", "implemented", "rejected")
EVENT_KINDS = ("conference", "launch", "experience_exchange", "investigation")
# The items of a unit's cost (成本), in yuan: raw and auxiliary materials, wages, fuel and
# power, and workshop and enterprise overhead.
COST_ITEMS = ("materials", "wages", "fuel_power", "overhead")

# The window over which a team's baseline productivity is measured (the quarter before the
# campaign); the productivity index is relative to it. The default: a load may set another
# (EMULATION_BASELINE, queries.ingest.load.baseline_period), stored in campaign_settings.
BASELINE_START = "1952-10-01"
BASELINE_END = "1952-12-31"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    # True when the minimum itself is not allowed (members > 0, not >= 0).
    exclusive_minimum: bool = False
    maximum: float | None = None

    @property
    def polars_type(self) -> pl.DataType:
        return POLARS_TYPES[self.type]

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class Reference:
    """columns of this table must match a key of `table` (nulls are not checked)."""

    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]


@dataclass(frozen=True)
class RowRule:
    """A rule between columns of one row; `broken` is true on the rows that break it."""

    name: str
    description: str
    columns: tuple[str, ...]
    broken: pl.Expr = field(compare=False)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    row_rules: tuple[RowRule, ...] = ()
    # An optional table may be left out of a source: the campaign loads without it (the
    # table is then empty) and the pages that need it say that there are no such data.
    optional: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.polars_type for c in self.columns}


def _col(name: str, type_: str, description: str, **kw) -> Column:
    return Column(name=name, type=type_, description=description, **kw)


UNITS = Table(
    name="units",
    description="The factories and mines (厂矿) taking part, one row each.",
    key=("unit_id",),
    columns=(
        _col("unit_id", TEXT, "Key."),
        _col("name_zh", TEXT, "Name in Chinese."),
        _col("name_en", TEXT, "Name in English."),
        _col("ownership", TEXT, "state (国营) or local_state (地方国营).", allowed=OWNERSHIPS),
        _col("industry", TEXT, "coal, power, iron_steel, nonferrous, cotton_textile, machinery…"),
        _col("bureau_zh", TEXT, "Administering bureau, Chinese."),
        _col("bureau_en", TEXT, "Administering bureau, English."),
        _col("province", TEXT, "Province (English name)."),
        _col("city", TEXT, "City (English name)."),
        _col("latitude", FLOAT, "Degrees north.", minimum=-90, maximum=90),
        _col("longitude", FLOAT, "Degrees east.", minimum=-180, maximum=180),
        _col(
            "launched_on",
            DATE,
            "Date the unit launched the emulation; null while it is still preparing.",
            nullable=True,
        ),
    ),
)

WORKSHOPS = Table(
    name="workshops",
    description="Workshops (车间) of a unit.",
    key=("workshop_id",),
    references=(Reference(("unit_id",), "units", ("unit_id",)),),
    columns=(
        _col("workshop_id", TEXT, "Key."),
        _col("unit_id", TEXT, "The unit it belongs to."),
        _col("name_zh", TEXT, "Name in Chinese."),
        _col("name_en", TEXT, "Name in English."),
    ),
)

TEAMS = Table(
    name="teams",
    description="Teams (小组), the groups that compete.",
    key=("team_id",),
    references=(
        Reference(("workshop_id",), "workshops", ("workshop_id",)),
        Reference(("output_unit",), "output_units", ("output_unit",)),
    ),
    columns=(
        _col("team_id", TEXT, "Key."),
        _col("workshop_id", TEXT, "The workshop it belongs to."),
        _col("name_zh", TEXT, "Name in Chinese."),
        _col("name_en", TEXT, "Name in English."),
        _col("members", INT, "Workers in the team.", minimum=0, exclusive_minimum=True),
        _col("output_unit", TEXT, "What its output is measured in (an output_units key)."),
        _col(
            "joined_on",
            DATE,
            "Date the team entered the emulation; null while it has not.",
            nullable=True,
        ),
    ),
)

OUTPUT_UNITS = Table(
    name="output_units",
    description="Units of physical output and their 1952 constant prices.",
    key=("output_unit",),
    columns=(
        _col("output_unit", TEXT, "Key, e.g. t_raw_coal."),
        _col("name_zh", TEXT, "Name in Chinese."),
        _col("name_en", TEXT, "Name in English."),
        _col(
            "constant_price_yuan",
            FLOAT,
            "Yuan per unit at 1952 constant prices; turns quantities of different kinds "
            "into gross output value.",
            minimum=0,
            exclusive_minimum=True,
        ),
    ),
)

DAILY_OUTPUT = Table(
    name="daily_output",
    description="One row per team and day.",
    key=("team_id", "day"),
    references=(Reference(("team_id",), "teams", ("team_id",)),),
    columns=(
        _col("team_id", TEXT, "The team."),
        _col("day", DATE, "The day."),
        _col("output_qty", FLOAT, "Output, in the team's output unit.", minimum=0),
        _col(
            "plan_qty",
            FLOAT,
            "The factory-set target (厂定指标) for the day.",
            minimum=0,
            exclusive_minimum=True,
        ),
        _col(
            "team_plan_qty",
            FLOAT,
            "The team's own plan (小组计划); null where it set none.",
            nullable=True,
            minimum=0,
        ),
        _col("worker_hours", FLOAT, "Hours worked by the team's members.", minimum=0),
        _col("inspected_qty", FLOAT, "Output inspected for quality.", minimum=0),
        _col("rejected_qty", FLOAT, "Inspected output rejected.", minimum=0),
    ),
    row_rules=(
        RowRule(
            "rejected_within_inspected",
            "rejected_qty must not exceed inspected_qty",
            ("rejected_qty", "inspected_qty"),
            pl.col("rejected_qty") > pl.col("inspected_qty"),
        ),
    ),
)

ACCIDENTS = Table(
    name="accidents",
    description="Accidents (事故), one row each.",
    key=("accident_id",),
    references=(
        Reference(("unit_id",), "units", ("unit_id",)),
        Reference(("team_id",), "teams", ("team_id",)),
    ),
    columns=(
        _col("accident_id", TEXT, "Key."),
        _col("occurred_on", DATE, "Date."),
        _col("unit_id", TEXT, "The unit."),
        _col("team_id", TEXT, "The team, if known; must belong to the unit.", nullable=True),
        _col(
            "severity",
            TEXT,
            "minor (轻伤), serious (重伤) or fatal (死亡).",
            allowed=SEVERITIES,
        ),
        _col("injured", INT, "People injured.", minimum=0),
        _col("deaths", INT, "People killed.", minimum=0),
        _col("lost_days", INT, "Working days lost.", minimum=0),
        _col("cause", TEXT, "Cause code (roof_fall, machinery, electrical, …)."),
        _col("description_zh", TEXT, "What happened, Chinese."),
        _col("description_en", TEXT, "What happened, English."),
    ),
    # "team of that unit" spans two tables; the loader checks it (TEAM_OF_UNIT below).
)

PROPOSALS = Table(
    name="proposals",
    description="Rationalization proposals (合理化建议).",
    key=("proposal_id",),
    references=(
        Reference(("unit_id",), "units", ("unit_id",)),
        Reference(("team_id",), "teams", ("team_id",)),
    ),
    columns=(
        _col("proposal_id", TEXT, "Key."),
        _col("unit_id", TEXT, "The unit."),
        _col("team_id", TEXT, "The proposing team, if known.", nullable=True),
        _col("submitted_on", DATE, "Date submitted."),
        _col("category", TEXT, "tooling, process, saving_materials, quality, safety, …"),
        _col("title_zh", TEXT, "Title, Chinese."),
        _col("title_en", TEXT, "Title, English."),
        _col(
            "status", TEXT, "pending, adopted, implemented or rejected.", allowed=PROPOSAL_STATUSES
        ),
        _col("decided_on", DATE, "Date decided; null exactly when pending.", nullable=True),
        _col(
            "implemented_on",
            DATE,
            "Date implemented; set exactly when implemented.",
            nullable=True,
        ),
        _col(
            "est_saving_yuan",
            FLOAT,
            "Estimated yearly saving, yuan; null if not estimated.",
            nullable=True,
            minimum=0,
        ),
        _col("solves_key_problem", BOOL, "Solved a key problem (关键问题) of production."),
    ),
    row_rules=(
        RowRule(
            "decided_iff_not_pending",
            "decided_on must be empty exactly when status is pending",
            ("status", "decided_on"),
            (pl.col("status") == "pending") == pl.col("decided_on").is_not_null(),
        ),
        RowRule(
            "decided_after_submitted",
            "decided_on must not be before submitted_on",
            ("decided_on", "submitted_on"),
            pl.col("decided_on") < pl.col("submitted_on"),
        ),
        RowRule(
            "implemented_iff_implemented",
            "implemented_on must be set exactly when status is implemented",
            ("status", "implemented_on"),
            (pl.col("status") == "implemented") != pl.col("implemented_on").is_not_null(),
        ),
        RowRule(
            "implemented_after_decided",
            "implemented_on must not be before decided_on",
            ("implemented_on", "decided_on"),
            pl.col("implemented_on") < pl.col("decided_on"),
        ),
    ),
)

EVENTS = Table(
    name="events",
    description="Conferences, launches, experience exchanges and investigations.",
    key=("event_id",),
    references=(Reference(("unit_id",), "units", ("unit_id",)),),
    columns=(
        _col("event_id", TEXT, "Key."),
        _col("held_on", DATE, "Date."),
        _col("unit_id", TEXT, "The unit; null for region- or bureau-wide events.", nullable=True),
        _col("bureau_en", TEXT, "The bureau, for bureau-wide events.", nullable=True),
        _col(
            "kind",
            TEXT,
            "conference, launch, experience_exchange or investigation.",
            allowed=EVENT_KINDS,
        ),
        _col("title_zh", TEXT, "Title, Chinese."),
        _col("title_en", TEXT, "Title, English."),
    ),
)


# The economic accounting system (经济核算制): monthly records per unit, optional, so that a
# campaign of output alone still loads. A month is given as its first day.
def _first_of_month(column: str) -> RowRule:
    return RowRule(
        "first_day_of_month",
        f"{column} must be the first day of a month (YYYY-MM-01)",
        (column,),
        pl.col(column).dt.day() != 1,
    )


UNIT_COSTS = Table(
    name="unit_costs",
    description="Each unit's cost (成本) per month and cost item, with the production and "
    "financial plan's (生产财务计划) cost for it. Optional.",
    key=("unit_id", "month", "cost_item"),
    references=(Reference(("unit_id",), "units", ("unit_id",)),),
    optional=True,
    columns=(
        _col("unit_id", TEXT, "The unit."),
        _col("month", DATE, "The month, as its first day."),
        _col(
            "cost_item",
            TEXT,
            "materials, wages, fuel_power or overhead.",
            allowed=COST_ITEMS,
        ),
        _col("cost_yuan", FLOAT, "Actual cost of the month's output, yuan.", minimum=0),
        _col(
            "plan_cost_yuan",
            FLOAT,
            "The plan's cost of the month's planned output, yuan.",
            minimum=0,
        ),
    ),
    row_rules=(_first_of_month("month"),),
)

UNIT_FUNDS = Table(
    name="unit_funds",
    description="Each unit's working capital (流动资金) per month, and the funds verified "
    "for it (核定资金) once its assets were cleared. Optional.",
    key=("unit_id", "month"),
    references=(Reference(("unit_id",), "units", ("unit_id",)),),
    optional=True,
    columns=(
        _col("unit_id", TEXT, "The unit."),
        _col("month", DATE, "The month, as its first day."),
        _col(
            "working_capital_yuan",
            FLOAT,
            "Average working capital employed in the month, yuan.",
            minimum=0,
        ),
        _col(
            "verified_funds_yuan",
            FLOAT,
            "Working capital verified (approved) for the unit, yuan; null before its funds "
            "were verified.",
            nullable=True,
            minimum=0,
            exclusive_minimum=True,
        ),
    ),
    row_rules=(_first_of_month("month"),),
)

UNIT_STAFF = Table(
    name="unit_staff",
    description="Each unit's staff per month by kind, and its levels of management "
    "(管理层次), the production reform's (生产改革) measure. Optional.",
    key=("unit_id", "month"),
    references=(Reference(("unit_id",), "units", ("unit_id",)),),
    optional=True,
    columns=(
        _col("unit_id", TEXT, "The unit."),
        _col("month", DATE, "The month, as its first day."),
        _col("production_workers", INT, "Production workers on the roll.", minimum=0),
        _col(
            "management_staff",
            INT,
            "Management and administrative staff (管理及行政人员) on the roll.",
            minimum=0,
        ),
        _col(
            "management_levels",
            INT,
            "Levels of management from the director to the team.",
            minimum=1,
        ),
    ),
    row_rules=(
        _first_of_month("month"),
        RowRule(
            "staff_not_zero",
            "production_workers + management_staff must be more than 0",
            ("production_workers", "management_staff"),
            pl.col("production_workers") + pl.col("management_staff") <= 0,
        ),
    ),
)

# Dimension tables first: the loader checks and writes them in this order.
TABLES: tuple[Table, ...] = (
    UNITS,
    WORKSHOPS,
    OUTPUT_UNITS,
    TEAMS,
    DAILY_OUTPUT,
    ACCIDENTS,
    PROPOSALS,
    EVENTS,
    UNIT_COSTS,
    UNIT_FUNDS,
    UNIT_STAFF,
)
BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
# The tables a source must hold; the others may be left out.
REQUIRED: tuple[str, ...] = tuple(t.name for t in TABLES if not t.optional)

# Rules that span tables, beyond plain references: (table, rule name, description).
TEAM_OF_UNIT = "team_of_unit"
CROSS_TABLE_RULES: tuple[tuple[str, str, str], ...] = (
    ("accidents", TEAM_OF_UNIT, "team_id must be a team of the accident's unit_id"),
    ("proposals", TEAM_OF_UNIT, "team_id must be a team of the proposal's unit_id"),
)


def _bound(c: Column) -> str:
    parts = []
    if c.minimum is not None:
        parts.append(f"{'>' if c.exclusive_minimum else '>='} {c.minimum:g}")
    if c.maximum is not None:
        parts.append(f"<= {c.maximum:g}")
    if c.allowed:
        parts.append("one of " + ", ".join(f"`{a}`" for a in c.allowed))
    return "; ".join(parts)


def to_markdown() -> str:
    """The contract as Markdown tables: the generated part of docs/data_contract.md."""
    out: list[str] = []
    for t in TABLES:
        optional = " A source may leave it out: the table is then empty." if t.optional else ""
        out.append(f"### `{t.name}`\n\n{t.description} Key: {', '.join(t.key)}.{optional}\n")
        out.append("| column | type | null | rule | meaning |\n|---|---|---|---|---|")
        for c in t.columns:
            null = "yes" if c.nullable else "no"
            out.append(f"| `{c.name}` | {c.type} | {null} | {_bound(c)} | {c.description} |")
        rules = [f"`{', '.join(r.columns)}` → `{r.table}`" for r in t.references]
        rules += [f"{r.description} (`{r.name}`)" for r in t.row_rules]
        rules += [d + f" (`{n}`)" for tn, n, d in CROSS_TABLE_RULES if tn == t.name]
        if rules:
            out.append("\nRules: " + "; ".join(rules) + ".")
        out.append("")
    return "\n".join(out)
