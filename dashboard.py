"""Entry point: `streamlit run dashboard.py`.

Renders the language switch and the sidebar filters on every run, then the chosen page.
"""

import streamlit as st

# first: the imports that concurrent first sessions would otherwise race (see the module)
import pages.common.warm
from pages.common import cache, routing, sidebar
from pages.common.catalog import t
from pages.common.nav import PAGES

# An emoji, not a :material/...: icon: Streamlit points the favicon of a material icon at
# Google's font server, a request off the machine on every page.
st.set_page_config(page_title="Labor emulation · 劳动竞赛", page_icon="🏭", layout="wide")

sidebar.ensure_navigation()
try:
    ctx = sidebar.render()
except cache.DatabaseMissing as exc:
    st.error(t("error.database", st.query_params.get("lang", "en"), error=exc))
    st.stop()

pages = [
    st.Page(
        spec.path,
        title=t(spec.title_key, ctx.lang),
        icon=spec.icon,
        url_path=spec.url_path,
        default=i == 0,
        help=t(spec.help_key, ctx.lang),
    )
    for i, spec in enumerate(PAGES)
]
navigation = st.navigation(pages, position="sidebar")
goto = routing.pending_page()
if goto:
    st.switch_page(goto)
navigation.run()
