"""The access policy: given a policy and a user's claims, expect exactly the units and role
it grants; a policy that cannot be used is refused with the file, grant and key named."""

from __future__ import annotations

import re

import polars as pl
import pytest

from queries.access import policy

UNITS = pl.DataFrame(
    {
        "unit_id": ["u1", "u2", "u3", "u4"],
        "bureau_en": ["Coal", "Power", "Coal", "Textile"],
        "province": ["Hubei", "Hunan", "Henan", "Hubei"],
        "industry": ["coal", "power", "coal", "cotton_textile"],
    }
)

POLICY = """
groups_claim = "groups"

[[grant]]
groups = ["coal-bureau"]
role = "viewer"
bureaus = ["Coal"]

[[grant]]
emails = ["Li@Hubei.example"]
role = "investigator"
provinces = ["Hubei"]
industries = ["coal"]

[[grant]]
subjects = ["central-1"]
role = "admin"
all_units = true
"""


@pytest.fixture
def pol(tmp_path):
    path = tmp_path / "access.toml"
    path.write_text(POLICY)
    return policy.load(path)


def test_a_group_sees_its_bureau(pol):
    g = policy.grant(pol, {"sub": "x", "email": "a@coal.example", "groups": ["coal-bureau"]}, UNITS)
    assert (g.role, g.within) == ("viewer", ("u1", "u3"))
    assert not g.can(policy.RECORDS) and not g.can(policy.DATA)


def test_attributes_of_one_grant_narrow_each_other_and_emails_ignore_case(pol):
    g = policy.grant(pol, {"sub": "y", "email": "li@hubei.EXAMPLE"}, UNITS)
    # Hubei and coal: u1 only (u4 is Hubei textile, u3 Henan coal)
    assert (g.role, g.within) == ("investigator", ("u1",))
    assert g.can(policy.RECORDS) and not g.can(policy.DATA)


def test_several_grants_give_the_union_and_the_highest_role(pol):
    claims = {"sub": "y", "email": "li@hubei.example", "groups": "coal-bureau"}  # one string
    g = policy.grant(pol, claims, UNITS)
    assert (g.role, g.within) == ("investigator", ("u1", "u3"))


def test_all_units_is_none_and_admin_may_load(pol):
    g = policy.grant(pol, {"sub": "central-1"}, UNITS)
    assert (g.role, g.within) == ("admin", None)
    assert g.can(policy.DATA)


def test_an_unknown_user_gets_nothing(pol):
    assert (
        policy.grant(pol, {"sub": "stranger", "email": "s@x.example", "groups": []}, UNITS) is None
    )
    # an empty email or subject never matches a grant
    assert policy.grant(pol, {}, UNITS) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[grant]]\ngroups=['g']\nrole='viewer'\n", "grant 1 gives no units"),
        ("[[grant]]\nrole='viewer'\nall_units=true\n", "grant 1 names nobody"),
        ("[[grant]]\ngroups=['g']\nrole='boss'\nall_units=true\n", "grant 1 role: 'boss'"),
        ("[[grant]]\ngroups=['g']\nrole='viewer'\nbureau=['Coal']\n", "has no key 'bureau'"),
        (
            "[[grant]]\ngroups=['g']\nrole='viewer'\nall_units=true\nbureaus=['Coal']\n",
            "leaves no room",
        ),
        ("[[grant]]\ngroups=[1]\nrole='viewer'\nall_units=true\n", "grant 1 groups: [1]"),
        ("", "grants nothing to anyone"),
        ("colour = 'red'\n", "unknown key 'colour'"),
        ("[[grant\n", "not a TOML file"),
    ],
)
def test_a_policy_that_cannot_be_used_is_refused_naming_where(tmp_path, text, message):
    path = tmp_path / "access.toml"
    path.write_text(text)
    with pytest.raises(policy.AccessError, match=re.escape(message)) as refused:
        policy.load(path)
    assert "access.toml" in str(refused.value)


def test_a_missing_policy_is_an_error_not_an_open_door(tmp_path):
    with pytest.raises(policy.AccessError, match="does not exist"):
        policy.load(tmp_path / "nope.toml")


def test_the_example_policy_parses():
    example = policy.load(policy.REPO / "config" / "access.example.toml")
    assert {r.role for r in example.rules} == set(policy.ROLES)
