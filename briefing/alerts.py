"""python -m briefing.alerts: evaluate the alert rules now, on demand, and print them.

The rules run at every load and the history is stored with the database (queries.alerts);
this evaluates them again on the current data, for the whole campaign or some bureaus, and
says which are new since the stored evaluation and which the stored one has that no longer
hold (a changed configuration, EMULATION_ALERTS_CONFIG, shows here before the next load).
Exit status 0, or 1 when the database or configuration cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import polars as pl

from pages.common import alert_text
from pages.common.catalog import LANGS, t
from queries import campaign
from queries.alerts import config, history, rules
from queries.store import db


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m briefing.alerts", description=__doc__.split("\n")[0]
    )
    p.add_argument("--db", type=Path, help="the database (default: EMULATION_DB, or the sample)")
    p.add_argument("--bureau", action="append", default=[], help="only this bureau (repeatable)")
    p.add_argument("--lang", choices=LANGS, default="en")
    args = p.parse_args(argv)
    try:
        cfg = config.load()
        path = args.db or campaign.database_path()
    except (config.ConfigError, campaign.DatabaseMissing) as exc:
        print(f"alerts: {exc}", file=sys.stderr)
        return 1
    con = db.connect(Path(path))
    try:
        whole = history.whole_period(con)
        if whole is None:
            print("alerts: the database holds no daily output", file=sys.stderr)
            return 1
        f = replace(whole, bureaus=tuple(args.bureau))
        now = rules.evaluate(con, f, cfg)
        stored = history.read(con)
        units = con.sql("select unit_id, name_en, name_zh from units").pl()
    finally:
        con.close()
    before = set()
    if stored is not None:
        episodes = stored[0].filter(pl.col("cleared_at").is_null())
        before = set(episodes["alert_id"])
    names = dict(zip(units["unit_id"], units[f"name_{args.lang}"], strict=True))
    lang = args.lang
    for a in now.iter_rows(named=True):
        mark = "new " if stored is not None and a["alert_id"] not in before else "    "
        print(
            f"{mark}{t('alerts.severity.' + a['severity'], lang):<7} "
            f"{a['period_start']:%Y-%m-%d}..{a['period_end']:%Y-%m-%d}  "
            f"{names.get(a['unit_id'], a['unit_id'])}: {t('alerts.rule.' + a['rule'], lang)}: "
            f"{alert_text.describe(a['rule'], a['figures'], lang)}  "
            f"[{alert_text.view_link(a['view'], a['link'], lang)}]"
        )
    gone = sorted(before - set(now["alert_id"])) if not args.bureau else []
    for alert_id in gone:
        print(f"gone    {alert_id} (open in the stored evaluation, not raised now)")
    print(f"{now.height} alerts{'' if stored is not None else ' (the database stores none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
