"""Number formats shared by every page (the same digits in both languages)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import polars as pl

from pages.common import cache, safe
from pages.common.catalog import t


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x: float | None, digits: int = 0) -> str:
    return "—" if _missing(x) else f"{x:,.{digits}f}"


def pct(share: float | None, digits: int = 1) -> str:
    """A share (0.123) as a percentage ('12.3%')."""
    return "—" if _missing(share) else f"{share * 100:,.{digits}f}%"


def delta(x: float | None, digits: int = 1, suffix: str = "", worse_if_up: bool = False) -> dict:
    """st.metric's delta arguments for a change: none when it cannot be computed, and no
    arrow or colour when nothing changed (a zero is not a rise)."""
    text = signed(x, digits, suffix)
    if text is None:
        return {"delta": None}
    if round(x, digits) == 0:
        return {"delta": text.replace("+", "±", 1), "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text, "delta_color": "inverse" if worse_if_up else "normal"}


def signed(x: float | None, digits: int = 1, suffix: str = "") -> str | None:
    """A change with its sign, or None (no delta shown) when it cannot be computed."""
    if _missing(x):
        return None
    return f"{x:+,.{digits}f}{suffix}"


# Names written out in a sentence; past this many the rest are counted, not listed.
NAMES_IN_TEXT = 10


def distinct_names(ids: list[str], names: list[str]) -> dict[str, str]:
    """id -> name, where a name that two ids share is told apart by its id ("Name · id"):
    a widget shows the names, and two options of one label would be confused with each
    other (the contract does not make names unique)."""
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    return {i: (f"{n} · {i}" if seen[n] > 1 else n) for i, n in zip(ids, names, strict=True)}


def axis_labels(ids: list[str], names: list[str], limit: int = 64) -> list[str]:
    """Names for a chart's category axis, in ids' order: each shortened to limit characters
    (a name of hundreds would squeeze the plot to nothing; the hover keeps it whole), then
    told apart where two ids would share one (a category axis would merge their rows)."""
    return list(distinct_names(ids, [safe.clip(n, limit) for n in names]).values())


def named_list(names: list[str], lang: str, limit: int = NAMES_IN_TEXT) -> str:
    """Names joined as a sentence lists them ('A, B, C'), the first `limit` of them and a
    count of the rest: a ministry's hundred names would bury the sentence."""
    sep = "、" if lang == "zh" else ", "
    shown = sep.join(safe.md(n) for n in names[:limit])  # for markdown: names are data
    if len(names) <= limit:
        return shown
    return t("list.more", lang, shown=shown, more=num(len(names) - limit))


def each(frame: pl.DataFrame, column: str, fn: Callable[[Any], str]) -> pl.Expr:
    """pl.col(column) with fn applied to each value (a missing one stays missing), as a
    lookup of its distinct values.

    Not map_elements: Polars runs a Python function on its own worker threads, which then
    wait for the GIL. With several sessions rendering at once, the server's Polars workers
    and script threads waited on each other for good (the load test hung after 2 minutes;
    pola-rs/polars#24448 is the same shape). A dict of the distinct values, built here, is
    looked up without calling back into Python.
    """
    values = [v for v in frame[column].unique().to_list() if v is not None]
    return pl.col(column).replace_strict(
        {v: fn(v) for v in values}, default=None, return_dtype=pl.String
    )


def mark(flag: pl.Expr | str, text: str) -> pl.Expr:
    """A table column of `text` where flag (an expression or a boolean column) holds, and
    nothing elsewhere: a star, a check, a "yes"."""
    return pl.when(flag).then(pl.lit(text)).otherwise(pl.lit(""))


def small_mark(*rates: str) -> pl.Expr:
    """A star where any of the rates rests on little data; what counts as little is the
    rule of queries.analytics.metrics (cache.any_small)."""
    return mark(cache.any_small(*rates), "*")
