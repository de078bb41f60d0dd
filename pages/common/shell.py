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
from queries.filters import Filters, in_scope

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


def _seed_from_url(key: str, options: list[str] | None, multi: bool, default=None) -> None:
    """Before a widget's first run in a session, take its value from the URL (if valid)."""
    if key in st.session_state:
        return
    raw = st.query_params.get_all(key)
    valid = [v for v in raw if options is None or v in options]
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
    value = where.segmented_control(label_text, options, required=True, format_func=fmt, key=key)
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


def _parse_period(raw: list[str], first: date, last: date) -> tuple[date, date]:
    try:
        days = sorted(date.fromisoformat(v) for v in raw)
    except ValueError:
        return first, last
    if len(days) != 2:
        return first, last
    return max(days[0], first), min(days[1], last)


def _period(first: date, last: date, lang: str) -> tuple[date, date]:
    if st.session_state.get("period") is None:
        st.session_state["period"] = _parse_period(st.query_params.get_all("period"), first, last)
    chosen = st.sidebar.date_input(
        t("filters.period", lang),
        min_value=first,
        max_value=last,
        format="YYYY-MM-DD",
        key="period",
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
    )
    _publish(name, list(chosen))
    return tuple(chosen)


def render() -> Context:
    lang = language()
    units = data.units()
    first, last = data.data_period()
    st.sidebar.header(t("filters.header", lang))
    start, end = _period(first, last, lang)

    bureau_names = _names(units, "bureau_en", lang, "bureau_en", "bureau_zh")
    bureaus = _multiselect("bureau", sorted(bureau_names), lambda b: bureau_names.get(b, b), lang)
    industries = _multiselect(
        "industry",
        sorted(units["industry"].unique().to_list()),
        lambda c: label("industry", c, lang),
        lang,
    )
    provinces = _multiselect(
        "province",
        sorted(units["province"].unique().to_list()),
        lambda c: label("province", c, lang),
        lang,
    )
    ownerships = _multiselect(
        "ownership",
        sorted(units["ownership"].unique().to_list()),
        lambda c: label("ownership", c, lang),
        lang,
    )
    # The unit list offers the units the other filters keep, plus any already chosen, so a
    # chosen unit never silently disappears from the widget when another filter changes.
    narrowed = in_scope(units, Filters(start, end, bureaus, industries, provinces, ownerships))
    _seed_from_url("unit", None, multi=True)
    chosen_before = set(st.session_state.get("unit") or ())
    unit_names = _names(units, "unit_id", lang, "name_en", "name_zh")
    unit_options = [
        u for u in units["unit_id"].to_list() if u in set(narrowed["unit_id"]) or u in chosen_before
    ]
    unit_ids = _multiselect("unit", unit_options, lambda u: unit_names.get(u, u), lang)

    f = Filters(start, end, bureaus, industries, provinces, ownerships, unit_ids)
    scope = in_scope(units, f)
    st.sidebar.caption(t("filters.scope", lang, units=scope.height, total=units.height))
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
        ids = selection.ids_from_plotly(st.session_state.get(key), id_index)
        follow(selection.target_for(kind, ids))

    return callback


def on_row_click(key: str, kind: str, row_ids: list):
    """A st.dataframe on_select callback: row i of the table stands for row_ids[i]."""

    def callback() -> None:
        ids = selection.ids_from_rows(st.session_state.get(key), row_ids)
        follow(selection.target_for(kind, ids))

    return callback


def pending_page() -> str | None:
    """The page a click asked for in the last callback, once."""
    return st.session_state.pop(GOTO, None)
