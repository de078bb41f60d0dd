"""Click routing, the Streamlit side: a click on a chart's point or a table's row sets the
sidebar filter it stands for and, for a unit, asks for the unit's page.

What a click means is decided by the pure functions of pages/common/selection.py; this
module reads the click from session state in a widget callback, applies its target, and
hands dashboard.py the page to switch to (pending_page).
"""

from __future__ import annotations

import streamlit as st

from pages.common import selection

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
