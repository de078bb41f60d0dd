"""python -m briefing.alerts: the rules on demand, with what changed since the stored run."""

from __future__ import annotations

from briefing import alerts
from queries import campaign
from tests.queries.alerts.conftest import build, export_tables


def test_on_demand_against_the_stored_evaluation(tmp_path, monkeypatch, capsys):
    target = tmp_path / "campaign.duckdb"
    campaign.load(export_tables(build(tmp_path, "planted"), tmp_path / "src"), target)
    assert alerts.main(["--db", str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "6 alerts"
    assert not any(line.startswith("new") for line in out)
    assert any(
        "Rush Mine: Accidents above the control limit: 20 injury accidents" in x for x in out
    )

    # a stricter configuration shows before the next load: one alert gone
    strict = tmp_path / "alerts.toml"
    strict.write_text("[below_plan]\nweeks = 4\n")
    monkeypatch.setenv("EMULATION_ALERTS_CONFIG", str(strict))
    assert alerts.main(["--db", str(target), "--lang", "zh"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 alerts"
    assert "gone    below_plan:a3 (open in the stored evaluation, not raised now)" in out
    assert any("急进煤矿: 事故超过控制限" in x for x in out)


def test_a_bad_configuration_is_reported(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "alerts.toml"
    bad.write_text("[rushed]\nshare = 1\n")
    monkeypatch.setenv("EMULATION_ALERTS_CONFIG", str(bad))
    assert alerts.main(["--db", str(tmp_path / "x.duckdb")]) == 1
    assert "[rushed] has no key 'share'" in capsys.readouterr().err
