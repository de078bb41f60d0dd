"""Click-to-target logic, without a browser."""

from __future__ import annotations

from datetime import date

import pytest

from pages.common.selection import (
    UNIT_PAGE,
    Target,
    cell_points,
    ids_from_plotly,
    ids_from_rows,
    kind_of_split,
    target_for,
    target_for_points,
)


def test_one_unit_opens_its_page():
    assert target_for("unit", ["pingxiang"]) == Target("unit", ("pingxiang",), UNIT_PAGE)


def test_several_units_narrow_the_scope_and_stay():
    assert target_for("unit", ["a", "b", "a"]) == Target("unit", ("a", "b"), None)


def test_a_bureau_filters_the_current_page():
    got = target_for("bureau", ["Central-South Coal Industry Administration Bureau"])
    assert got == Target("bureau", ("Central-South Coal Industry Administration Bureau",), None)


def test_nothing_selected_or_unknown_kind_goes_nowhere():
    assert target_for("unit", []) is None
    assert target_for("unit", [None]) is None
    assert target_for("team", ["t1"]) is None


def test_plotly_points_carry_ids_in_customdata():
    event = {
        "selection": {
            "points": [
                {"x": 3.2, "y": "Pingxiang", "customdata": ["pingxiang", 103.2]},
                {"x": 1.0, "y": "event"},  # an event marker: no customdata
                {"x": 2.0, "y": "Jiaozuo", "customdata": "jiaozuo"},
            ]
        }
    }
    assert ids_from_plotly(event) == ["pingxiang", "jiaozuo"]
    assert ids_from_plotly({"selection": {"points": []}}) == []
    assert ids_from_plotly(None) == []


def test_plotly_id_at_another_position():
    event = {"selection": {"points": [{"customdata": [103.2, "u1"]}]}}
    assert ids_from_plotly(event, id_index=1) == ["u1"]


def test_table_rows_map_to_the_ids_they_were_drawn_from():
    event = {"selection": {"rows": [2, 0], "columns": []}}
    assert ids_from_rows(event, ["u3", "u2", "u1"]) == ["u1", "u3"]
    assert ids_from_rows({"selection": {"rows": [7]}}, ["u1"]) == []


# --- what a click on a chart leads to, as Streamlit reports it ------------------------------


def _clicked(*points: dict) -> dict:
    """A Plotly selection event as st.plotly_chart puts it in session state."""
    return {"selection": {"points": list(points), "point_indices": [], "box": [], "lasso": []}}


def test_a_point_on_a_units_line_opens_the_unit():
    event = _clicked({"curve_number": 3, "point_index": 5, "x": "1953-02-01", "customdata": "p2"})
    assert target_for_points("unit", event) == Target("unit", ("p2",), UNIT_PAGE)


def test_a_point_on_a_bureaus_line_narrows_to_the_bureau_and_stays():
    bureau = "Central-South Coal Industry Administration Bureau"
    event = _clicked({"x": "1953-02-01", "y": 0.42, "customdata": [bureau, "1,200 of 3,400"]})
    assert target_for_points("bureau", event) == Target("bureau", (bureau,), None)
    event = _clicked({"x": "1953-02-01", "customdata": ["coal", "12 of 20"]})
    assert target_for_points("industry", event) == Target("industry", ("coal",), None)


def test_an_empty_selection_goes_nowhere():
    # a second click on the same point deselects it: Streamlit reports no points
    assert target_for_points("unit", _clicked()) is None
    assert target_for_points("unit", None) is None
    assert target_for_points("unit", {}) is None


def test_a_click_on_an_event_marker_goes_nowhere():
    # the events' triangles (charts.mark_events) carry hover text, no customdata
    triangle = {"curve_number": 4, "point_index": 0, "x": "1953-01-30", "y": 1.04}
    assert target_for_points("bureau", _clicked(triangle)) is None
    assert target_for_points("unit", _clicked(triangle)) is None


def test_the_whole_scope_line_goes_nowhere():
    # split 'all': one line for everything, nothing to narrow to, even with customdata
    assert kind_of_split("all") is None
    event = _clicked({"x": "1953-02-01", "customdata": ["all", "1,200 of 3,400"]})
    assert target_for_points(kind_of_split("all"), event) is None


def test_a_split_names_the_kind_its_lines_stand_for():
    assert [kind_of_split(s) for s in ("unit", "bureau", "industry")] == [
        "unit",
        "bureau",
        "industry",
    ]
    assert kind_of_split("wave") is None


def test_a_box_over_several_units_lines_narrows_without_opening():
    event = _clicked({"customdata": "u1"}, {"customdata": "u2"}, {"customdata": "u1"})
    assert target_for_points("unit", event) == Target("unit", ("u1", "u2"), None)


# --- the quilt: a heatmap, whose cells Plotly cannot select ---------------------------------

W1, W2, W3 = date(1953, 1, 5), date(1953, 1, 12), date(1953, 1, 19)


def test_every_cell_gets_a_point_carrying_its_rows_unit():
    points = cell_points(
        ["r1", "p1"],
        ["Rush Mine", "Preparing Plant"],
        [W1, W2, W3],
        [["r1 w1", "r1 w2", "r1 w3"], ["p1 w1", "p1 w2", "p1 w3"]],
    )
    assert points == {
        "x": [W1, W2, W3, W1, W2, W3],
        "y": ["Rush Mine"] * 3 + ["Preparing Plant"] * 3,
        "ids": ["r1", "r1", "r1", "p1", "p1", "p1"],
        "text": ["r1 w1", "r1 w2", "r1 w3", "p1 w1", "p1 w2", "p1 w3"],
    }


def test_a_click_on_a_quilt_cell_opens_that_rows_unit():
    points = cell_points(["r1", "p1"], ["Rush Mine", "Preparing Plant"], [W1, W2], [["a", "b"]] * 2)
    # the cell of the second row, second week: point 3 of the overlay, trace 1 of the figure
    k = 3
    event = _clicked(
        {
            "curve_number": 1,
            "point_index": k,
            "point_number": k,
            "x": "1953-01-12",
            "y": points["y"][k],
            "customdata": points["ids"][k],
        }
    )
    assert target_for_points("unit", event) == Target("unit", ("p1",), UNIT_PAGE)


def test_a_bare_heatmap_cell_without_ids_goes_nowhere():
    # what a heatmap cell would report, were it selectable: a [row, column] index, no id
    cell = {"curve_number": 0, "point_index": [1, 0], "x": "1953-01-05", "y": "Preparing Plant"}
    assert target_for_points("unit", _clicked(cell)) is None
    # with customdata on the heatmap (one value per cell), a cell would carry its own
    assert target_for_points("unit", _clicked({**cell, "customdata": "p1"})) == Target(
        "unit", ("p1",), UNIT_PAGE
    )


def test_an_empty_quilt_has_no_points():
    assert cell_points([], [], [W1, W2], []) == {"x": [], "y": [], "ids": [], "text": []}


def test_a_ragged_quilt_is_refused():
    with pytest.raises(ValueError):
        cell_points(["r1", "p1"], ["Rush Mine"], [W1], [["a"], ["b"]])
    with pytest.raises(ValueError):
        cell_points(["r1"], ["Rush Mine"], [W1, W2], [["a"]])
