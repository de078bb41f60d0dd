"""pages/common/safe.py: untrusted text shown as text, in markdown and in Plotly."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from pages.common import fmt, safe
from tests.hostile import campaign as hostile


@pytest.mark.parametrize(
    "text", [hostile.LINK, hostile.IMAGE, hostile.HTML_LINK, hostile.HTML_IMAGE, "http://x.example"]
)
def test_markdown_of_escaped_text_has_no_link_or_image(text):
    def app(text):
        import streamlit as st

        st.markdown(text)

    at = AppTest.from_function(app, args=(safe.md(text),)).run()
    # AppTest keeps the markdown source; what the browser draws of it is checked in
    # tests/browser/test_hostile.py. Here: every markup character is escaped.
    shown = at.markdown[0].value
    for ch in "[]()!<>:":
        assert f"\\{ch}" in shown or ch not in text


def test_markdown_escape_keeps_the_visible_text():
    # a backslash before each ASCII punctuation mark is dropped by CommonMark
    assert safe.md("No. 1 [mine]").replace("\\", "") == "No. 1 [mine]"
    assert "\n" not in safe.md("a\n\n# b")


def test_code_span_fence_is_longer_than_any_backtick_run_inside():
    assert safe.code("a.csv") == "`a.csv`"
    assert safe.code("x``y") == "```x``y```"
    assert safe.code("`x") == "`` `x ``"


def test_plotly_text_is_escaped_in_strings_arrays_and_rows_but_numbers_stay():
    assert safe.html("<a href='h'>x</a> & y") == "&lt;a href='h'&gt;x&lt;/a&gt; &amp; y"
    got = safe.html(np.array(["<b>", "ok"]))
    assert got.tolist() == ["&lt;b&gt;", "ok"]
    assert safe.html([("id<1>", 2.5), ("b", None)]) == [("id&lt;1&gt;", 2.5), ("b", None)]
    nums = np.array([1.0, 2.0])
    assert safe.html(nums) is nums


def test_a_clicked_id_is_the_id_that_was_escaped():
    raw = "u<1>&2"
    assert safe.unhtml(safe.html(raw)) == raw


def test_charts_escape_every_text_property_of_a_trace():
    from pages.common import charts

    trace = charts.bar(x=[1], y=[hostile.HTML_LINK], name=hostile.HTML_IMAGE, customdata=[["<id>"]])
    assert "<" not in trace.y[0] and "<" not in trace.name
    assert trace.customdata[0][0] == "&lt;id&gt;"


def test_clip_shortens_with_an_ellipsis():
    assert safe.clip("abc", 5) == "abc"
    assert safe.clip("abcdefgh", 5) == "abcd…"
    assert len(safe.clip(hostile.LONG)) == 48


def test_names_two_units_share_are_told_apart_by_id():
    assert fmt.distinct_names(["a", "b", "c"], ["Mill", "Mill", "Mine"]) == {
        "a": "Mill · a",
        "b": "Mill · b",
        "c": "Mine",
    }


def test_axis_labels_are_short_and_distinct_even_when_clipping_makes_them_alike():
    long_a, long_b = "x" * 70 + "a", "x" * 70 + "b"
    labels = fmt.axis_labels(["a", "b"], [long_a, long_b])
    assert len(set(labels)) == 2 and all(len(v) <= 64 + len(" · a") for v in labels)
    # the region's real bureau names are whole
    bureau = "Central-South Nonferrous Metals Administration Bureau"
    assert fmt.axis_labels(["b"], [bureau]) == [bureau]
