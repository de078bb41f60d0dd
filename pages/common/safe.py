"""The one way untrusted text (names and titles from loaded data, values from a link, error
messages) reaches the screen: as text, never as markup.

Streamlit renders markdown in st.markdown, captions, alerts, metric labels and widget labels,
so a name such as `![x](http://host/x.png)` would make the browser fetch that address and
`[sign in](http://host)` would be a link; Plotly renders a subset of HTML in every text of a
chart (names, hover texts, category labels), where `<a href>` is a live link. md() escapes
for the first, html() for the second; charts.py applies html() to every trace it builds, and
the catalog's t() applies md() to every value it formats into a sentence shown as markdown.
clip() shortens a label for an axis or a legend, the whole text staying in the hover.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; these are the ones
# markdown, GitHub's extensions, Streamlit's directives (:red[..], :material/x:) and its
# LaTeX ($..$) give a meaning. A colon and a dot are escaped so that bare addresses
# (http://host, www.host) are not turned into links either.
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:^=&/])")
_AUTOLINK = re.compile(r"(?i)https?|ftp|mailto|www|@")
WJ = "\u2060"
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_RE = re.compile("[&<>]")


def md(value: Any) -> str:
    """value as literal text inside markdown; line breaks become spaces."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    # GitHub's autolinks (http://, www., a@b.c) are found even in escaped text: an invisible
    # word joiner inside each breaks them without changing what is read.
    text = _AUTOLINK.sub(lambda m: m.group()[0] + WJ + m.group()[1:], text)
    return _MD.sub(r"\\\1", text)


def code(value: Any) -> str:
    """value as a markdown code span, whatever backticks it holds (CommonMark: a fence
    longer than any run of backticks inside)."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html(value: Any) -> Any:
    """A text of a Plotly chart as literal text; numbers, dates and None as they are.
    Strings in arrays and lists (customdata rows too) are escaped one by one."""
    if isinstance(value, str):
        return _HTML_RE.sub(lambda m: _HTML[m.group()], value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "U":
            # not np.char.replace: it keeps the input's item size and cuts what grows
            return np.array([html(v) for v in value.ravel().tolist()], dtype=np.str_).reshape(
                value.shape
            )
        if value.dtype == object:
            return np.vectorize(html, otypes=[object])(value) if value.size else value
        return value
    if isinstance(value, list | tuple):
        return type(value)(html(v) for v in value)
    return value


def unhtml(value: Any) -> Any:
    """What html() escaped, back: a clicked point's customdata is the escaped id."""
    if isinstance(value, str):
        return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if isinstance(value, list | tuple):
        return type(value)(unhtml(v) for v in value)
    return value


def clip(text: str, limit: int = 48) -> str:
    """text shortened to at most limit characters, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
