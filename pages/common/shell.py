"""The frame around every page: language switch, sidebar filters and their URL state.

dashboard.py calls render() on every run, before the page; pages read context(). Each
widget is bound to a query parameter, so a copied link reopens the same view and the
filters persist across pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from pages.common import data, selection
from pages.common.catalog import LANG_LABELS, LANGS, label, t
from queries.analytics.filters import Filters, in_scope

FILTER_KEYS = ("period", "bureau", "industry", "province", "ownership", "unit")


@dataclass(frozen=True)
class Context:
    lang: str
    filters: Filters
    units: pl.DataFrame  # every unit, for names and options
    scope: pl.DataFrame  # the units the filters keep


# Widgets keep their values in session state; the URL mirrors them. Streamlit's own
# query-param binding stores an option's *label*, which changes with the language, so a
# link would lose its filters on a language switch. Codes go in the URL instead.


IGNORED = "_ignored_from_url"


def _seed_from_url(key: str, options: list[str] | None, multi: bool, default=None) -> None:
    """Before a widget's first run in a session, take its value from the URL (if valid).

    Values the link holds that are not valid options are dropped, and remembered so the
    sidebar can say what was ignored rather than silently showing another view.
    """
    if key in st.session_state:
        return
    raw = st.query_params.get_all(key)
    valid = [v for v in raw if options is None or v in options]
    dropped = [v for v in raw if v not in valid]
    if dropped:
        st.session_state.setdefault(IGNORED, []).append(f"{key}={', '.join(dropped)}")
    if multi:
        st.session_state[key] = list(dict.fromkeys(valid))
    else:
        st.session_state[key] = valid[0] if valid else default


def _publish(key: str, value: list[str] | str | None, default=None) -> None:
    """Write a widget's value into the URL, leaving defaults out to keep links short."""
    empty = value is None or value == [] or value == default
    if empty:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = value


def choice(
    key: str, label_text: str, options: list[str], default: str, fmt, *, sidebar=False
) -> str:
    """A segmented control whose value lives in session state and the URL."""
    _seed_from_url(key, options, multi=False, default=default)
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    where = st.sidebar if sidebar else st
    value = where.segmented_control(
        label_text, options, required=True, format_func=fmt, key=key, persist_state="session"
    )
    value = value if value in options else default
    _publish(key, value, default)
    return value


def language() -> str:
    return choice("lang", t("lang.label", "en"), list(LANGS), "en", LANG_LABELS.get, sidebar=True)


def _clear() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
        if key in st.query_params:
            del st.query_params[key]


def _parse_period(raw: list[str], first: date, last: date) -> tuple[date, date] | None:
    """The period a link asks for, clipped to the data; None when it cannot be used."""
    try:
        days = sorted(date.fromisoformat(v) for v in raw)
    except ValueError:
        return None
    if len(days) != 2:
        return None
    start, end = max(days[0], first), min(days[1], last)
    # a period wholly outside the data clips to an empty (inverted) one
    return (start, end) if start <= end else None


def _period(first: date, last: date, lang: str) -> tuple[date, date]:
    if st.session_state.get("period") is None:
        raw = st.query_params.get_all("period")
        parsed = _parse_period(raw, first, last)
        if raw and parsed is None:
            st.session_state.setdefault(IGNORED, []).append(f"period={', '.join(raw)}")
        st.session_state["period"] = parsed or (first, last)
    else:
        # A database published while this session is open may cover fewer days than the
        # period chosen on the old one, and the widget raises on a value outside its bounds.
        stored = st.session_state["period"]
        picked = tuple(stored) if isinstance(stored, list | tuple) else (stored,)
        clamped = tuple(min(max(d, first), last) for d in picked if d is not None)
        if clamped != picked:
            st.session_state["period"] = clamped
    chosen = st.sidebar.date_input(
        t("filters.period", lang),
        min_value=first,
        max_value=last,
        format="YYYY-MM-DD",
        key="period",
        # the sidebar belongs to every page: keep its values across page switches
        persist_state="session",
    )
    picked = tuple(chosen) if isinstance(chosen, list | tuple) else (chosen,)
    start = picked[0] if picked and picked[0] else first
    if len(picked) < 2 or picked[1] is None:
        st.sidebar.caption(t("filters.period_incomplete", lang))
        end = last
    else:
        end = picked[1]
    default = (start, end) == (first, last)
    _publish("period", None if default else [f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"])
    return start, end


def _names(units: pl.DataFrame, key: str, lang: str, en: str, zh: str) -> dict[str, str]:
    shown = zh if lang == "zh" else en
    return dict(zip(units[key].to_list(), units[shown].to_list(), strict=True))


def _multiselect(name: str, options: list[str], fmt, lang: str) -> tuple[str, ...]:
    _seed_from_url(name, options, multi=True)
    # A value no longer offered (another filter narrowed the list) would make the widget
    # raise; keep only offered ones.
    st.session_state[name] = [v for v in st.session_state.get(name) or [] if v in options]
    chosen = st.sidebar.multiselect(
        t(f"filters.{name}", lang),
        options,
        format_func=fmt,
        placeholder=t("filters.all", lang),
        key=name,
        persist_state="session",
    )
    _publish(name, list(chosen))
    return tuple(chosen)


# key in the URL and session, unit column, Filters field; in sidebar order.
FACETS = (
    ("bureau", "bureau_en", "bureaus"),
    ("industry", "industry", "industries"),
    ("province", "province", "provinces"),
    ("ownership", "ownership", "ownerships"),
    ("unit", "unit_id", "unit_ids"),
)


def _facet_options(units: pl.DataFrame, key: str, column: str, current: dict) -> list[str]:
    """The values of one attribute among the units the *other* filters keep, plus any already
    chosen: lists narrow each other, and a choice never vanishes from its own widget."""
    others = {field: current[k] for k, _, field in FACETS if k != key}
    pool = set(in_scope(units, Filters(date.min, date.min, **others))[column].to_list())
    pool |= set(current[key])
    if key == "unit":  # units keep their order by launch; the rest sort by code
        return [u for u in units["unit_id"].to_list() if u in pool]
    return sorted(pool)


def render() -> Context:
    lang = language()
    units = data.units()
    first, last = data.data_period()
    st.sidebar.header(t("filters.header", lang))
    start, end = _period(first, last, lang)

    for key, column, _ in FACETS:
        _seed_from_url(key, units[column].unique().to_list(), multi=True)
    current = {key: tuple(st.session_state.get(key) or ()) for key, _, _ in FACETS}
    bureau_names = _names(units, "bureau_en", lang, "bureau_en", "bureau_zh")
    unit_names = _names(units, "unit_id", lang, "name_en", "name_zh")
    formats = {
        "bureau": lambda b: bureau_names.get(b, b),
        "industry": lambda c: label("industry", c, lang),
        "province": lambda c: label("province", c, lang),
        "ownership": lambda c: label("ownership", c, lang),
        "unit": lambda u: unit_names.get(u, u),
    }
    chosen = {
        field: _multiselect(key, _facet_options(units, key, column, current), formats[key], lang)
        for key, column, field in FACETS
    }

    f = Filters(start, end, **chosen)
    scope = in_scope(units, f)
    st.sidebar.caption(t("filters.scope", lang, units=scope.height, n=units.height))
    ignored = st.session_state.pop(IGNORED, None)
    if ignored:
        st.sidebar.warning(t("filters.ignored", lang, items="; ".join(ignored)))
    st.sidebar.button(t("filters.reset", lang), on_click=_clear, key="reset_filters")
    ctx = Context(lang, f, units, scope)
    st.session_state["_context"] = ctx
    return ctx


def ensure_navigation() -> None:
    """Leave Streamlit's old pages/-folder mode before anything renders.

    Streamlit runs the first script run of a process whose app has a pages/ folder in its
    old auto-discovery mode, which would open a deep link such as /overview without the
    entrypoint's sidebar. st.navigation turns that mode off for good; if this run was still
    in it, turn it off and run again, this time through dashboard.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> Context:
    """The context dashboard.py rendered for this run."""
    ensure_navigation()
    return st.session_state["_context"]


# --- click-through -----------------------------------------------------------------------
GOTO = "_goto"


def follow(target: selection.Target | None) -> None:
    """Apply a click's target: set the sidebar filter, and ask for its page if it has one.

    Runs inside a widget callback, before the next run renders the sidebar, which is the
    only moment a widget's value may be set from code.
    """
    if target is None:
        return
    st.session_state[target.filter_key] = list(target.values)
    if target.page:
        st.session_state[GOTO] = target.page


def on_chart_click(key: str, kind: str, id_index: int = 0):
    """A Plotly on_select callback: the clicked points' customdata carry the ids."""

    def callback() -> None:
        follow(selection.target_for_points(kind, st.session_state.get(key), id_index))

    return callback


def chart(fig, key: str, kind: str | None, caption: str | None = None) -> None:
    """st.plotly_chart; when its points stand for a unit, bureau or industry (kind), a click
    follows it (on_chart_click) and `caption` says so above the chart."""
    if kind is None:
        st.plotly_chart(fig, key=key)
        return
    if caption:
        st.caption(caption)
    st.plotly_chart(fig, key=key, on_select=on_chart_click(key, kind), selection_mode="points")


def on_row_click(key: str, kind: str, row_ids: list):
    """A st.dataframe on_select callback: row i of the table stands for row_ids[i]."""

    def callback() -> None:
        ids = selection.ids_from_rows(st.session_state.get(key), row_ids)
        follow(selection.target_for(kind, ids))

    return callback


def pending_page() -> str | None:
    """The page a click asked for in the last callback, once."""
    return st.session_state.pop(GOTO, None)


# --- URL-backed widgets for a page's own choices (used by the Explore page) ---------------


def publish(key: str, value: list[str] | str | None, default=None) -> None:
    """Write a page widget's value into the URL, leaving defaults out."""
    _publish(key, value, default)


def select(key: str, label_text: str, options: list[str], default: str, fmt, **kwargs) -> str:
    """A selectbox whose value (a code, not a label) lives in session state and the URL."""
    _seed_from_url(key, options, multi=False, default=default)
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    value = st.selectbox(label_text, options, format_func=fmt, key=key, **kwargs)
    value = value if value in options else default
    _publish(key, value, default)
    return value


def multi(
    key: str, label_text: str, options: list[str], fmt, default: tuple[str, ...] = (), **kwargs
) -> list[str]:
    """A multiselect whose values (codes) live in session state and the URL.

    With a non-empty default, choosing nothing is written as an empty value (`key=`), so
    that the link reopens with nothing chosen rather than with the default.
    """
    if key not in st.session_state:
        raw = st.query_params.get_all(key)
        st.session_state[key] = list(dict.fromkeys(v for v in raw if v)) if raw else list(default)
    st.session_state[key] = [v for v in st.session_state[key] if v in options]
    chosen = list(st.multiselect(label_text, options, format_func=fmt, key=key, **kwargs))
    if chosen == [v for v in default if v in options]:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = chosen or [""]
    return chosen
