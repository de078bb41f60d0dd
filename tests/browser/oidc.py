"""A real OpenID Connect login for the browser tests: a local provider (oidc-provider-mock)
that any client may use, the dashboard's [auth] secrets pointing at it, and the sign-in and
sign-out round trips driven through the dashboard's own buttons.

Two things the round trip depends on: the app must be opened on the host of its
redirect_uri (Streamlit's auth cookie is bound to that origin, so localhost, never
127.0.0.1), and the provider's pages fetch a stylesheet from a CDN that this machine cannot
reach, so every request off the machine is aborted rather than left to time out.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote, urlsplit

from bench.server import IDLE

HOST = "localhost"
LOGIN = ".st-key-login button"
LOGOUT = ".st-key-logout button"


@contextlib.contextmanager
def provider() -> Iterator[str]:
    """The provider on a free port, in a thread of this process; yields its base URL."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=0) as server:
        url = f"http://{HOST}:{server.server_port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url


def set_user(provider_url: str, sub: str, claims: dict) -> None:
    """Register (or replace) a user and the claims its identity token carries."""
    request = urllib.request.Request(
        f"{provider_url}/users/{quote(sub, safe='')}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204, response.status


def write_secrets(directory: Path, app_port: int, provider_url: str) -> Path:
    """.streamlit/secrets.toml's [auth] for a dashboard on localhost:app_port."""
    auth = {
        "redirect_uri": f"http://{HOST}:{app_port}/oauth2callback",
        "cookie_secret": secrets.token_hex(32),
        "client_id": "emulation-dashboard",
        "client_secret": "test-secret",
        "server_metadata_url": f"{provider_url}/.well-known/openid-configuration",
    }
    path = directory / "secrets.toml"
    # a JSON string is a TOML basic string
    path.write_text("[auth]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in auth.items()))
    return path


def off_machine(context) -> None:
    """Abort every request to a host other than this machine's."""
    context.route(
        re.compile(r"^https?://(?!(localhost|127\.0\.0\.1)(:\d+)?/)"), lambda r: r.abort()
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def login(page, app_url: str, sub: str, email: str, groups: Sequence[str]) -> None:
    """Sign in through the dashboard's Sign in button and the provider's form, as `sub` with
    the given email and groups; returns on the dashboard, signed in and idle."""
    if _origin(page.url) != _origin(app_url):
        page.goto(app_url)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.locator(LOGIN).first.click()
    page.wait_for_url(re.compile(r"/oauth2/authorize\?"), timeout=30_000)
    set_user(_origin(page.url), sub, {"email": email, "groups": list(groups)})
    page.fill("input[name='sub']", sub)
    page.click("button[type='submit']:has-text('Authorize')")
    # the provider sends the browser to /oauth2callback, which Streamlit answers with "/"
    page.wait_for_url(
        lambda u: _origin(u) == _origin(app_url) and "/oauth2callback" not in u, timeout=30_000
    )
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector(LOGOUT, timeout=60_000)


def logout(page, app_url: str) -> None:
    """Sign out with the dashboard's button; the provider asks to end its session too."""
    page.locator(LOGOUT).first.click()
    deadline = time.monotonic() + 30
    ended = False
    while time.monotonic() < deadline:
        if "/oauth2/end_session" in page.url and not ended:
            page.click("button[type='submit']:has-text('End session')")
            ended = True
        elif _origin(page.url) == _origin(app_url):
            with contextlib.suppress(Exception):  # the page may be navigating
                if page.locator(LOGIN).count() and page.locator(IDLE).count():
                    return
        page.wait_for_timeout(100)
    raise TimeoutError(f"sign-out did not come back to the sign-in page (at {page.url})")
