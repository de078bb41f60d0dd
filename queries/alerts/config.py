"""The alert rules' thresholds: config/alerts.toml (or EMULATION_ALERTS_CONFIG), each key
checked, each one left out taking the default of the analytics function the rule reuses."""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from queries.analytics import proposals, quality, rollout

ENV_VAR = "EMULATION_ALERTS_CONFIG"
DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "config" / "alerts.toml"
SEVERITIES = ("high", "medium", "low")


class ConfigError(ValueError):
    """A configuration file that cannot be used: the message names the file and the key."""


@dataclass(frozen=True)
class Rushed:
    enabled: bool = True
    threshold: float = rollout.RUSHED_THRESHOLD
    severity: str = "medium"


@dataclass(frozen=True)
class ControlLimit:
    enabled: bool = True
    window_days: int = quality.WINDOW_DAYS
    warning_severity: str = "medium"
    alarm_severity: str = "high"


@dataclass(frozen=True)
class Death:
    enabled: bool = True
    recent_days: int = 28
    severity: str = "high"


@dataclass(frozen=True)
class BelowPlan:
    enabled: bool = True
    weeks: int = 3
    fulfilment_pct: float = 100.0
    severity: str = "medium"


@dataclass(frozen=True)
class OverdueProposals:
    enabled: bool = True
    days: int = proposals.OVERDUE_DAYS
    min_proposals: int = 1
    severity: str = "low"


@dataclass(frozen=True)
class ProductivityFall:
    enabled: bool = True
    min_drop_points: float = 2.0
    severity: str = "medium"


@dataclass(frozen=True)
class AlertsConfig:
    rushed: Rushed = Rushed()
    control_limit: ControlLimit = ControlLimit()
    death: Death = Death()
    below_plan: BelowPlan = BelowPlan()
    overdue_proposals: OverdueProposals = OverdueProposals()
    productivity_fall: ProductivityFall = ProductivityFall()
    source: str = "defaults"

    def fingerprint(self) -> str:
        """What the rules would be evaluated with: part of the alerts step's version."""
        return hashlib.sha256(repr(self.__dict__ | {"source": ""}).encode()).hexdigest()


_SECTION_TYPES = {
    "rushed": Rushed,
    "control_limit": ControlLimit,
    "death": Death,
    "below_plan": BelowPlan,
    "overdue_proposals": OverdueProposals,
    "productivity_fall": ProductivityFall,
}


def _value(where: str, default: Any, raw: Any) -> Any:
    kind = type(default)
    if kind is bool:
        if not isinstance(raw, bool):
            raise ConfigError(f"{where}: {raw!r} is not true or false")
        return raw
    if kind is int:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise ConfigError(f"{where}: {raw!r} is not a whole number of at least 1")
        return raw
    if kind is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
            raise ConfigError(f"{where}: {raw!r} is not a number of at least 0")
        return float(raw)
    if not isinstance(raw, str) or raw not in SEVERITIES:
        raise ConfigError(f"{where}: {raw!r} is not one of {', '.join(SEVERITIES)}")
    return raw


def parse(data: dict[str, Any], source: str) -> AlertsConfig:
    """An AlertsConfig from a TOML document's tables; an unknown section or key, or a value
    of the wrong kind, is a ConfigError naming the file, section and key."""
    unknown = data.keys() - _SECTION_TYPES.keys()
    if unknown:
        raise ConfigError(
            f"{source}: unknown section [{sorted(unknown)[0]}] "
            f"(the sections are {', '.join(_SECTION_TYPES)})"
        )
    sections = {}
    for name, kind in _SECTION_TYPES.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: {name} must be a table ([{name}])")
        defaults = kind()
        known = {f.name for f in fields(kind)}
        extra = table.keys() - known
        if extra:
            raise ConfigError(
                f"{source}: [{name}] has no key {sorted(extra)[0]!r} "
                f"(its keys are {', '.join(sorted(known))})"
            )
        values = {
            k: _value(f"{source}: [{name}] {k}", getattr(defaults, k), v) for k, v in table.items()
        }
        sections[name] = kind(**values)
    if sections["rushed"].threshold > 1:
        raise ConfigError(f"{source}: [rushed] threshold is a share of teams, at most 1")
    return AlertsConfig(**sections, source=source)


def config_path() -> Path:
    named = os.environ.get(ENV_VAR)
    return Path(named) if named else DEFAULT_PATH


def load(path: Path | None = None) -> AlertsConfig:
    """The configuration in path (else config_path()); a missing default file means the
    defaults, a missing named one is an error."""
    path = config_path() if path is None else Path(path)
    if not path.exists():
        if path == DEFAULT_PATH:
            return AlertsConfig()
        raise ConfigError(f"{path}: the alerts configuration file does not exist")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a TOML file: {exc}") from exc
    return parse(data, str(path))
