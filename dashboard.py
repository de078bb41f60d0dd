"""Entry point: `streamlit run dashboard.py`.

Renders the language switch and the sidebar filters on every run, then the chosen page.
"""

import streamlit as st

# first: the imports that concurrent first sessions would otherwise race (see the module)
import pages.common.warm
from pages.common import access, cache, routing, sidebar
from pages.common.catalog import t
from pages.common.nav import PAGES

# An emoji, not a :material/...: icon: Streamlit points the favicon of a material icon at
# Google's font server, a request off the machine on every page.
st.set_page_config(page_title="Labor emulation · 劳动竞赛", page_icon="🏭", layout="wide")

sidebar.ensure_navigation()
lang = sidebar.language()
try:
    # with login on, nobody passes who is not signed in and named by the access policy
    access.gate(lang)
    ctx = sidebar.render(lang)
except cache.DatabaseMissing as exc:
    st.error(t("error.database", lang, error=exc))
    st.stop()
access.account(ctx.lang)

pages = [
    st.Page(
        spec.path,
        title=t(spec.title_key, ctx.lang),
        icon=spec.icon,
        url_path=spec.url_path,
        default=i == 0,
        help=t(spec.help_key, ctx.lang),
    )
    for i, spec in enumerate(s for s in PAGES if access.visible(s.needs))
]
navigation = st.navigation(pages, position="sidebar")
goto = routing.pending_page()
if goto:
    st.switch_page(goto)
navigation.run()
