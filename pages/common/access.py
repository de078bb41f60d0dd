"""The door: with login on ([auth] in the secrets), a signed-out visitor sees only the sign-in
page, an identity the policy does not name sees why, and a signed-in one sees who they are
and may sign out. With login off, nothing is drawn and every page is open as before.

What a grant lets a session see is applied in the cached layer (cache.viewer, Filters.within),
not here: this module only words it.
"""

from __future__ import annotations

import streamlit as st

from pages.common import cache, fmt, nav, safe
from pages.common.catalog import t


def gate(lang: str) -> None:
    """Stop the run unless this session may see something (login off, or a granted user)."""
    if not cache.auth_on():
        return
    try:
        cache.viewer()
        return
    except (cache.NotSignedIn, cache.NoAccess, cache.AccessError) as closed:
        reason = closed
    # No menu at the door: without a navigation of its own, Streamlit would list the files of
    # pages/ in the sidebar. The pages stay registered (hidden, never run) so that a link to
    # one keeps its address through the sign-in.
    st.navigation(nav.menu(lang, lambda spec: spec.needs is None), position="hidden")
    st.title(t("access.title", lang))
    if isinstance(reason, cache.NotSignedIn):
        st.write(t("access.login_intro", lang))
        st.button(t("access.login", lang), type="primary", on_click=st.login, key="login")
    elif isinstance(reason, cache.NoAccess):
        st.warning(t("access.no_access", lang, who=safe.md(reason.identity.shown)))
        st.button(t("access.logout", lang), on_click=st.logout, key="logout")
    else:
        st.error(t("access.policy_error", lang, error=safe.md(str(reason))))
    st.stop()


def account(lang: str) -> None:
    """Who is signed in, what they see, and the sign-out button (nothing with login off)."""
    grant = cache.viewer()
    if grant is None:
        return
    with st.sidebar:
        st.divider()
        role = t(f"access.role.{grant.role}", lang)
        st.caption(t("access.signed_in", lang, who=safe.md(grant.identity.shown), role=role))
        if grant.within is None:
            st.caption(t("access.scope_all", lang))
        else:
            st.caption(t("access.scope_some", lang, n=fmt.num(len(grant.within))))
        st.button(t("access.logout", lang), on_click=st.logout, key="logout")


def visible(capability: str | None) -> bool:
    """Whether a page that needs the capability is in this session's menu."""
    return capability is None or cache.can(capability)
