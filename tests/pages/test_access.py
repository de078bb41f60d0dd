"""Login and access in AppTest (the real OIDC flow is in tests/browser/test_access.py): given
[auth] in the secrets, a policy and a signed-in user, expect that user's units and role on
every page, and figures equal to the unrestricted ones filtered to the same units."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import ENTRYPOINT, metrics, shown

PERIOD = ["1952-12-30", "1953-01-11"]
COAL = "Central-South Coal Industry Administration Bureau"
POLICY = f"""
[[grant]]
groups = ["coal"]
role = "viewer"
bureaus = ["{COAL}"]

[[grant]]
emails = ["chen@power.example"]
role = "investigator"
unit_ids = ["u2"]

[[grant]]
subjects = ["central"]
role = "admin"
all_units = true
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-some-length",
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
}
COAL_USER = {"is_logged_in": True, "sub": "wang", "email": "wang@coal.example", "groups": ["coal"]}
POWER_USER = {"is_logged_in": True, "sub": "chen", "email": "chen@power.example"}
ADMIN = {"is_logged_in": True, "sub": "central", "email": "staff@centre.example"}


@pytest.fixture
def signed_in(fixture_db, monkeypatch, tmp_path):
    """A function that opens the app with login on, as the given user."""
    monkeypatch.setenv("EMULATION_DB", str(fixture_db))
    policy = tmp_path / "access.toml"
    policy.write_text(POLICY)
    monkeypatch.setenv("EMULATION_ACCESS_POLICY", str(policy))

    def open_app(user: dict | None, page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        at.secrets["auth"] = AUTH
        at.user = dict(user) if user else {"is_logged_in": False}
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return open_app


def _buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button] + [b.label for b in at.sidebar.button]


def test_signed_out_sees_only_the_sign_in_page(signed_in):
    at = signed_in(None)
    assert at.title[0].value == "Labor emulation dashboard"
    assert "Sign in" in _buttons(at)
    assert not at.metric and not at.sidebar.multiselect


def test_an_identity_the_policy_does_not_name_is_refused(signed_in):
    at = signed_in({"is_logged_in": True, "sub": "x", "email": "nobody@else.example"})
    assert "nobody@else.example" in shown(at.warning[0].value).replace("\u2060", "")
    assert "gives this account no units" in at.warning[0].value
    assert not at.metric


def test_a_bureau_viewer_sees_its_units_and_figures_equal_the_filtered_ones(signed_in):
    mine = signed_in(COAL_USER, period=PERIOD)
    assert mine.sidebar.multiselect(key="unit").options == ["No. 1 Coal Mine"]
    signed = [shown(c.value).replace("\u2060", "") for c in mine.sidebar.caption]
    assert "Signed in as wang@coal.example · viewer" in signed
    filtered = signed_in(ADMIN, period=PERIOD, bureau=COAL)
    assert metrics(mine) == metrics(filtered)
    assert metrics(mine)["Factories and mines launched"] == "1 of 1"
    # and not the whole campaign's
    assert metrics(signed_in(ADMIN, period=PERIOD)) != metrics(mine)


def test_a_unit_outside_the_scope_is_not_found(signed_in):
    at = signed_in(COAL_USER, "pages/unit.py", unit="u2")
    assert not any("No. 2 Power Plant" in t.value for t in at.title)
    # the unit is not among the picker's options: the page asks for a unit, showing nothing
    assert [t.value for t in at.title] == ["Factory or mine details"]
    assert not at.metric
    own = signed_in(COAL_USER, "pages/unit.py", unit="u1")
    assert shown(own.title[0].value) == "No. 1 Coal Mine"


def test_a_viewer_has_no_data_page_no_sql_box_and_no_records(signed_in):
    # a link asking for the SQL box opens the chart builder, with no SQL box
    at = signed_in(COAL_USER, "pages/explore.py", x_mode="sql", x_sql="select 1")
    assert not [w for w in at.text_area if w.key == "x_sql"]
    # and the unit page's records are not offered
    records = signed_in(COAL_USER, "pages/unit.py", unit="u1", unit_tab="Download")
    assert not [b for b in records.get("download_button")]


def test_an_investigator_has_the_sql_box_on_their_units_only(signed_in):
    at = signed_in(
        POWER_USER,
        "pages/explore.py",
        x_mode="sql",
        x_sql="select unit_id, name_en from units order by unit_id",
    )
    assert [w.value for w in at.warning] == []
    frames = [d.value for d in at.dataframe if "unit_id" in d.value.columns]
    assert frames and frames[-1]["unit_id"].tolist() == ["u2"], [i.value for i in at.info]


def test_without_auth_the_app_is_open_as_before(app):
    at = app(period=PERIOD)
    assert metrics(at)["Factories and mines launched"] == "1 of 3"
    assert "Sign out" not in [b.label for b in at.sidebar.button]
