"""URL-bound widgets: the one mechanism by which every control's value lives in the link.

A widget keeps its value in session state; the link mirrors it, so a copied link reopens the
same view. Before a widget's first run in a session, seed() takes its value from
st.query_params (when the link's values can be used); after each run, publish() writes the
value back, leaving defaults out to keep links short. Every widget function below is those
two steps around one Streamlit widget.

Codes go in the URL, never labels: Streamlit's own query-param binding stores an option's
label, which changes with the language, so a link would lose its choices on a language
switch. An empty value (`key=`) is how a link says "nothing chosen", never a code.

Values a link holds that a widget cannot take are dropped; with report=True they are also
remembered, so the sidebar can say what was ignored (take_ignored) rather than silently
showing another view.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from pages.common import safe

IGNORED = "_ignored_from_url"

# A reader turns the link's values for one key into the widget's value and the values it
# could not use.
Read = Callable[[list[str]], tuple[Any, list[str]]]


# --- the mechanism ------------------------------------------------------------------------


def seed(key: str, read: Read, *, report: bool = True) -> None:
    """Before the widget `key` first runs in a session, set its value from the link."""
    if st.session_state.get(key) is not None:
        return
    value, dropped = read(st.query_params.get_all(key))
    if dropped and report:
        st.session_state.setdefault(IGNORED, []).append(f"{key}={', '.join(dropped)}")
    st.session_state[key] = value


def publish(key: str, value: list[str] | str | None, default: Any = None) -> None:
    """Write a widget's value into the link, leaving it out when empty or the default."""
    if value is None or value == [] or value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = value


def take_ignored() -> list[str]:
    """What links asked for that no widget could take (`key=values`), once."""
    return st.session_state.pop(IGNORED, None) or []


def forget(match: Callable[[str], bool]) -> None:
    """Drop the value and the link entry of every widget whose key matches: each starts
    again from its default."""
    for key in list(st.session_state.keys()):
        if match(str(key)):
            del st.session_state[key]
    unpublish(match)


def unpublish(match: Callable[[str], bool]) -> None:
    """Take every key that matches out of the link (widgets no longer shown)."""
    for key in list(st.query_params.keys()):
        if match(key):
            del st.query_params[key]


# --- readers ------------------------------------------------------------------------------


def one_of(options: Sequence[str], default: Any, parse: Callable[[str], Any] = str) -> Read:
    """One code among `options` (the first the link offers), as parse(code); else default."""

    def read(raw: list[str]) -> tuple[Any, list[str]]:
        given = [v for v in raw if v]
        valid = [v for v in given if v in options]
        return (parse(valid[0]) if valid else default), [v for v in given if v not in valid]

    return read


def some_of(options: Sequence[str], default: Sequence[str] = ()) -> Read:
    """Codes among `options`, each once, in the link's order; a link without the key gets
    `default`, one with an empty value (`key=`) nothing."""

    def read(raw: list[str]) -> tuple[Any, list[str]]:
        if not raw:
            return list(default), []
        given = [v for v in raw if v]
        valid = [v for v in given if v in options]
        return list(dict.fromkeys(valid)), [v for v in given if v not in valid]

    return read


def two_of(parse: Callable[[str], Any], default: tuple[Any, Any]) -> Read:
    """A range: two values, smaller first, as parse reads them; anything else (a value parse
    refuses, a number that is not finite: inf, nan, 1e400) is default, and the link's
    values are reported as ignored."""

    def read(raw: list[str]) -> tuple[Any, list[str]]:
        if not raw:
            return default, []
        if len(raw) != 2:
            return default, raw
        try:
            values = [parse(v) for v in raw]
        except (ValueError, OverflowError):
            return default, raw
        if any(isinstance(v, float) and not math.isfinite(v) for v in values):
            return default, raw
        low, high = sorted(values)
        return (low, high), []

    return read


def last_text(raw: list[str]) -> tuple[str, list[str]]:
    """Free text: the link's (last) value, or nothing."""
    return (raw[-1] if raw else ""), []


# --- widgets ------------------------------------------------------------------------------


def _one(widget, key: str, options: list[str], default: str, **kwargs) -> str:
    seed(key, one_of(options, default))
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    value = widget(options=options, key=key, **kwargs)
    value = value if value in options else default
    publish(key, value, default)
    return value


def choice(
    key: str, label_text: str, options: list[str], default: str, fmt, *, where=st, **kwargs
) -> str:
    """A segmented control (one code of `options`), kept across page switches. Its labels
    are markdown, and may be names from the data: each is shown as text (safe.md)."""
    return _one(
        where.segmented_control,
        key,
        options,
        default,
        label=label_text,
        required=True,
        format_func=lambda v: safe.md(fmt(v)),
        persist_state="session",
        **kwargs,
    )


def select(
    key: str, label_text: str, options: list[str], default: str, fmt, *, where=st, **kwargs
) -> str:
    """A selectbox (one code of `options`)."""
    return _one(where.selectbox, key, options, default, label=label_text, format_func=fmt, **kwargs)


def multi(
    key: str,
    label_text: str,
    options: list[str],
    fmt,
    default: Sequence[str] = (),
    *,
    where=st,
    report: bool = False,
    **kwargs,
) -> list[str]:
    """A multiselect (codes of `options`).

    A value no longer offered (another choice narrowed the list) is dropped, or the widget
    would raise. With a non-empty default, choosing nothing is written as an empty value
    (`key=`), so that the link reopens with nothing chosen rather than with the default.
    """
    seed(key, some_of(options, default), report=report)
    st.session_state[key] = [v for v in st.session_state.get(key) or [] if v in options]
    chosen = list(where.multiselect(label_text, options, format_func=fmt, key=key, **kwargs))
    if chosen == [v for v in default if v in options]:
        publish(key, None)
    else:
        publish(key, chosen or [""])
    return chosen


def slider(
    key: str, label_text: str, values: Sequence[int], default: int, *, where=st, **kwargs
) -> int:
    """A slider over evenly spaced whole numbers (`values`, e.g. a range)."""
    seed(key, one_of([str(v) for v in values], default, parse=int))
    if st.session_state.get(key) not in values:
        st.session_state[key] = default
    value = where.slider(
        label_text,
        min_value=values[0],
        max_value=values[-1],
        step=values[1] - values[0],
        key=key,
        **kwargs,
    )
    publish(key, str(value), str(default))
    return value


def range_slider(
    key: str, label_text: str, low, high, parse: Callable[[str], Any], *, where=st, **kwargs
) -> tuple[Any, Any] | None:
    """A two-handled slider from low to high; None while it spans all of it (then it is not
    in the link)."""
    seed(key, two_of(parse, (low, high)))
    # The bounds may move (with the sidebar): keep the choice inside them, or the slider
    # refuses it.
    a, b = st.session_state[key]
    st.session_state[key] = (min(max(a, low), high), max(min(b, high), low))
    a, b = where.slider(label_text, low, high, key=key, **kwargs)
    if (a, b) == (low, high):
        publish(key, None)
        return None
    publish(key, [str(a), str(b)])
    return a, b


def tabs(key: str, codes: list[str], default: str, fmt) -> tuple[str, Any]:
    """Tabs of which only the open one is built: the page builds the content of the code it
    gets back, in the container it gets back, and opening another tab reruns the page. A
    page of many charts thus draws one section's at a time, and the link names the open one.

    Streamlit keeps a tab's label as its value, which changes with the language; the code is
    kept beside it (and across page switches), so a language switch reopens the same tab.
    """
    shadow = f"_{key}_open"
    labels = [fmt(code) for code in codes]
    if st.session_state.get(shadow) is None:
        # the link names the tab by the key the page is shared with, not by the shadow's
        code, dropped = one_of(codes, default)(st.query_params.get_all(key))
        if dropped:
            st.session_state.setdefault(IGNORED, []).append(f"{key}={', '.join(dropped)}")
        st.session_state[shadow] = code
    opened = st.session_state.get(key)
    code = codes[labels.index(opened)] if opened in labels else st.session_state[shadow]
    code = code if code in codes else default
    st.session_state[shadow] = code
    st.session_state[key] = labels[codes.index(code)]
    containers = st.tabs(labels, key=key, on_change="rerun")
    publish(key, code, default)
    return code, containers[codes.index(code)]


def text(key: str, label_text: str, *, area: bool = False, where=st, **kwargs) -> str:
    """A text input (or area); the link holds the text without its outer spaces."""
    seed(key, last_text, report=False)
    widget = where.text_area if area else where.text_input
    value = widget(label_text, key=key, **kwargs) or ""
    publish(key, value.strip() or None)
    return value
