"""Long tables: the first rows on screen, every row in a download.

A ministry's accident list or proposal backlog runs to tens of thousands of rows; sent
whole, one table costs megabytes and seconds on every run of the page, and nobody reads
past the first screens. Such tables show their first ROW_LIMIT rows (in the order the page
sorted them), say so, and offer every row as CSV; the download is built only when clicked.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from pages.common import cache, fmt
from pages.common.catalog import t

ROW_LIMIT = 1_000
# Past this many, items a page would show as cards (flagged units) become rows of a table.
CARDS_LIMIT = 12


def shown_rows(total: int, limit: int = ROW_LIMIT) -> int:
    return min(total, limit)


def long_table(
    frame: pl.DataFrame,
    lang: str,
    key: str,
    file_name: str,
    limit: int = ROW_LIMIT,
    **dataframe_kwargs: Any,
) -> Any:
    """st.dataframe of the first `limit` rows of frame; when there are more, a caption with
    both counts and a CSV download of all of them. Returns what st.dataframe returns."""
    shown = shown_rows(frame.height, limit)
    out = st.dataframe(frame.head(shown), key=key, **{"placeholder": "—", **dataframe_kwargs})
    if frame.height > shown:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.caption(t("table.capped", lang, shown=fmt.num(shown), total=fmt.num(frame.height)))
        right.download_button(
            t("table.download_all", lang),
            data=lambda: cache.export.to_csv(frame),
            file_name=f"{file_name}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"{key}_csv",
        )
    return out
