"""The frame around every page: the language switch and the sidebar's filters.

dashboard.py calls render() on every run, before the page; pages read context(). Every
filter is a URL-bound widget (pages/common/url.py), so a copied link reopens the same view
and the filters persist across pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from pages.common import cache, fmt, safe, url
from pages.common.catalog import LANG_LABELS, LANGS, label, t

FILTER_KEYS = ("period", "bureau", "industry", "province", "ownership", "unit")


@dataclass(frozen=True)
class Context:
    lang: str
    filters: cache.Filters
    units: pl.DataFrame  # every unit the session may see, for names and options
    scope: pl.DataFrame  # the units the filters keep


def language() -> str:
    return url.choice(
        "lang", t("lang.label", "en"), list(LANGS), "en", LANG_LABELS.get, where=st.sidebar
    )


def _clear() -> None:
    url.forget(lambda key: key in FILTER_KEYS)


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
    def read(raw: list[str]) -> tuple[tuple[date, date], list[str]]:
        parsed = _parse_period(raw, first, last)
        return (parsed, []) if parsed else ((first, last), raw)

    if st.session_state.get("period") is not None:
        # A database published while this session is open may cover fewer days than the
        # period chosen on the old one, and the widget raises on a value outside its bounds.
        stored = st.session_state["period"]
        picked = tuple(stored) if isinstance(stored, list | tuple) else (stored,)
        clamped = tuple(min(max(d, first), last) for d in picked if d is not None)
        if clamped != picked:
            st.session_state["period"] = clamped
    url.seed("period", read)
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
    url.publish("period", None if default else [f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"])
    return start, end


def _names(units: pl.DataFrame, key: str, lang: str, en: str, zh: str) -> dict[str, str]:
    shown = zh if lang == "zh" else en
    return fmt.distinct_names(units[key].to_list(), units[shown].to_list())


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
    pool = set(cache.in_scope(units, cache.Filters(date.min, date.min, **others))[column].to_list())
    pool |= set(current[key])
    if key == "unit":  # units keep their order by launch; the rest sort by code
        return [u for u in units["unit_id"].to_list() if u in pool]
    return sorted(pool)


def render(lang: str | None = None) -> Context:
    """The sidebar's filters (after the language switch, drawn here unless lang is given)."""
    lang = language() if lang is None else lang
    units = cache.units()
    first, last = cache.data_period()
    st.sidebar.header(t("filters.header", lang))
    start, end = _period(first, last, lang)

    # Every facet is seeded from the link before any is drawn: each one's options depend on
    # the others' choices.
    for key, column, _ in FACETS:
        url.seed(key, url.some_of(units[column].unique().to_list()))
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
        field: tuple(
            url.multi(
                key,
                t(f"filters.{key}", lang),
                _facet_options(units, key, column, current),
                formats[key],
                where=st.sidebar,
                placeholder=t("filters.all", lang),
                persist_state="session",
            )
        )
        for key, column, field in FACETS
    }

    f = cache.Filters(start, end, **chosen)
    scope = cache.in_scope(units, f)
    st.sidebar.caption(t("filters.scope", lang, units=scope.height, n=units.height))
    ignored = url.take_ignored()
    if ignored:
        st.sidebar.warning(t("filters.ignored", lang, items=safe.md("; ".join(ignored))))
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
