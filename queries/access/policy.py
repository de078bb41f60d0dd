"""The access policy: which users or groups see which units, and with which role.

A policy is a TOML file of [[grant]] tables (config/access.toml, or EMULATION_ACCESS_POLICY).
A grant names who it is for (emails, subjects or groups: any of them matches) and what it
gives: a role and a scope (all_units = true, or any of bureaus, provinces, industries,
unit_ids; within one grant they narrow each other). A user every grant misses is refused;
one several grants match gets the union of their scopes and the highest of their roles.
Each key is checked, and a file that cannot be used is an AccessError naming the file, the
grant and the key: a mistyped policy must not open the data to everyone.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

ENV_VAR = "EMULATION_ACCESS_POLICY"
REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_PATH = REPO / "config" / "access.toml"

# In increasing order of what each may do (capabilities below).
ROLES = ("viewer", "investigator", "admin")
# What a role may do beyond reading every page's figures, charts and their downloads.
RECORDS = "records"  # the unit page's raw records and the Explore page's SQL box
DATA = "data"  # the Data page: load history, warnings, upload and rollback
CAPABILITIES = {
    "viewer": frozenset(),
    "investigator": frozenset({RECORDS}),
    "admin": frozenset({RECORDS, DATA}),
}
# Unit attributes a grant may name, as the units table holds them.
SCOPE_KEYS = {
    "bureaus": "bureau_en",
    "provinces": "province",
    "industries": "industry",
    "unit_ids": "unit_id",
}
WHO_KEYS = ("emails", "subjects", "groups")
# The claim of the identity token that holds the user's groups, unless the policy says.
DEFAULT_GROUPS_CLAIM = "groups"


class AccessError(ValueError):
    """A policy that cannot be used: the message names the file, the grant and the key."""


@dataclass(frozen=True)
class Rule:
    """One [[grant]] of the policy."""

    emails: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    role: str = "viewer"
    all_units: bool = False
    bureaus: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()

    def matches(self, email: str, subject: str, groups: frozenset[str]) -> bool:
        return (
            (bool(email) and email in self.emails)
            or (bool(subject) and subject in self.subjects)
            or bool(self.groups & groups)
        )

    def units(self, units: pl.DataFrame) -> set[str]:
        """The unit ids of units this rule's scope keeps."""
        if self.all_units:
            return set(units["unit_id"].to_list())
        kept = units
        for key, column in SCOPE_KEYS.items():
            chosen = getattr(self, key)
            if chosen:
                kept = kept.filter(pl.col(column).is_in(list(chosen)))
        return set(kept["unit_id"].to_list())


@dataclass(frozen=True)
class Policy:
    rules: tuple[Rule, ...]
    groups_claim: str = DEFAULT_GROUPS_CLAIM
    source: str = ""


@dataclass(frozen=True)
class Identity:
    """Who signed in, as the identity provider's claims say."""

    email: str
    subject: str
    name: str
    groups: frozenset[str]

    @property
    def shown(self) -> str:
        return self.email or self.name or self.subject


@dataclass(frozen=True)
class Grant:
    """What a signed-in user may do and see. within is None for every unit (the policy
    gave all_units), else the unit ids, sorted (possibly none: a scope no unit meets)."""

    identity: Identity
    role: str
    within: tuple[str, ...] | None

    def can(self, capability: str) -> bool:
        return capability in CAPABILITIES[self.role]


def identity_of(claims: Mapping[str, Any], groups_claim: str = DEFAULT_GROUPS_CLAIM) -> Identity:
    """The identity in the claims Streamlit keeps of a login (st.user). Emails compare
    without case; groups may come as a list or as one string."""
    raw_groups = claims.get(groups_claim) or ()
    if isinstance(raw_groups, str):
        raw_groups = [raw_groups]
    return Identity(
        email=str(claims.get("email") or "").strip().lower(),
        subject=str(claims.get("sub") or "").strip(),
        name=str(claims.get("name") or "").strip(),
        groups=frozenset(str(g) for g in raw_groups if isinstance(g, str | int)),
    )


def grant(policy: Policy, claims: Mapping[str, Any], units: pl.DataFrame) -> Grant | None:
    """What the policy gives the user of these claims over these units (the units table's
    unit_id and scope columns), or None when no grant names them."""
    who = identity_of(claims, policy.groups_claim)
    matched = [r for r in policy.rules if r.matches(who.email, who.subject, who.groups)]
    if not matched:
        return None
    role = max((r.role for r in matched), key=ROLES.index)
    if any(r.all_units for r in matched):
        return Grant(who, role, None)
    seen: set[str] = set()
    for rule in matched:
        seen |= rule.units(units)
    return Grant(who, role, tuple(sorted(seen)))


# --- the file ------------------------------------------------------------------------------


def _strings(where: str, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        raise AccessError(f"{where}: {raw!r} is not a list of names")
    return tuple(v.strip() for v in raw)


def parse(data: Mapping[str, Any], source: str) -> Policy:
    """A Policy from a TOML document; anything it cannot use is an AccessError."""
    unknown = data.keys() - {"grant", "groups_claim"}
    if unknown:
        raise AccessError(
            f"{source}: unknown key {sorted(unknown)[0]!r} (a policy has [[grant]] tables "
            "and groups_claim)"
        )
    groups_claim = data.get("groups_claim", DEFAULT_GROUPS_CLAIM)
    if not isinstance(groups_claim, str) or not groups_claim.strip():
        raise AccessError(f"{source}: groups_claim {groups_claim!r} is not a claim's name")
    grants = data.get("grant", [])
    if not isinstance(grants, list) or not all(isinstance(g, dict) for g in grants):
        raise AccessError(f"{source}: grants are written as [[grant]] tables")
    known = {*WHO_KEYS, *SCOPE_KEYS, "role", "all_units"}
    rules = []
    for i, table in enumerate(grants, start=1):
        where = f"{source}: grant {i}"
        extra = table.keys() - known
        if extra:
            raise AccessError(
                f"{where} has no key {sorted(extra)[0]!r} (its keys are {', '.join(sorted(known))})"
            )
        who = {k: _strings(f"{where} {k}", table.get(k, [])) for k in WHO_KEYS}
        if not any(who.values()):
            raise AccessError(f"{where} names nobody: give emails, subjects or groups")
        role = table.get("role")
        if role not in ROLES:
            raise AccessError(f"{where} role: {role!r} is not one of {', '.join(ROLES)}")
        all_units = table.get("all_units", False)
        if not isinstance(all_units, bool):
            raise AccessError(f"{where} all_units: {all_units!r} is not true or false")
        scope = {k: _strings(f"{where} {k}", table.get(k, [])) for k in SCOPE_KEYS}
        if all_units and any(scope.values()):
            raise AccessError(f"{where}: all_units = true leaves no room for a narrower scope")
        if not all_units and not any(scope.values()):
            # an empty scope read as "everything" would open the data to a typo
            raise AccessError(
                f"{where} gives no units: set all_units = true or name bureaus, provinces, "
                "industries or unit_ids"
            )
        rules.append(
            Rule(
                emails=frozenset(e.lower() for e in who["emails"]),
                subjects=frozenset(who["subjects"]),
                groups=frozenset(who["groups"]),
                role=role,
                all_units=all_units,
                **scope,
            )
        )
    if not rules:
        raise AccessError(f"{source}: the policy grants nothing to anyone (no [[grant]])")
    return Policy(tuple(rules), groups_claim.strip(), source)


def policy_path() -> Path:
    named = os.environ.get(ENV_VAR)
    return Path(named) if named else DEFAULT_PATH


def load(path: Path | None = None) -> Policy:
    """The policy in path (else policy_path()). With login on, a missing policy is an error,
    not an open door."""
    path = policy_path() if path is None else Path(path)
    shown = _shown(path)
    if not path.exists():
        raise AccessError(
            f"{shown}: the access policy does not exist (login is on: copy "
            "config/access.example.toml and name who sees what)"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AccessError(f"{shown}: not a TOML file: {exc}") from exc
    return parse(data, shown)


def fingerprint(path: Path | None = None) -> tuple[str, int]:
    """The policy file and its modification time: the cached layer reads it again when it
    changes, without a restart."""
    path = policy_path() if path is None else Path(path)
    try:
        return (str(path.resolve()), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return (str(path), 0)


def _shown(path: Path) -> str:
    resolved = Path(path).resolve()
    return str(resolved.relative_to(REPO)) if resolved.is_relative_to(REPO) else str(path)
