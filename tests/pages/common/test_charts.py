"""Chart helpers: what makes a chart's lines and cells clickable."""

from __future__ import annotations

import json
import math
from datetime import date, datetime

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pytest

from pages.common import charts, selection
from pages.common.selection import cell_points


def test_lines_with_ids_get_markers_a_click_can_select():
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[1, 2], y=[3, 4], mode="lines", customdata=["u1", "u1"]))
    fig.add_trace(go.Scatter(x=[1, 2], y=[5, 6], mode="lines+markers", customdata=["u2", "u2"]))
    events = pl.DataFrame(
        {"held_on": [date(1953, 1, 30)], "kind": ["launch"], "title_en": ["x"], "title_zh": ["x"]}
    )
    charts.mark_events(fig, events, "en", y=1.0)
    charts.clickable_lines(charts.base_layout(fig))
    lines_only, with_markers, triangles = fig.data
    # Plotly selects no point of a line alone: invisible markers, the look unchanged
    assert lines_only.mode == "lines+markers" and lines_only.marker.opacity == 0
    assert lines_only.selected.marker.opacity == 0 == lines_only.unselected.marker.opacity
    # visible markers stay as they were
    assert with_markers.mode == "lines+markers" and with_markers.marker.opacity is None
    # the events' triangles carry no ids and are left alone
    assert triangles.mode == "markers" and triangles.customdata is None
    # one line at a time under the pointer, so the hover names what a click opens
    assert fig.layout.hovermode == "closest"


def test_heatmap_cells_get_invisible_points_that_take_the_hover_and_the_click():
    weeks = [date(1953, 1, 5), date(1953, 1, 12)]
    fig = go.Figure(go.Heatmap(x=weeks, y=["A", "B"], z=[[0, 1], [1, 0]]))
    fig.update_yaxes(autorange="reversed")
    charts.clickable_cells(
        fig, cell_points(["a", "b"], ["A", "B"], weeks, [["1", "2"], ["3", "4"]])
    )
    heat, cells = fig.data
    assert heat.hoverinfo == "skip"
    assert list(cells.customdata) == ["a", "a", "b", "b"]
    assert list(cells.text) == ["1", "2", "3", "4"]
    assert cells.marker.opacity == 0 and cells.showlegend is False
    # the nearest point answers wherever the pointer is: its cell's own on a regular grid
    assert fig.layout.hoverdistance == -1 and fig.layout.hovermode == "closest"
    # markers would pad the axes: they keep to the cells, half a week beyond the first and
    # last week, half a row beyond the first and last row (the first on top)
    assert list(fig.layout.xaxis.range) == [datetime(1953, 1, 1, 12), datetime(1953, 1, 15, 12)]
    assert list(fig.layout.yaxis.range) == [1.5, -0.5]


def test_a_single_week_leaves_the_time_axis_to_plotly():
    fig = go.Figure(go.Heatmap(x=[date(1953, 1, 5)], y=["A"], z=[[0.5]]))
    charts.clickable_cells(fig, cell_points(["a"], ["A"], [date(1953, 1, 5)], [["1"]]))
    assert fig.layout.xaxis.range is None
    assert list(fig.layout.yaxis.range) == [-0.5, 0.5]


def test_marker_groups_make_a_trace_per_style_and_keep_each_points_id():
    traces = charts.marker_groups(
        x=[1, 2, 3, 4],
        y=[10, 20, 30, 40],
        customdata=[("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")],
        colors=["grey", "red", "grey", "grey"],
        symbols=["circle", "circle", "circle-open", "circle"],
        marker={"size": 9},
        outline=2,
        hovertemplate="%{customdata[1]}",
    )
    fig = charts.figure(data=traces)
    styles = [
        (tr.marker.color, tr.marker.symbol, list(tr.x), [c[0] for c in tr.customdata])
        for tr in fig.data
    ]
    # the commonest style first, rarer ones drawn over it
    assert styles == [
        ("grey", "circle", [1, 4], ["a", "d"]),
        ("red", "circle", [2], ["b"]),
        ("grey", "circle-open", [3], ["c"]),
    ]
    assert all(tr.marker.size == 9 and tr.marker.line.width == 2 for tr in fig.data)
    assert fig.data[1].marker.line.color == "red"
    assert all(not tr.showlegend and tr.hovertemplate == "%{customdata[1]}" for tr in fig.data)


def test_two_colors_names_each_points_colour():
    marker = charts.two_colors([True, False, True], "#2e7d32", "#c62828")
    fig = charts.figure(go.Bar(x=[1, -1, 2], y=["a", "b", "c"], marker=marker))
    # names, not numbers on a scale: Plotly.js warns once per bar of a number it reads as a
    # colour (the hover label's, the text's contrast)
    assert list(fig.data[0].marker.color) == ["#2e7d32", "#c62828", "#2e7d32"]
    assert fig.data[0].marker.colorscale is None


# --- checked and unchecked figures --------------------------------------------------------


def _specs(fixture_db, monkeypatch, page: str, validate: bool, **params) -> list[dict]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.pages import plotly_spec
    from tests.pages.conftest import ENTRYPOINT

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("EMULATION_DB", str(fixture_db))
    monkeypatch.setattr(charts, "VALIDATE", validate)
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return [plotly_spec.spec(c) for c in at.get("plotly_chart")]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("overview", {}),
        ("rollout", {"split": "bureau"}),
        ("productivity", {"lang": "zh"}),
        ("quality", {}),
        ("proposals", {}),
        ("unit", {"unit": "u1"}),
        ("explore", {}),
    ],
)
def test_unchecked_figures_send_what_checked_ones_do(fixture_db, monkeypatch, page, params):
    # Outside the tests Plotly does not check the pages' figures (charts.VALIDATE): the
    # browser must get the very figures the checked build gives, value for value.
    checked = _specs(fixture_db, monkeypatch, page, True, **params)
    unchecked = _specs(fixture_db, monkeypatch, page, False, **params)
    assert checked, f"{page} drew no chart"
    assert unchecked == checked


@pytest.mark.parametrize(
    ("given", "dtype", "sent"),
    [
        ([True, False], "bool", [True, False]),
        ([1, 2], "int64", [1, 2]),
        ([1, None, 2.5], "float64", [1.0, None, 2.5]),
        ([date(1953, 1, 5)], "datetime64[D]", ["1953-01-05"]),
        (pl.Series([date(1953, 1, 5), None]), "object", ["1953-01-05", None]),
        ([("u1", "a"), ("u2", "bb")], "<U2", [["u1", "a"], ["u2", "bb"]]),
        ([("u1", 1), ("u2", 2)], "object", [["u1", 1], ["u2", 2]]),
        (["a", "五金"], "<U2", ["a", "五金"]),
        (pl.Series(["a", "五金"]), "<U2", ["a", "五金"]),
        (["a", None], "object", ["a", None]),
        (pl.Series(["a", None]), "object", ["a", None]),
    ],
    ids=[
        "bools",
        "whole numbers",
        "a missing number",
        "dates",
        "a missing date",
        "rows of texts",
        "rows of mixed values",
        "texts",
        "a text column",
        "a missing text",
        "a text column with a gap",
    ],
)
def test_arr_keeps_what_each_value_means(given, dtype, sent):
    got = charts.arr(given)
    assert str(got.dtype) == dtype
    assert json.loads(pio.to_json({"x": got}, validate=False))["x"] == sent
    if got.dtype.kind not in "UO":
        return  # numbers and dates are sent as binary or ISO text, checked above
    # texts: a figure sends them as it sends the values themselves
    plain = (
        given.to_list()
        if isinstance(given, pl.Series)
        else [list(v) if isinstance(v, tuple) else v for v in given]
    )
    as_list = json.loads(pio.to_json(go.Figure(go.Scatter(customdata=plain))))
    as_array = json.loads(pio.to_json(go.Figure(go.Scatter(customdata=got))))
    assert as_array == as_list


def test_arr_refuses_rows_of_different_lengths():
    with pytest.raises(ValueError, match="as long"):
        charts.arr([("u1", "a"), ("u2",)])


def test_lines_as_one_keep_each_groups_points_apart_and_named():
    frame = pl.DataFrame(
        {
            "unit_id": ["a", "a", "b", "b", "b", "c"],
            "name": ["Mine A", "Mine A", "Mill B", "Mill B", "Mill B", "Plant C"],
            "month": [date(1953, 1, 1), date(1953, 2, 1)]
            + [date(1953, m, 1) for m in (1, 2, 3)]
            + [date(1953, 1, 1)],
            "index": [100.0, 110.0, 90.0, None, 95.0, 80.0],
        }
    )
    lines, alone = charts.lines_as_one(
        frame, x="month", y="index", ids="unit_id", names="name", color="grey", hovertemplate="h"
    )
    # a's two points, a gap (at a's last month), b's three (its own gap kept), a gap, c's one
    assert lines.x.astype("datetime64[D]").astype(str).tolist() == [
        "1953-01-01",
        "1953-02-01",
        "1953-02-01",
        "1953-01-01",
        "1953-02-01",
        "1953-03-01",
        "1953-03-01",
        "1953-01-01",
    ]
    y = lines.y.tolist()
    assert [i for i, v in enumerate(y) if math.isnan(v)] == [2, 4, 6]
    assert [y[i] for i in (0, 1, 3, 5, 7)] == [100.0, 110.0, 90.0, 95.0, 80.0]
    assert lines.customdata.tolist() == ["a", "a", "", "b", "b", "b", "", "c"]
    assert lines.text.tolist() == [
        "Mine A",
        "Mine A",
        "",
        "Mill B",
        "Mill B",
        "Mill B",
        "",
        "Plant C",
    ]
    assert lines.connectgaps is False and lines.mode == "lines"
    # a line needs two points: b's two (each beside a gap) and c's only one are markers
    assert alone.mode == "markers"
    assert alone.customdata.tolist() == ["b", "b", "c"]
    assert alone.y.tolist() == [90.0, 95.0, 80.0]
    assert alone.text.tolist() == ["Mill B", "Mill B", "Plant C"]
    # a click on one of b's points opens b, as a click on b's own line did
    click = {"selection": {"points": [{"customdata": lines.customdata[4]}]}}
    assert selection.target_for_points("unit", click) == selection.target_for("unit", ["b"])


def test_top_values_keep_the_largest_totals_and_break_ties_by_value():
    frame = pl.DataFrame({"g": ["b", "a", "c", "b", None], "rows": [1, 2, 2, 2, 9]})
    # b 3, a 2, c 2 (a before c), the missing group's 9 first
    assert charts.top_values(frame, "g", "rows", 3) == [None, "b", "a"]
    assert charts.top_values(frame.drop_nulls(), "g", "rows", 5) == ["b", "a", "c"]
