"""Plotly helpers shared by the pages: one look, and events marked on time axes."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from plotly.basedatatypes import BaseTraceType

from pages.common import safe
from pages.common.catalog import label, t

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
EVENT_COLOR = "#8c564b"

# The look every chart shares lives in one template, merged and set once per process: Plotly
# validates what a figure is given property by property (a nested update_layout of these
# costs about 3 ms a chart, every run), while a template is validated once and applied as
# each figure is built. A template named per figure, or "a+b", is merged again every time.
pio.templates["emulation"] = pio.templates.merge_templates(
    "plotly_white",
    go.layout.Template(
        layout={
            "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "font": {"family": FONT},
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        }
    ),
)
pio.templates.default = "emulation"

# Plotly checks every value a figure is given (and still checks every property's name
# without this). Checking values costs more than building the chart: 136 date lines added
# to a layout took 0.2 s checked and 2 ms unchecked. The test suite sets
# EMULATION_VALIDATE_FIGURES=1, so every chart the pages draw is checked there.
VALIDATE = os.environ.get("EMULATION_VALIDATE_FIGURES") == "1"


def figure(data: Any = None, layout: Any = None) -> go.Figure:
    """A figure whose later updates are not value-checked outside the tests (see VALIDATE).

    Pass a chart's traces here, not to add_trace: add_trace and add_traces check and copy
    every trace again whatever the figure (0.5 to 3 ms a trace, against 0.07 ms here).
    """
    return go.Figure(data=data, layout=layout, _validate=VALIDATE)


# Every trace property Plotly draws as (pseudo-)HTML text, or that a hover template shows:
# each is escaped as the trace is built (pages/common/safe.py), so that a name from the data
# is never markup. Templates are the pages' own and stay as they are.
TEXT_PROPS = frozenset(
    {"x", "y", "text", "hovertext", "name", "customdata", "labels", "legendgrouptitle"}
)


def _traces(kind: type[BaseTraceType]) -> Callable[..., BaseTraceType]:
    """Build traces of a kind the same way as figures: an unchecked trace also goes to the
    browser in half the time (Plotly copies a checked trace's arrays again when sent)."""

    def build(*args: Any, **props: Any) -> BaseTraceType:
        for name in TEXT_PROPS.intersection(props):
            props[name] = safe.html(props[name])
        return kind(*args, _validate=VALIDATE, **props)

    return build


scatter = _traces(go.Scatter)
bar = _traces(go.Bar)
heatmap = _traces(go.Heatmap)
funnel = _traces(go.Funnel)


def base_layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(height=height, hovermode="x unified")
    # Plotly spells months in English ("Nov 1952"); numeric dates read the same in both
    # languages. Only axes that carry dates and have no format of their own are touched.
    if _has_date_x(fig) and not fig.layout.xaxis.tickformat:
        fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d")
    return fig


def _has_date_x(fig: go.Figure) -> bool:
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        if xs is None or not len(xs):
            continue
        if isinstance(xs, np.ndarray) and xs.dtype.kind == "M":
            return True
        if isinstance(xs[0], date | datetime):
            return True
    return False


def _kind(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "bool"
    if isinstance(value, int | np.integer):
        return "int"
    if isinstance(value, float | np.floating):
        return "float"
    if value is None:
        return "none"
    if isinstance(value, str):
        return "str"
    if isinstance(value, date) and not isinstance(value, datetime):
        return "date"
    if isinstance(value, tuple | list):
        return "row"
    return "other"


def arr(values: pl.Series | Sequence) -> np.ndarray:
    """Trace data as a NumPy array: Plotly checks a list value by value and copies it again
    when the chart is sent (tens of ms for a few thousand points, on every run of a page),
    while it takes an array whole and sends numbers as binary. Numbers become a float array
    (a missing one NaN: a gap), whole numbers with none missing an integer array, dates
    without a missing one datetime64 (sent as ISO dates), texts without a missing one a
    string array; anything else, and a column with missing dates, an object array that
    keeps each value (None is sent as null). A row of values per point (customdata) becomes
    a 2-D array, of strings when every value is one; its rows must be as long.

    Strings go in a string array because Streamlit sends a chart's copy: an object array is
    copied value by value (a few ms per thousand hover texts), a string array in one block.
    """
    if isinstance(values, pl.Series):
        if (values.dtype.is_temporal() or values.dtype == pl.String) and values.null_count():
            values = values.to_list()  # datetime64 would send a missing date as "NaT"
        elif values.dtype == pl.String:
            return np.array(values.to_list(), dtype=np.str_)
        else:
            return values.to_numpy()
    values = list(values)
    kinds = {_kind(v) for v in values}
    if kinds in ({"int"}, {"bool"}):
        return np.array(values)
    if kinds and kinds <= {"int", "float", "none"} and kinds != {"none"}:
        return np.array([np.nan if v is None else v for v in values], dtype=float)
    if kinds == {"date"}:
        return np.array(values, dtype="datetime64[D]")
    if kinds == {"str"}:
        return np.array(values, dtype=np.str_)
    if kinds == {"row"}:
        widths = {len(v) for v in values}
        if len(widths) != 1:
            raise ValueError(f"rows of {sorted(widths)} values: customdata rows must be as long")
        if all(isinstance(v, str) for row in values for v in row):
            return np.array(values, dtype=np.str_)
        out = np.empty((len(values), widths.pop()), dtype=object)
    else:
        out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def date_axis(fig: go.Figure, start, end) -> go.Figure:
    """Dates as numbers (language-neutral), with the day shown for short periods."""
    short = (end - start).days <= 92
    fig.update_xaxes(
        tickformat="%Y-%m-%d" if short else "%Y-%m",
        hoverformat="%Y-%m-%d",
        range=None if (end - start).days else [start, end],
    )
    return fig


def mark_events(fig: go.Figure, events: pl.DataFrame, lang: str, y: float) -> go.Figure:
    """A dotted line and a hoverable triangle at each event's date."""
    if events.is_empty():
        return fig
    title = "title_zh" if lang == "zh" else "title_en"
    texts = [
        f"{d:%Y-%m-%d} · {label('event', k, lang)}<br>{name}"
        for d, k, name in zip(events["held_on"], events["kind"], events[title], strict=True)
    ]
    fig.add_trace(
        scatter(
            x=arr(events["held_on"]),
            y=arr([y] * events.height),
            mode="markers",
            marker={"symbol": "triangle-down", "size": 12, "color": EVENT_COLOR},
            name=t("events.legend", lang),
            hovertext=arr(texts),
            hoverinfo="text",
        )
    )
    # shapes last: Plotly re-checks every shape of the layout when a trace is added
    add_marks(
        fig,
        shapes=[
            {**vline(day, {"color": EVENT_COLOR, "width": 1, "dash": "dot"}), "layer": "below"}
            for day in events["held_on"].unique().to_list()
        ],
    )
    return fig


def mark_day(fig: go.Figure, day, text: str = "", color: str = "#555") -> go.Figure:
    """A dashed vertical line at a date, with an optional label at the top.

    Plotly's add_vline cannot place an annotation on a date axis, hence shape + annotation.
    """
    add_marks(
        fig,
        shapes=[vline(day, {"color": color, "width": 1, "dash": "dash"})],
        annotations=[
            {
                "x": day,
                "y": 1,
                "yref": "paper",
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 11, "color": color},
            }
        ]
        if text
        else [],
    )
    return fig


def two_colors(is_first: Sequence[bool], first: str, second: str) -> dict:
    """Marker settings that colour each point `first` or `second`. Colour names, not 0/1 on a
    colour scale: Plotly.js reads a number as an invalid colour wherever it derives one from
    the bar's (hover label, text contrast) and logs a warning per bar, which cost the
    browser more than the check of the names costs the server."""
    return {"color": np.where(np.asarray(is_first, dtype=bool), first, second).tolist()}


def effect_figure(
    traces: list, reference: str, x_title: str, y_title: str, dtick: int, height: int
) -> go.Figure:
    """An event study: the estimates by period since joining (traces), the reference period
    (-1, zero by construction) as an open diamond named `reference`, zero and the joining
    line marked. The productivity and the cost effect are drawn alike."""
    traces = [
        *traces,
        scatter(
            x=[-1],
            y=[0],
            mode="markers",
            marker={"symbol": "diamond-open", "size": 11, "color": "#333"},
            name=reference,
            hoverinfo="skip",
        ),
    ]
    fig = figure(data=traces)
    add_marks(
        fig,
        shapes=[
            hline(0, {"color": "#555", "width": 1}),
            vline(-0.5, {"color": "#999", "width": 1, "dash": "dash"}),
        ],
    )
    fig.update_xaxes(title=x_title, dtick=dtick)
    fig.update_yaxes(title=y_title, ticksuffix="%")
    base_layout(fig, height=height)
    fig.update_layout(hovermode="closest")
    return fig


def hline(y: float, line: dict) -> dict:
    """A horizontal line across the plot at y, as a shape for add_marks."""
    return {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y, "line": line}


def vline(x: float, line: dict) -> dict:
    """A vertical line across the plot at x, as a shape for add_marks."""
    return {"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": x, "x1": x, "line": line}


def add_marks(fig: go.Figure, shapes: list[dict] = (), annotations: list[dict] = ()) -> go.Figure:
    """Add shapes and annotations to the layout, each kind in one assignment.

    Each add_shape, add_annotation, add_hline or add_vline call validates and relays the
    layout again (3 to 9 ms each); a chart with a few marks paid tens of ms on every run.
    """
    # Assigned, not passed to update_layout: an update walks the shapes already there
    # property by property (0.25 s for one line added to a chart with 30 event lines).
    if shapes:
        fig.layout.shapes = (*fig.layout.shapes, *shapes)
    if annotations:
        fig.layout.annotations = (*fig.layout.annotations, *annotations)
    return fig


def lines_as_one(
    frame: pl.DataFrame,
    *,
    x: str,
    y: str,
    ids: str,
    names: str,
    color: str,
    hovertemplate: str,
) -> list[BaseTraceType]:
    """Many groups' lines as one trace, each line cut from the next by a gap; points with no
    neighbour to join (a group's only point, or one between two gaps) as markers beside it.

    Past a dozen lines no legend can name them, and a trace each costs about 1.5 ms to build
    and send: two seconds a run for a ministry's 1,300 units. Each point keeps its group's
    id (customdata, which a click reads) and name (text, for the hover). `frame` is ordered
    by group, then by x.
    """
    keys = arr(frame[ids].cast(pl.String))
    xs = arr(frame[x])
    ys = frame[y].cast(pl.Float64).fill_null(np.nan).to_numpy()
    labels = arr(frame[names].cast(pl.String).fill_null(""))
    starts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    # a point without a value ends a line; it repeats the x before it (a valid date)
    xs = np.insert(xs, starts, xs[starts - 1])
    ys = np.insert(ys, starts, np.nan)
    keys = np.insert(keys, starts, "")
    labels = np.insert(labels, starts, "")
    common = {"hovertemplate": hovertemplate, "showlegend": False}
    traces = [
        scatter(
            x=xs,
            y=ys,
            customdata=keys,
            text=labels,
            mode="lines",
            connectgaps=False,
            line={"width": 1, "color": color},
            **common,
        )
    ]
    present = np.isfinite(ys)
    joined = np.zeros(len(ys), dtype=bool)
    joined[1:] |= present[:-1]
    joined[:-1] |= present[1:]
    alone = present & ~joined
    if alone.any():
        traces.append(
            scatter(
                x=xs[alone],
                y=ys[alone],
                customdata=keys[alone],
                text=labels[alone],
                mode="markers",
                marker={"size": 5, "color": color},
                **common,
            )
        )
    return traces


# --- click-through -------------------------------------------------------------------------
# A click selects the point under the pointer; its customdata carries the id of what it
# stands for (pages/common/selection.py reads it). Plotly selects points of markers only.
INVISIBLE = {"opacity": 0}


def clickable_lines(fig: go.Figure) -> go.Figure:
    """Let a click on a line select its nearest point, and the hover say which line it is.

    Plotly selects no point of a trace drawn as lines only, so each line that carries ids
    gets markers, invisible where it had none. Hovering one line at a time (not every line
    at that date) shows what a click would open.
    """
    for trace in fig.data:
        if trace.type != "scatter" or trace.customdata is None:
            continue
        mode = trace.mode or "lines"
        if "markers" not in mode:
            trace.update(
                mode=f"{mode}+markers",
                marker={"size": 6, **INVISIBLE},
                selected={"marker": INVISIBLE},
                unselected={"marker": INVISIBLE},
            )
    fig.update_layout(hovermode="closest")
    return fig


def _outer_edges(values: list) -> list | None:
    """Where Plotly draws the outer edges of heatmap cells centred on `values` (ordered):
    half a step beyond the first and the last. None for fewer than two values."""
    if len(values) < 2:
        return None
    if isinstance(values[0], date) and not isinstance(values[0], datetime):
        values = [datetime.combine(v, time()) for v in values]
    return [
        values[0] - (values[1] - values[0]) / 2,
        values[-1] + (values[-1] - values[-2]) / 2,
    ]


def clickable_cells(fig: go.Figure, points: dict[str, list]) -> go.Figure:
    """Let a click on a heatmap's cell select an invisible marker at its centre.

    `points` (selection.cell_points) holds each cell's x, y, id and hover text. Plotly has
    no selection on a heatmap, so Streamlit never reports a click on one (streamlit#8760):
    the markers take the hover (with the cell's text) and the click. The nearest marker
    always answers, and on a regular grid it is the one of the cell under the pointer.

    (One marker per row would send fewer points, but only hovering by row ("y") makes its
    marker answer anywhere along the row, and then Plotly reads the heatmap's hover at the
    marker's column, not the pointer's: every cell would show its row's first week.)

    Markers pad the axes' autorange, which would leave a blank margin around the cells; the
    axes keep to the heatmap's cells instead.
    """
    for trace in fig.data:
        if trace.type != "heatmap":
            continue
        trace.update(hoverinfo="skip")
        x_edges = _outer_edges(list(trace.x or []))
        if x_edges:
            fig.update_xaxes(range=x_edges)
        rows = len(trace.y or [])
        if rows:
            reversed_ = fig.layout.yaxis.autorange == "reversed"
            y_edges = [rows - 0.5, -0.5] if reversed_ else [-0.5, rows - 0.5]
            fig.update_yaxes(range=y_edges, autorange=False)
    fig.add_trace(
        scatter(
            x=arr(points["x"]),
            y=arr(points["y"]),
            customdata=arr(points["ids"]),
            text=arr(points["text"]),
            mode="markers",
            marker={"size": 8, **INVISIBLE},
            selected={"marker": INVISIBLE},
            unselected={"marker": INVISIBLE},
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(hovermode="closest", hoverdistance=-1)
    return fig


def marker_groups(
    *,
    x: list,
    y: list,
    customdata: list,
    colors: list[str],
    symbols: list[str] | None = None,
    marker: dict | None = None,
    outline: int = 0,
    **trace: object,
) -> list[BaseTraceType]:
    """Markers coloured (and shaped) point by point, as one trace per colour and shape.

    Plotly validates a per-point colour or symbol list element by element: about 30 ms per
    list of a thousand points, several times a chart, on every run of a page with a unit per
    point at a ministry's scale. A trace per distinct style carries scalars instead. Points
    keep their own customdata, so clicks read the same ids. `outline` draws each marker's
    line in its own colour at that width. The traces go into figure(data=...) with the
    chart's others (see figure).
    """
    symbols = symbols or ["circle"] * len(x)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, style in enumerate(zip(colors, symbols, strict=True)):
        groups.setdefault(style, []).append(i)
    # Arrays, not lists: Plotly checks a list value by value (a thousand points cost tens of
    # milliseconds a trace) but takes a NumPy array whole, and sends numbers as binary.
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    data = arr(customdata) if len(customdata) else np.empty((0, 0), dtype=object)
    # the commonest style first, so that rare (flagged) points are drawn on top
    traces = []
    for (color, symbol), rows in sorted(groups.items(), key=lambda g: -len(g[1])):
        style = {**(marker or {}), "color": color, "symbol": symbol}
        if outline:
            style["line"] = {"width": outline, "color": color}
        at = np.asarray(rows)
        traces.append(
            scatter(
                x=xs[at],
                y=ys[at],
                customdata=data[at],
                mode="markers",
                marker=style,
                showlegend=False,
                **trace,
            )
        )
    return traces


def top_values(frame: pl.DataFrame, column: str, weight: str, n: int) -> list:
    """The n values of `column` with the largest sums of `weight`, ties broken by the value
    itself, so that the series a chart keeps do not change from run to run."""
    ranked = (
        frame.group_by(column)
        .agg(pl.col(weight).sum())
        .sort([weight, column], descending=[True, False], nulls_last=True)
    )
    return ranked[column].head(n).to_list()
