"""The pages of the dashboard, in menu order. dashboard.py and the browser test read this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from pages.common import cache
from pages.common.catalog import t


@dataclass(frozen=True)
class PageSpec:
    path: str
    url_path: str
    title_key: str
    help_key: str
    icon: str
    # what the session's role must be able to do to have the page in its menu (login on)
    needs: str | None = None


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py", "overview", "nav.overview", "nav.overview.help", ":material/dashboard:"
    ),
    PageSpec(
        "pages/rollout.py", "rollout", "nav.rollout", "nav.rollout.help", ":material/timeline:"
    ),
    PageSpec(
        "pages/productivity.py",
        "productivity",
        "nav.productivity",
        "nav.productivity.help",
        ":material/trending_up:",
    ),
    PageSpec(
        "pages/quality.py", "quality", "nav.quality", "nav.quality.help", ":material/verified:"
    ),
    PageSpec(
        "pages/proposals.py",
        "proposals",
        "nav.proposals",
        "nav.proposals.help",
        ":material/lightbulb:",
    ),
    PageSpec("pages/cost.py", "cost", "nav.cost", "nav.cost.help", ":material/payments:"),
    PageSpec(
        "pages/alerts.py", "alerts", "nav.alerts", "nav.alerts.help", ":material/notifications:"
    ),
    PageSpec("pages/unit.py", "unit", "nav.unit", "nav.unit.help", ":material/factory:"),
    PageSpec(
        "pages/explore.py", "explore", "nav.explore", "nav.explore.help", ":material/query_stats:"
    ),
    PageSpec(
        "pages/data.py", "data", "nav.data", "nav.data.help", ":material/database:", cache.DATA
    ),
)


def menu(lang: str, shown: Callable[[PageSpec], bool]) -> list[st.Page]:
    """The st.Page of every spec `shown` keeps, titled in `lang`; the first is the default."""
    return [
        st.Page(
            spec.path,
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=i == 0,
            help=t(spec.help_key, lang),
        )
        for i, spec in enumerate(s for s in PAGES if shown(s))
    ]
