"""Imports that rendering would otherwise do lazily, done once while the module is imported.

Streamlit runs each session's script in a thread of its own. When the first sessions of a
new server render at the same moment, each thread starts importing what Streamlit and Plotly
import on first use (pandas, pyarrow, dateutil, Plotly's validators ...); Python's import
locks then break the cycle between threads by handing one of them a half-initialised module,
and that session fails with "partially initialized module 'pandas' has no attribute ...".
The load test (bench/loadtest.py) hit exactly this with 10 sessions opening together.

dashboard.py imports this module first. Python holds this module's own import lock while
the body below runs, so the other threads wait for it, holding no lock of their own, and
find everything initialised when they go on. It costs the first visitor of a server about
what their first page would have cost anyway.
"""

import gc
import json
import mimetypes

import duckdb
import pandas  # noqa: F401  (streamlit's dataframe and plotly's serialisation use it)
import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pyarrow
import pyarrow.compute
import pyarrow.ipc  # noqa: F401
from dateutil import parser as _dateutil_parser  # noqa: F401
from streamlit.string_util import extract_leading_emoji

# One figure with every trace type and property the pages use, serialised as st.plotly_chart
# serialises it: Plotly imports a validator module per property on first use.
_figure = go.Figure(
    [
        go.Bar(x=["a"], y=[1], customdata=[["a"]], marker={"color": "#b22222"}, text=["1"]),
        go.Scatter(x=[1], y=[1], mode="lines+markers", line={"dash": "dot"}, fill="tozeroy"),
        go.Heatmap(z=[[1]], x=[1], y=["a"], colorscale="YlGn", colorbar={"title": "x"}),
    ]
)
_figure.update_layout(
    height=300,
    margin={"l": 1},
    legend={"orientation": "h"},
    hovermode="x unified",
    shapes=[{"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 1}],
    annotations=[{"x": 0, "y": 0, "text": "a"}],
)
_figure.update_xaxes(tickformat="%Y-%m", range=[0, 1], title="x")
_figure.update_yaxes(tickformat=".0%", autorange="reversed", title="y")
json.loads(pio.to_json(_figure, validate=False))
pl.DataFrame({"a": [1], "b": ["x"]}).to_arrow().to_pandas()
# A label that is not ASCII (every Chinese one) makes Streamlit import its emoji table and
# compile a regular expression of every emoji: 0.15 s on the first run of a server.
extract_leading_emoji("中文")
# DuckDB's first result handed to Polars loads the Arrow bridge on both sides.
duckdb.connect().sql("select 1 as a, 'x' as b").pl()
# Download buttons guess their file's type: the first guess reads the system's type tables.
mimetypes.init()
# What is loaded by now lives as long as the process. Frozen, it is no longer walked by
# Python's full garbage collections: the first one fell in the first run of most pages and
# took 0.13 s walking the imported modules' objects.
gc.freeze()
