"""Click-to-target logic, without a browser."""

from __future__ import annotations

from pages.common.selection import (
    UNIT_PAGE,
    Target,
    ids_from_plotly,
    ids_from_rows,
    target_for,
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
