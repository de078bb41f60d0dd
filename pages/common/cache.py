"""The thin cached layer between the pages and queries/.

One read-only DuckDB connection per process and database file; one cache for query results,
keyed by the query, its (hashable) arguments and the database file's identity, so that a
newly published database is read at once and never mixed with cached results of the old.

It is also the pages' only way into queries/: the types, rules and constants they need are
named here too (Filters, settings, the Explore page's vocabulary, the Data page's actions),
so that no page script imports queries/ itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import duckdb
import polars as pl
import streamlit as st

from queries import campaign, export  # noqa: F401  (re-exported for the pages)
from queries.access import policy
from queries.admin import data_state
from queries.alerts import config as alert_config
from queries.alerts import rules as alert_rules
from queries.alerts import view as alert_view
from queries.analytics import (
    cost,
    did,
    explore,
    metrics,
    overview,
    productivity,
    proposals,
    quality,
    rollout,
    unit,
)
from queries.analytics import filters as scope
from queries.analytics.filters import Filters
from queries.ingest import publish
from queries.store import db, sandbox, scoped

# --- what the pages need besides query results ------------------------------------------
# Named here so that pages reach queries/ only through this module; none is a query, so
# none is cached.
DatabaseMissing = campaign.DatabaseMissing
in_scope = scope.in_scope  # the units a Filters value keeps
# Rules the pages apply to what they already hold: plain functions, nothing to cache.
is_share = metrics.is_share  # a metric read as a percentage
any_small = metrics.any_small  # a row whose rates rest on little data
# `explore` and `sandbox`, imported above, are the Explore page's vocabulary: its sources,
# column kinds, measures, filters and specs (queries.analytics.explore), and the SQL box's
# limits and outcomes (queries.store.sandbox). The page imports them from here; their
# queries run only through the cached calls below (explore_*, run_sql), which hold the
# connections. `export` (queries/export.py) is the one writer of every download: text that
# starts like a formula is written as text.


# --- who is looking ------------------------------------------------------------------------
# Login is Streamlit's own (st.login, [auth] in .streamlit/secrets.toml); the policy
# (queries/access) turns the identity into a Grant. The Grant's units are set here, on every
# Filters value any page passes to any cached call (_keyed), so no page can ask for more.
AccessError = policy.AccessError
RECORDS, DATA = policy.RECORDS, policy.DATA


class NotSignedIn(Exception):
    """Login is on and nobody has signed in in this session."""


class NoAccess(Exception):
    """Signed in, but the policy grants this identity nothing."""

    def __init__(self, identity: policy.Identity) -> None:
        super().__init__(identity.shown)
        self.identity = identity


def auth_on() -> bool:
    """Whether login is configured: an [auth] section in the app's secrets."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, ValueError):
        # no secrets file at all (Streamlit's own error derives from FileNotFoundError),
        # or one that does not parse: no login configured
        return False


def _claims_key(user: Mapping[str, Any], groups_claim: str) -> tuple:
    groups = user.get(groups_claim) or ()
    groups = (groups,) if isinstance(groups, str) else tuple(str(g) for g in groups)
    return (
        ("email", str(user.get("email") or "")),
        ("sub", str(user.get("sub") or "")),
        ("name", str(user.get("name") or "")),
        (groups_claim, tuple(sorted(groups))),
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def _policy(fingerprint: tuple[str, int]) -> policy.Policy:
    return policy.load(Path(fingerprint[0]))


@st.cache_resource(max_entries=256, show_spinner=False)
def _grant(claims: tuple, fingerprint: tuple[str, int], v: Version) -> policy.Grant | None:
    return policy.grant(_policy(fingerprint), dict(claims), overview.units(_connection(v)))


def viewer() -> policy.Grant | None:
    """The signed-in user's grant, None when login is off (everyone sees every unit).
    Raises NotSignedIn, NoAccess, or AccessError for a policy that cannot be used."""
    if not auth_on():
        return None
    if not st.user.is_logged_in:
        raise NotSignedIn
    fingerprint = policy.fingerprint()
    pol = _policy(fingerprint)
    found = _grant(_claims_key(st.user, pol.groups_claim), fingerprint, version())
    if found is None:
        raise NoAccess(policy.identity_of(st.user, pol.groups_claim))
    return found


def within() -> tuple[str, ...] | None:
    """The unit ids this session may see (None: every unit)."""
    grant = viewer()
    return None if grant is None else grant.within


def can(capability: str) -> bool:
    """Whether this session's role may use RECORDS or DATA (always, with login off)."""
    grant = viewer()
    return grant is None or grant.can(capability)


def _in_scope_of_viewer(args: tuple) -> tuple:
    if not any(isinstance(a, Filters) for a in args):
        return args
    w = within()
    return tuple(replace(a, within=w) if isinstance(a, Filters) else a for a in args)


class Settings:
    """The rules' constants a page shows, offers as a default or sizes a view by, read from
    queries/ at each use (a test that changes one there changes the page too)."""

    @property
    def rushed_threshold(self) -> float:
        """Share of a unit's teams joined within 7 days above which it rushed in (一轰而起)."""
        return rollout.RUSHED_THRESHOLD

    @property
    def quilt_rows(self) -> int:
        """Units on the Rollout quilt at a time."""
        return rollout.QUILT_ROWS

    @property
    def min_comparison_teams(self) -> int:
        """Teams not yet joined that an effect estimate needs to compare with."""
        return did.MIN_COMPARISON_TEAMS

    @property
    def min_wave_teams(self) -> int:
        """Teams a wave needs for an effect of its own."""
        return productivity.MIN_WAVE_TEAMS

    @property
    def cost_settled_months(self) -> tuple[int, int]:
        """Months after launch over which the cost effect is read as settled."""
        return cost.SETTLED_MONTHS

    @property
    def cost_pretrend_months(self) -> tuple[int, int]:
        """Months before launch that the cost effect's pre-trend check tests."""
        return cost.PRETREND_MONTHS

    @property
    def quota_methods(self) -> tuple[str, ...]:
        return productivity.QUOTA_METHODS

    @property
    def min_quota_teams(self) -> int:
        """Teams a month's quota needs (in the month with the most) to be shown."""
        return productivity.MIN_QUOTA_TEAMS

    @property
    def window_days(self) -> int:
        """Days before and after joining that the Quality page compares (its default)."""
        return quality.WINDOW_DAYS

    @property
    def overdue_days(self) -> int:
        """Days a pending proposal waits before it is overdue (the Proposals page's default)."""
        return proposals.OVERDUE_DAYS

    @property
    def age_bin_days(self) -> int:
        """Width of the backlog chart's age bins."""
        return proposals.AGE_BIN_DAYS

    @property
    def report_window(self) -> tuple[date, date]:
        """The Xinhua report's window for the twelve leading units' proposals."""
        return proposals.REPORT_WINDOW

    @property
    def examples_per_kind(self) -> int:
        """Findings listed for each kind of load warning."""
        return data_state.EXAMPLES_PER_KIND

    @property
    def rule_keys(self) -> Mapping[str, str]:
        """The loader's rules, to the catalog keys that name them."""
        return data_state.RULE_KEYS

    @property
    def alert_rules(self) -> tuple[str, ...]:
        """The alert rules, in the order the Alerts page offers them."""
        return alert_rules.RULES

    @property
    def alert_severities(self) -> tuple[str, ...]:
        return alert_config.SEVERITIES

    @property
    def alert_statuses(self) -> tuple[str, ...]:
        return alert_view.STATUSES


settings = Settings()

P = ParamSpec("P")
R = TypeVar("R")
Version = tuple[str, int]

_QUERIES: dict[str, Callable[..., Any]] = {}


@st.cache_resource(show_spinner=False)
def database_path() -> Path:
    # Building the sample database happens here, once per process.
    return campaign.database_path()


def version() -> Version:
    """The file the database name resolves to now, and its modification time.

    The name may be a link that a load or a rollback switches atomically (queries.publish).
    Resolving it on every call makes a switch visible at once, without a restart; keying
    every cache on the resolved file means results of one file are never served for another,
    and a session mid-run keeps reading the file it resolved, which is never removed under it.
    """
    path = database_path()
    for _ in range(3):
        resolved = os.path.realpath(path)
        try:
            return (resolved, os.stat(resolved).st_mtime_ns)
        except FileNotFoundError:
            continue  # switched, and the old file pruned, between the two calls
    raise campaign.DatabaseMissing(f"{path} does not lead to a database file")


# Two entries: the current database and, while a switch is under way, the one before it.
@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(v: Version) -> duckdb.DuckDBPyConnection:
    return db.connect(Path(v[0]))


# Bounded on purpose: results are small frames, but filter combinations are unbounded.
# A resource cache hands every session the same frame: st.cache_data would unpickle a copy
# on every hit (about 12 ms a frame on the Quality page at 10M rows, every run). Polars frames
# are not changed in place, and nothing here changes a result after it is returned.
@st.cache_resource(ttl=3600, max_entries=512, show_spinner=False)
def _run(name: str, v: Version, args: tuple) -> Any:
    return _QUERIES[name](_connection(v), *args)


def _keyed(fn: Callable[..., Any], registry: dict[str, Callable[..., Any]], run) -> Callable:
    """A call of fn by name through the cache `run`, keyed by its arguments and the version."""
    # a page script runs as __main__: its file tells its functions from another page's
    module = fn.__code__.co_filename if fn.__module__ == "__main__" else fn.__module__
    name = f"{module}.{fn.__qualname__}"
    registry[name] = fn

    def call(*args, **kwargs):
        if kwargs:
            raise TypeError(f"{name}: pass arguments by position")
        return run(name, version(), _in_scope_of_viewer(args))

    call.__name__ = fn.__name__
    call.__doc__ = fn.__doc__
    call.in_scope = lambda args: run(name, version(), args)
    return call


def later(call: Callable[P, R], *args: P.args) -> Callable[[], R]:
    """call(*args), to be made after this run (a download built when it is clicked).

    Streamlit runs such a callable outside the script run, where st.user cannot be read:
    the session's scope and role are settled now, while it can.
    """
    needs = getattr(call, "needs", None)
    if needs is not None and not can(needs):
        raise PermissionError(f"{call.__name__} is not open to this session's role")
    scoped = _in_scope_of_viewer(args)
    return lambda: call.in_scope(scoped)


def cached(fn: Callable[Concatenate[duckdb.DuckDBPyConnection, P], R]) -> Callable[P, R]:
    """Wrap a query function (connection first) as a cached call without the connection."""
    return _keyed(fn, _QUERIES, _run)


_COMPOSED: dict[str, Callable[..., Any]] = {}


@st.cache_resource(ttl=3600, max_entries=512, show_spinner=False)
def _compose(name: str, v: Version, args: tuple) -> Any:
    return _COMPOSED[name](*args)


def composed(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache a function computed from other cached calls (no query of its own): several
    views of one query result are computed once per filter, not on every run of the page."""
    return _keyed(fn, _COMPOSED, _compose)


_FIGURES: dict[str, Callable[..., Any]] = {}


# Fewer entries than the results: a chart with a point per unit carries each point's id and
# hover text (about 1 MB at a ministry's 1,300 units).
@st.cache_resource(ttl=3600, max_entries=64, show_spinner=False)
def _figure(name: str, v: Version, args: tuple) -> Any:
    return _FIGURES[name](*args)


def figure(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache a chart built from cached calls alone, keyed by every argument it is given (the
    filters, the page's choices, the language) and the database version. Building a chart
    with a point per unit costs more than sending it (tens of ms at 10M rows, on every run);
    the figure is shared, and st.plotly_chart sends a copy, never changing it."""
    return _keyed(fn, _FIGURES, _figure)


_all_units = cached(overview.units)


def units() -> pl.DataFrame:
    """Every unit this session may see, for the sidebar's options and names."""
    w = within()
    found = _all_units()
    return found if w is None else found.filter(pl.col("unit_id").is_in(list(w)))


data_period = cached(overview.data_period)
previous_is_comparable = overview.previous_is_comparable  # a rule, not a query
with_plan = overview.with_plan  # a ranking's rows that have a plan fulfilment
kpis = cached(overview.kpis)
coverage_by_day = cached(overview.coverage_by_day)
coverage_events = cached(overview.coverage_events)
unit_ranking = cached(overview.unit_ranking)
bureau_ranking = cached(overview.bureau_ranking)

# the unit page
unit_profile = cached(unit.profile)
unit_industry_standing = cached(unit.industry_standing)
unit_teams = cached(unit.teams)
unit_team_days = cached(unit.team_days)
unit_workshop_weeks = cached(unit.workshop_weeks)
unit_quality_weeks = cached(unit.quality_weeks)
unit_accidents = cached(unit.accidents)


def _records_only(fn: Callable[P, R]) -> Callable[P, R]:
    """A records call that refuses a role without RECORDS (the page offers it only to those
    with it; this holds even if a page forgot)."""

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        if not can(RECORDS):
            raise PermissionError("the unit's records are not open to this session's role")
        return fn(*args, **kwargs)

    call.__name__, call.__doc__ = fn.__name__, fn.__doc__
    call.needs, call.in_scope = RECORDS, fn.in_scope
    return call


unit_records = _records_only(cached(unit.records))
unit_record_counts = _records_only(cached(unit.record_counts))
unit_records_xlsx = _records_only(cached(unit.records_xlsx))
unit_records_zip = _records_only(cached(unit.records_zip))
unit_export_name = unit.export_name  # a name, not a query: nothing to cache

# the Rollout page
rollout_coverage = cached(rollout.coverage_over_time)
rollout_quilt = cached(rollout.coverage_quilt)
rollout_pace = cached(rollout.pace)
rushed_units = cached(rollout.rushed_units)
units_preparing = cached(rollout.units_preparing)

# the Productivity page
# The three trends are sums of the same unit-period rows: fetched once per filter and grain.
unit_periods = cached(productivity.unit_periods)


@composed
def productivity_trend(f: Filters, grain: str, by: str) -> pl.DataFrame:
    return productivity.trend_of(unit_periods(f, grain), by)


@composed
def team_plans_trend(f: Filters, grain: str) -> pl.DataFrame:
    return productivity.team_plans_of(unit_periods(f, grain))


@composed
def team_plans_by_unit(f: Filters, grain: str = "month") -> pl.DataFrame:
    return productivity.team_plans_by_unit_of(unit_periods(f, grain))


with_team_plans = productivity.with_team_plans  # rules, not queries
with_index_change = productivity.with_index_change
pretrend_passes = did.pretrend_passes
output_units = cached(productivity.output_units)
quotas = cached(productivity.quotas)
index_change_ranking = cached(productivity.index_change_ranking)
# One estimation serves the three: the panel behind them is the costly part.
_campaign_effect = cached(productivity.campaign_effect_all)


def effect_sample(f: Filters, by_wave: bool = False) -> pl.DataFrame:
    return _campaign_effect(f, by_wave).sample


def campaign_effect(f: Filters, by_wave: bool) -> pl.DataFrame:
    return _campaign_effect(f, by_wave).effect


def campaign_effect_summary(f: Filters, by_wave: bool) -> pl.DataFrame:
    return _campaign_effect(f, by_wave).summary


# the Plan and cost page (the economic accounting system); the Overview and the unit page
# show its figures too. The page's views are sums of the same unit-month rows.
cost_record_counts = cached(cost.record_counts)
cost_unit_months = cached(cost.unit_months)
cost_unit_month_items = cached(cost.unit_month_items)
cost_kpis = cached(cost.kpis)
_cost_effect = cached(cost.campaign_effect)


def has_cost_data() -> bool:
    """Whether the campaign holds any cost, funds or staff record."""
    return any(v > 0 for v in cost_record_counts().values())


@composed
def cost_summary(f: Filters) -> pl.DataFrame:
    return cost.summary_of(cost_unit_months(f))


@composed
def cost_trend(f: Filters) -> pl.DataFrame:
    return cost.trend_of(cost_unit_months(f))


@composed
def cost_by_unit(f: Filters) -> pl.DataFrame:
    return cost.by_unit_of(cost_unit_months(f))


@composed
def cost_items(f: Filters) -> pl.DataFrame:
    return cost.items_of(cost_unit_month_items(f), cost_unit_months(f))


def cost_effect_sample(f: Filters, split: str) -> pl.DataFrame:
    return _cost_effect(f, split).sample


def cost_effect(f: Filters, split: str) -> pl.DataFrame:
    return _cost_effect(f, split).effect


def cost_effect_summary(f: Filters, split: str) -> pl.DataFrame:
    return _cost_effect(f, split).summary


# the Quality and safety page
quality_over_time = cached(quality.over_time)
# The four views of the units' windows share one query and one computation of limits.
quality_windows = cached(quality.windows)


@composed
def quality_before_after(f: Filters, days: int = quality.WINDOW_DAYS) -> pl.DataFrame:
    return quality.before_after_of(quality_windows(f, days))


@composed
def quality_flagged(f: Filters, days: int = quality.WINDOW_DAYS) -> pl.DataFrame:
    return quality.flagged_of(quality_before_after(f, days))


@composed
def quality_funnel_lines(f: Filters, days: int = quality.WINDOW_DAYS) -> pl.DataFrame:
    return quality.funnel_lines_of(quality_before_after(f, days))


@composed
def quality_rushed_vs_gradual(
    f: Filters, threshold: float = quality.RUSHED_THRESHOLD, days: int = quality.WINDOW_DAYS
) -> pl.DataFrame:
    return quality.rushed_vs_gradual_of(quality_windows(f, days), rushed_units(f, threshold))


measure_counts = quality.counts_of  # rules, not queries
tradeoff_points = quality.tradeoff_points
funnel_points = quality.funnel_points
cause_order = quality.cause_order
accidents_by_cause = cached(quality.accidents_by_cause)
accidents_in_scope = cached(quality.accidents)

# the Proposals page
proposal_funnel = cached(proposals.funnel)
proposals_by_month = cached(proposals.by_month)
proposals_report_units = cached(proposals.report_window_units)
proposals_by_unit = cached(proposals.by_unit)
proposals_by_category = cached(proposals.by_category)
# The backlog chart and the overdue list are two views of one query's rows.
proposals_pending = cached(proposals.pending)


@composed
def proposal_backlog(
    f: Filters,
    overdue_days: int = proposals.OVERDUE_DAYS,
    bin_days: int = proposals.AGE_BIN_DAYS,
) -> pl.DataFrame:
    return proposals.backlog_by_age_of(proposals_pending(f), overdue_days, bin_days)


@composed
def proposals_overdue(f: Filters, overdue_days: int = proposals.OVERDUE_DAYS) -> pl.DataFrame:
    return proposals.overdue_of(proposals_pending(f), overdue_days)


proposals_search = cached(proposals.search)

# the Alerts page
alerts = cached(alert_view.alerts)
_alert_runs = cached(alert_view.runs)


def alert_runs() -> pl.DataFrame:
    """The evaluations, without their campaign-wide count of open alerts for a session
    that sees only some units."""
    runs = _alert_runs()
    return runs if within() is None else runs.drop("open_alerts")


# the Data page
data_row_counts = cached(data_state.row_counts)
data_date_ranges = cached(data_state.date_ranges)
data_load_info = cached(data_state.load_info)
data_load_files = cached(data_state.load_files)
data_warning_kinds = cached(data_state.warning_kinds)
data_warning_examples = cached(data_state.warning_examples)
examples_of = data_state.examples_of  # a rule, not a query


def data_history():
    """The versions kept beside the database (read from disk: a rollback changes it)."""
    return data_state.history(database_path())


# The Data page's actions: they change which database is current, so nothing is cached.
PublishError = publish.PublishError


def rollback_allowed() -> bool:
    """The switch (EMULATION_ALLOW_ROLLBACK) and, with login on, the admin role."""
    return data_state.rollback_allowed() and can(DATA)


def upload_allowed() -> bool:
    """The switch (EMULATION_ALLOW_UPLOAD) and, with login on, the admin role."""
    return data_state.upload_allowed() and can(DATA)


upload_examples = data_state.examples  # the first findings of one kind of an upload's


def rollback(to: str) -> publish.Version:
    """Make the kept version `to` current."""
    if not rollback_allowed():
        raise PermissionError("rollback is not allowed for this session")
    return data_state.rollback(database_path(), to)


def load_uploaded(
    files: list[tuple[str, bytes]],
    append: bool,
    progress: Callable[[str, str, int, int], None] | None = None,
) -> data_state.Outcome:
    """Run the loader on uploaded files (name, bytes) and publish them if they pass;
    progress(table, stage, rows done, rows in all) follows reading and checking."""
    if not upload_allowed():
        raise PermissionError("upload is not allowed for this session")
    return data_state.load_uploaded(files, database_path(), append=append, progress=progress)


# the Explore page
explore_columns = cached(explore.columns)
explore_aggregate = cached(explore.aggregate)
explore_profile = cached(explore.column_profile)
explore_catalog = cached(explore.catalog)


# The SQL box reads through a locked connection of its own (queries/sandbox.py), never
# through the pages' one; a session that sees only some units reads a copy of the
# database holding only them (queries/store/scoped.py), so nothing typed reaches the rest.
@st.cache_resource(max_entries=8, show_spinner=False)
def _sandbox(v: Version, w: tuple[str, ...] | None) -> duckdb.DuckDBPyConnection:
    path = Path(v[0])
    if w is not None:
        path = scoped.database(path, w, sandbox.CAMPAIGN_TABLES)
    return sandbox.open_sandbox(path)


# A query runs once per text, database and scope, not again on every rerun of the page.
@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _run_sql(text: str, v: Version, w: tuple[str, ...] | None) -> sandbox.Outcome:
    return sandbox.run(_sandbox(v, w), text)


def run_sql(text: str) -> sandbox.Outcome:
    if not can(RECORDS):
        raise PermissionError("the SQL box is not open to this session's role")
    return _run_sql(text, version(), within())
