"""Entry point: `streamlit run dashboard.py`.

Renders the language switch and the sidebar filters on every run, then the chosen page.
"""

import streamlit as st

# first: the imports that concurrent first sessions would otherwise race (see the module)
import pages.common.warm  # noqa: F401 - imported for its side effect
from pages.common import access, cache, nav, routing, sidebar
from pages.common.catalog import t

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

navigation = st.navigation(
    nav.menu(ctx.lang, lambda spec: access.visible(spec.needs)), position="sidebar"
)
goto = routing.pending_page()
if goto:
    st.switch_page(goto)
navigation.run()
