"""python -m briefing: render the weekly briefing of each recipient's scope, and send it.

Everything is rendered (HTML and PDF, into out_dir) before anything is sent, so a run that
fails on the data, a chart or the PDF sends nothing; a refused mail server is reported with
what was sent before it. Exit status 0 on success, 1 on a bad configuration or period, 2 when
rendering fails, 3 when sending fails.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from briefing import data, mail, render
from pages.common.catalog import t
from queries import campaign
from queries.alerts import config as alerts_config
from queries.store import db

DEFAULT_CONFIG = Path("config/briefing.toml")


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m briefing",
        description="Render the weekly briefing (HTML and PDF, English and Chinese) for each "
        "recipient's bureau or the whole campaign, and with --send email it.",
    )
    p.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        help="recipients and mail server (TOML; default %(default)s)",
    )
    p.add_argument("--db", type=Path, help="the database (default: EMULATION_DB, or the sample)")
    p.add_argument(
        "--week",
        type=date.fromisoformat,
        help="any day of the week to brief (Monday to Sunday); default: the data's last complete week",
    )
    p.add_argument(
        "--bureau",
        action="append",
        default=None,
        help="render for this bureau (English name; repeat for more) instead of the recipients' scopes",
    )
    p.add_argument("--campaign", action="store_true", help="render for the whole campaign too")
    p.add_argument("--out", type=Path, help="where to write the HTML and PDF (default: out_dir)")
    p.add_argument("--send", action="store_true", help="email each recipient its briefing")
    return p.parse_args(argv)


def render_scope(con, scope: data.Scope, start: date, end: date, cfg, app_url: str, out: Path):
    d = data.gather(con, scope, start, end, cfg)
    images = render.chart_images(d)
    page = render.to_html(d, images, app_url)
    pdf = render.to_pdf(page)
    en, zh = render.scope_names(d)
    span = {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
    subject = f"{t('briefing.subject', 'en', scope=en, **span)} · {t('briefing.subject', 'zh', scope=zh, **span)}"
    text = "\n\n".join(
        [
            t("briefing.body", "en", scope=en, **span),
            t("briefing.body", "zh", scope=zh, **span),
        ]
    )
    stem = f"briefing-{scope.slug}-{start:%Y-%m-%d}"
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for suffix, content in ((".html", page.encode()), (".pdf", pdf)):
        path = out / f"{stem}{suffix}"
        tmp = path.with_suffix(suffix + ".part")
        tmp.write_bytes(content)
        tmp.replace(path)
        files.append(path)
    return mail.Rendered(
        scope,
        subject,
        text,
        render.to_html(d, images, app_url, cid=True),
        images,
        pdf,
        f"{stem}.pdf",
        files,
    )


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    try:
        cfg = mail.load(args.config) if (args.send or not (args.bureau or args.campaign)) else None
        rules_cfg = alerts_config.load()
        db_path = args.db or campaign.database_path()
    except (mail.ConfigError, alerts_config.ConfigError, campaign.DatabaseMissing) as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    if args.bureau or args.campaign:
        scopes = [data.Scope(b) for b in args.bureau or []]
        scopes += [data.Scope()] if args.campaign else []
    else:
        scopes = cfg.scopes
    out = args.out or (cfg.out_dir if cfg else mail.BriefingConfig.out_dir)
    app_url = cfg.app_url if cfg else mail.BriefingConfig.app_url

    con = db.connect(Path(db_path))
    try:
        try:
            start, end = data.week_of(args.week) if args.week else data.last_complete_week(con)
        except ValueError as exc:
            print(f"briefing: {exc}", file=sys.stderr)
            return 1
        rendered: dict[data.Scope, mail.Rendered] = {}
        try:
            with render.chart_server():
                for scope in scopes:
                    rendered[scope] = render_scope(con, scope, start, end, rules_cfg, app_url, out)
        except ValueError as exc:
            print(f"briefing: {exc}; nothing was sent", file=sys.stderr)
            return 1
        except render.RenderError as exc:
            print(f"briefing: {exc}; nothing was sent", file=sys.stderr)
            return 2
    finally:
        con.close()
    for r in rendered.values():
        for path in r.files:
            print(f"wrote {path}")
    if not args.send:
        return 0
    messages = [
        mail.message(rendered[r.scope], cfg.smtp.sender, r.email)
        for r in cfg.recipients
        if r.scope in rendered
    ]
    try:
        sent = mail.send(messages, cfg.smtp)
    except mail.SendError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 3
    for to in sent:
        print(f"sent to {to}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
