"""What an alert says, in either language, from the figures its rule stored.

Pure (no Streamlit): the Alerts page and the briefing (briefing/) word alerts alike.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pages.common.catalog import label, t


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


# pages/common/fmt.py's num and pct, which the briefing cannot import (fmt reaches the
# cached layer, and so Streamlit)
def num(x: float | None, digits: int = 0) -> str:
    return "—" if _missing(x) else f"{x:,.{digits}f}"


def pct(share: float | None, digits: int = 1) -> str:
    """A share (0.123) as a percentage ('12.3%')."""
    return "—" if _missing(share) else f"{share * 100:,.{digits}f}%"


_num, _pct = num, pct


def describe(rule: str, figures: str | dict[str, Any], lang: str) -> str:
    """The sentence an alert of `rule` says with its figures (a dict or their JSON)."""
    g = json.loads(figures) if isinstance(figures, str) else figures
    key = f"alerts.what.{rule}"
    if rule == "rushed":
        return t(
            key,
            lang,
            share=_pct(g["share"], 0),
            teams=g["teams_in_7_days"],
            total=g["teams_total"],
            limit=_pct(g["threshold"], 0),
        )
    if rule == "accident_rate":
        limit = g["limit_998"] if g["level"] == "99.8" else g["limit_95"]
        return t(
            key,
            lang,
            observed=_num(g["observed"]),
            expected=_num(g["expected"], 1),
            level=g["level"],
            limit=_num(limit),
            before=_num(g["rate_before"], 1),
            after=_num(g["rate_after"], 1),
        )
    if rule == "defect_rate":
        return t(
            key,
            lang,
            before=_pct(g["rate_before"], 2),
            after=_pct(g["rate_after"], 2),
            level=g["level"],
        )
    if rule == "death":
        return t(key, lang, n=g["deaths"], cause=label("cause", g["cause"], lang))
    if rule == "below_plan":
        return t(
            key,
            lang,
            n=g["weeks"],
            pct=_pct(g["fulfilment_pct"] / 100),
            limit=_pct(g["threshold_pct"] / 100, 0),
        )
    if rule == "overdue_proposals":
        return t(key, lang, n=g["proposals"], days=g["days"], oldest=g["oldest_age_days"])
    if rule == "productivity_fall":
        return t(
            key,
            lang,
            before=_num(g["index_before"], 1),
            since=_num(g["index_since"], 1),
            change=f"{g['change']:+,.1f}",
        )
    raise ValueError(f"no wording for alert rule {rule!r}")


def view_link(view: str, link: str, lang: str) -> str:
    """The address of an alert's view, relative to the app: its page and link parameters,
    in the reader's language."""
    extra = "&lang=zh" if lang == "zh" else ""
    return f"./{view}?{link}{extra}" if link else f"./{view}{extra.replace('&', '?', 1)}"
