"""The sidebar's filters as one hashable value, and what they mean as query parameters.

A Filters value is what the cached layer keys on, so it holds only tuples and dates.

`within` is the viewer's access scope (queries/access): the unit ids a signed-in user may
see, or None when login is off or the user may see every unit. It is not a filter a user
chooses: the cached layer sets it on every Filters value a page passes, and scope_params()
intersects it with the sidebar's choices, so every query that starts from the scoped_units
macro, and every share, rank and denominator computed from it, sees only those units.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import polars as pl

# A unit id no unit has: an intersection that keeps no unit is bound as this one id, since
# an empty list means "no restriction" to the scoped_units macro.
NO_UNIT = "\x00no unit"

# The five unit attributes that narrow the scope, in the order the sidebar shows them.
ATTRIBUTES = ("bureau_en", "industry", "province", "ownership", "unit_id")


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    bureaus: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    ownerships: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()
    within: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of equal length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return replace(self, start=end - timedelta(days=self.days - 1), end=end)

    def allows(self, unit_id: str) -> bool:
        """Whether the viewer may see this unit (whatever the sidebar's choices)."""
        return self.within is None or unit_id in self.within

    def scoped_unit_ids(self) -> list[str]:
        """The unit_ids argument of the scoped_units macro: the chosen units, within the
        viewer's scope."""
        if self.within is None:
            return list(self.unit_ids)
        allowed = set(self.within)
        ids = [u for u in self.unit_ids if u in allowed] if self.unit_ids else sorted(allowed)
        return ids or [NO_UNIT]

    def within_param(self) -> list[str] | None:
        """The viewer's scope as a bound list (None: every unit), for queries that do not
        start from scoped_units (the unit page's peers)."""
        if self.within is None:
            return None
        return sorted(self.within) or [NO_UNIT]

    def scope_params(self) -> dict[str, Any]:
        return {
            "bureaus": list(self.bureaus),
            "industries": list(self.industries),
            "provinces": list(self.provinces),
            "ownerships": list(self.ownerships),
            "unit_ids": self.scoped_unit_ids(),
        }

    def params(self) -> dict[str, Any]:
        prev = self.previous()
        return {
            **self.scope_params(),
            "start": self.start,
            "end": self.end,
            "prev_start": prev.start,
            "prev_end": prev.end,
        }


def in_scope(units: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The units a Filters value keeps, computed in Polars (used for option lists and tests)."""
    pairs = (
        ("bureau_en", f.bureaus),
        ("industry", f.industries),
        ("province", f.provinces),
        ("ownership", f.ownerships),
        ("unit_id", f.unit_ids),
    )
    out = units if f.within is None else units.filter(pl.col("unit_id").is_in(list(f.within)))
    for column, chosen in pairs:
        if chosen:
            out = out.filter(pl.col(column).is_in(list(chosen)))
    return out
