"""pages/common/routing.py: a click's target applied to the sidebar filter and the page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from pages.common import routing, selection

    st.button(
        "one", key="one", on_click=routing.follow, args=(selection.target_for("unit", ["u1"]),)
    )
    st.button(
        "two",
        key="two",
        on_click=routing.follow,
        args=(selection.target_for("unit", ["u1", "u2"]),),
    )
    st.button("none", key="none", on_click=routing.follow, args=(None,))
    st.session_state["went"] = routing.pending_page()


def test_one_unit_sets_the_filter_and_asks_for_its_page_once():
    at = AppTest.from_function(_script)
    at.run()
    at.button(key="one").click().run()
    assert at.session_state["unit"] == ["u1"]
    assert at.session_state["went"] == "pages/unit.py"
    at.run()
    assert at.session_state["went"] is None  # asked for once


def test_several_units_narrow_the_filter_and_stay():
    at = AppTest.from_function(_script)
    at.run()
    at.button(key="two").click().run()
    assert at.session_state["unit"] == ["u1", "u2"]
    assert at.session_state["went"] is None


def test_a_click_that_leads_nowhere_changes_nothing():
    at = AppTest.from_function(_script)
    at.run()
    at.button(key="none").click().run()
    assert "unit" not in at.session_state
    assert at.session_state["went"] is None
