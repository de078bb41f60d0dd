"""What a click on a chart or a table row means: pure functions, no Streamlit.

A chart or table that lists units or bureaus carries their ids (Plotly customdata, or the
frame the table was drawn from). A click on a unit opens that unit's page; a click on a
bureau (or another grouping the sidebar filters on) narrows the current page to it, which is
what a leader browsing a bureau chart expects. Keeping this here lets the tests check every
case without a browser; the browser test checks the real click.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pages.common import safe

UNIT_PAGE = "pages/unit.py"

# The kind of thing a chart's points or a table's rows stand for -> the sidebar filter it
# sets. Units also open the unit page.
FILTER_OF_KIND = {
    "unit": "unit",
    "bureau": "bureau",
    "industry": "industry",
    "province": "province",
    "ownership": "ownership",
}


@dataclass(frozen=True)
class Target:
    """Where a click leads: set `filter_key` to `values`, then open `page` (None: stay)."""

    filter_key: str
    values: tuple[str, ...]
    page: str | None = None


def target_for(kind: str, ids: Sequence[Any]) -> Target | None:
    ids = tuple(dict.fromkeys(str(i) for i in ids if i is not None))
    if not ids or kind not in FILTER_OF_KIND:
        return None
    if kind == "unit":
        # One unit opens its page; several (a box or lasso selection) narrow the scope.
        return Target("unit", ids, UNIT_PAGE if len(ids) == 1 else None)
    return Target(FILTER_OF_KIND[kind], ids)


def kind_of_split(split: str) -> str | None:
    """What one line of a chart split `split` ways stands for, when a click on it means
    something: a unit, a bureau, an industry. None for the whole scope ('all'), which no
    filter narrows to."""
    return split if split in FILTER_OF_KIND else None


def target_for_points(
    kind: str | None, selection: Mapping[str, Any] | None, id_index: int = 0
) -> Target | None:
    """Where a click on a chart leads: the ids its points carry, read as `kind`.

    A click on a point without an id (an event marker, a limit line) leads nowhere, and so
    does a click on a chart whose lines stand for nothing a filter can narrow to (kind None).
    """
    if kind is None:
        return None
    return target_for(kind, ids_from_plotly(selection, id_index))


def ids_from_plotly(selection: Mapping[str, Any] | None, id_index: int = 0) -> list[Any]:
    """The ids of the selected points, read from each point's customdata.

    customdata may be a scalar or a list whose `id_index`-th item is the id; points without
    customdata (an event marker, a reference line) are ignored.
    """
    if not selection:
        return []
    points = selection.get("selection", selection).get("points", []) or []
    ids = []
    for p in points:
        data = p.get("customdata")
        if data is None:
            continue
        if isinstance(data, list | tuple):
            if len(data) > id_index:
                ids.append(safe.unhtml(data[id_index]))
        else:
            ids.append(safe.unhtml(data))
    return ids


def ids_from_rows(selection: Mapping[str, Any] | None, row_ids: Sequence[Any]) -> list[Any]:
    """The ids of the selected rows of a st.dataframe drawn from rows with `row_ids`."""
    if not selection:
        return []
    rows = selection.get("selection", selection).get("rows", []) or []
    return [row_ids[r] for r in rows if 0 <= r < len(row_ids)]


def cell_points(
    row_ids: Sequence[Any],
    row_labels: Sequence[str],
    columns: Sequence[Any],
    texts: Sequence[Sequence[str]],
) -> dict[str, list]:
    """One point per cell of a grid drawn as a heatmap (a row per id, a column per x value),
    row by row: the cell's x, its row's label as y, its row's id and the cell's own text.

    Plotly cannot select a heatmap cell (its heatmap has no point selection), so Streamlit's
    on_select never hears of a click on one. Invisible markers at these points take the
    hover and the click instead: on a regular grid the marker nearest the pointer is the one
    at the centre of the cell under it, and it carries the row's id.
    """
    if not (len(row_ids) == len(row_labels) == len(texts)):
        raise ValueError("one id, one label and one row of texts per row")
    if any(len(row) != len(columns) for row in texts):
        raise ValueError("one text per column in every row")
    n = len(columns)
    return {
        "x": [c for _ in row_ids for c in columns],
        "y": [label for label in row_labels for _ in range(n)],
        "ids": [i for i in row_ids for _ in range(n)],
        "text": [text for row in texts for text in row],
    }
