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

from pages.common import data
from pages.common.catalog import LANG_LABELS, LANGS, label, t
from queries.filters import Filters, in_scope

FILTER_KEYS = ("period", "bureau", "industry", "province", "ownership", "unit")


@dataclass(frozen=True)
class Context:
    lang: str
    filters: Filters
    units: pl.DataFrame  # every unit, for names and options
    scope: pl.DataFrame  # the units the filters keep


def language() -> str:
    chosen = st.sidebar.segmented_control(
        t("lang.label", "en"),
        LANGS,
        default="en",
        required=True,
        format_func=LANG_LABELS.get,
        key="lang",
        bind="query-params",
    )
    return chosen if chosen in LANGS else "en"


def _clear() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def _period(first: date, last: date, lang: str) -> tuple[date, date]:
    chosen = st.sidebar.date_input(
        t("filters.period", lang),
        value=(first, last),
        min_value=first,
        max_value=last,
        format="YYYY-MM-DD",
        key="period",
        bind="query-params",
    )
    picked = tuple(chosen) if isinstance(chosen, list | tuple) else (chosen,)
    start = picked[0] if picked and picked[0] else first
    if len(picked) < 2 or picked[1] is None:
        st.sidebar.caption(t("filters.period_incomplete", lang))
        return start, last
    return start, picked[1]


def _names(units: pl.DataFrame, key: str, lang: str, en: str, zh: str) -> dict[str, str]:
    pairs = units.select(key, en, zh).unique(subset=key)
    return dict(zip(pairs[key], pairs[zh if lang == "zh" else en], strict=True))


def _multiselect(name: str, options: list[str], fmt, lang: str) -> tuple[str, ...]:
    chosen = st.sidebar.multiselect(
        t(f"filters.{name}", lang),
        options,
        format_func=fmt,
        placeholder=t("filters.all", lang),
        key=name,
        bind="query-params",
    )
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


def context() -> Context:
    """The context dashboard.py rendered for this run."""
    return st.session_state["_context"]
