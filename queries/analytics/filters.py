"""The sidebar's filters as one hashable value, and what they mean as query parameters.

A Filters value is what the cached layer keys on, so it holds only tuples and dates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import polars as pl

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

    def scope_params(self) -> dict[str, Any]:
        return {
            "bureaus": list(self.bureaus),
            "industries": list(self.industries),
            "provinces": list(self.provinces),
            "ownerships": list(self.ownerships),
            "unit_ids": list(self.unit_ids),
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
    out = units
    for column, chosen in pairs:
        if chosen:
            out = out.filter(pl.col(column).is_in(list(chosen)))
    return out
