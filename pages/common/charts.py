"""Plotly helpers shared by the pages: one look, and events marked on time axes."""

from __future__ import annotations

from datetime import date, datetime

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from pages.common.catalog import label, t

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
EVENT_COLOR = "#8c564b"

# Set once per process: a template named in update_layout is validated and copied into every
# figure again (about 20 ms a chart), while the default is applied when a figure is built.
pio.templates.default = "plotly_white"


def base_layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="x unified",
    )
    # Plotly spells months in English ("Nov 1952"); numeric dates read the same in both
    # languages. Only axes that carry dates and have no format of their own are touched.
    if _has_date_x(fig) and not fig.layout.xaxis.tickformat:
        fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d")
    return fig


def _has_date_x(fig: go.Figure) -> bool:
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        if xs is not None and len(xs) and isinstance(xs[0], date | datetime):
            return True
    return False


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
    for day in events["held_on"].unique().to_list():
        fig.add_shape(
            type="line",
            x0=day,
            x1=day,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": EVENT_COLOR, "width": 1, "dash": "dot"},
            layer="below",
        )
    texts = [
        f"{d:%Y-%m-%d} · {label('event', k, lang)}<br>{name}"
        for d, k, name in zip(events["held_on"], events["kind"], events[title], strict=True)
    ]
    fig.add_trace(
        go.Scatter(
            x=events["held_on"].to_list(),
            y=[y] * events.height,
            mode="markers",
            marker={"symbol": "triangle-down", "size": 12, "color": EVENT_COLOR},
            name=t("events.legend", lang),
            hovertext=texts,
            hoverinfo="text",
        )
    )
    return fig


def mark_day(fig: go.Figure, day, text: str = "", color: str = "#555") -> go.Figure:
    """A dashed vertical line at a date, with an optional label at the top.

    Plotly's add_vline cannot place an annotation on a date axis, hence shape + annotation.
    """
    fig.add_shape(
        type="line",
        x0=day,
        x1=day,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": color, "width": 1, "dash": "dash"},
    )
    if text:
        fig.add_annotation(
            x=day,
            y=1,
            yref="paper",
            text=text,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 11, "color": color},
        )
    return fig
