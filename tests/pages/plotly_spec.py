"""A chart as the browser receives it, with Plotly's binary arrays read back into lists.

Plotly sends a NumPy array of numbers as {"dtype", "bdata"[, "shape"]} (base64), which the
pages use for speed (pages/common/charts.arr); tests compare values, so they read it back.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import numpy as np


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            out = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                shape = value["shape"]
                dims = [int(d) for d in shape.split(",")] if isinstance(shape, str) else shape
                out = out.reshape(dims)
            return (
                [None if isinstance(v, float) and np.isnan(v) else v for v in out.tolist()]
                if out.ndim == 1
                else out.tolist()
            )
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def spec(chart) -> dict:
    """The figure of an AppTest plotly_chart element, binary arrays as lists."""
    return _decode(json.loads(chart.proto.spec))
