"""The alerts configuration: defaults, the shipped file, and refusals that name the key."""

from __future__ import annotations

import pytest

from queries.alerts import config
from queries.analytics import proposals, quality, rollout


def test_defaults_are_the_pages_thresholds():
    cfg = config.AlertsConfig()
    assert cfg.rushed.threshold == rollout.RUSHED_THRESHOLD
    assert cfg.control_limit.window_days == quality.WINDOW_DAYS
    assert cfg.overdue_proposals.days == proposals.OVERDUE_DAYS


def test_the_shipped_file_holds_the_defaults(monkeypatch):
    monkeypatch.delenv(config.ENV_VAR, raising=False)
    shipped = config.load()
    assert shipped.source == str(config.DEFAULT_PATH)
    assert shipped.fingerprint() == config.AlertsConfig().fingerprint()


def test_a_named_file_is_read(tmp_path, monkeypatch):
    path = tmp_path / "alerts.toml"
    path.write_text("[below_plan]\nweeks = 5\nfulfilment_pct = 95\n")
    monkeypatch.setenv(config.ENV_VAR, str(path))
    cfg = config.load()
    assert (cfg.below_plan.weeks, cfg.below_plan.fulfilment_pct) == (5, 95.0)
    assert cfg.rushed == config.Rushed()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[rushd]\n", "unknown section [rushd]"),
        ("[rushed]\nshare = 0.5\n", "[rushed] has no key 'share'"),
        ("[rushed]\nthreshold = 'high'\n", "[rushed] threshold: 'high' is not a number"),
        ("[rushed]\nthreshold = 1.5\n", "[rushed] threshold is a share of teams"),
        ("[below_plan]\nweeks = 0\n", "[below_plan] weeks: 0 is not a whole number"),
        ("[death]\nseverity = 'urgent'\n", "[death] severity: 'urgent' is not one of high"),
        ("[death]\nenabled = 1\n", "[death] enabled: 1 is not true or false"),
        ("[death\n", "not a TOML file"),
    ],
)
def test_bad_files_are_refused_naming_file_and_key(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(config.ConfigError) as err:
        config.load(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_a_named_file_that_is_missing_is_refused(tmp_path):
    with pytest.raises(config.ConfigError, match="does not exist"):
        config.load(tmp_path / "none.toml")
