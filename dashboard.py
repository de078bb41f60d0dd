"""Entry point: `streamlit run dashboard.py`.

Renders the language switch and the sidebar filters on every run, then the chosen page.
"""

import streamlit as st

from pages.common import shell
from pages.common.catalog import t
from queries.db import DatabaseMissing

st.set_page_config(
    page_title="Labor emulation · 劳动竞赛", page_icon=":material/factory:", layout="wide"
)

try:
    ctx = shell.render()
except DatabaseMissing as exc:
    lang = st.query_params.get("lang", "en")
    st.error(t("error.database", lang, error=exc))
    st.stop()

pages = [
    st.Page(
        "pages/overview.py",
        title=t("nav.overview", ctx.lang),
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
        help=t("nav.overview.help", ctx.lang),
    ),
]
st.navigation(pages, position="sidebar").run()
