"""The briefing on the sample campaign: its figures are the Overview's for the same scope and
period, its PDF opens and its pages are rendered to images (artifacts/screenshots/), and it
reaches a local SMTP server in both languages with the PDF; a refused server is reported and a
run that cannot render sends nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from streamlit.testing.v1 import AppTest

from briefing import __main__ as command
from briefing import data, mail, render
from pages.common.catalog import LANGS, t
from queries.alerts import history
from queries.store import db
from tests.briefing.conftest import COAL, free_port, write_config
from tests.pages.conftest import ENTRYPOINT, metrics

WEEK = (date(1953, 12, 21), date(1953, 12, 27))
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def coal_week(sample_db):
    con = db.connect(sample_db)
    try:
        yield data.gather(con, data.Scope(COAL), *WEEK)
    finally:
        con.close()


@pytest.fixture(scope="module")
def rendered(coal_week):
    with render.chart_server():
        images = render.chart_images(coal_week)
    page = render.to_html(coal_week, images, "http://dash.example:8501")
    return page, render.to_pdf(page)


@pytest.mark.parametrize("lang", LANGS)
def test_headline_figures_are_the_overviews(sample_db, coal_week, monkeypatch, lang):
    monkeypatch.setenv("EMULATION_DB", str(sample_db))
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["bureau"] = COAL
    at.query_params["period"] = [f"{d:%Y-%m-%d}" for d in WEEK]
    at.run()
    assert not at.exception, at.exception
    shown = metrics(at)
    briefed = {t(f.key, lang): f.current for f in render.headline(coal_week, lang)}
    assert briefed == shown
    assert len(briefed) == 9


def test_previous_period_and_change(coal_week):
    """Against the week before, computed from the same kpis rows."""
    assert coal_week.has_previous
    cur, prev = coal_week.current, coal_week.previous
    deaths = next(f for f in render.headline(coal_week, "en") if f.key == "col.deaths")
    assert deaths.previous == f"{prev['deaths']:,.0f}"
    change = cur["deaths"] - prev["deaths"]
    assert deaths.change == (f"{change:+,.0f}" if change else "±0")


def test_the_weeks_alerts_are_the_rules_as_of_its_end(sample_con, coal_week):
    a = coal_week.alerts
    # Gaokeng Coal Mine's proposals still pending past 30 days at the week's end; its
    # accident rise (to April) does not reach the week
    assert "overdue_proposals:gaokeng" in a["alert_id"].to_list()
    assert "accident_rate:gaokeng" not in a["alert_id"].to_list()
    assert (a["period_end"] >= WEEK[0]).all()
    units = data.overview.units(sample_con)
    coal = set(units.filter(units["bureau_en"] == COAL)["unit_id"])
    assert set(a["unit_id"]) <= coal
    # the same rules the load stored, for the bureau's units
    episodes, _ = history.read(sample_con)
    stored = set(episodes.filter(episodes["unit_id"].is_in(list(coal)))["alert_id"])
    assert set(a["alert_id"]) <= stored


def test_best_and_worst_are_the_overview_ranking(sample_db, coal_week):
    con = db.connect(sample_db)
    try:
        ranking = data.overview.with_plan(data.overview.unit_ranking(con, coal_week.f))
    finally:
        con.close()
    assert coal_week.best["unit_id"].to_list() == ranking["unit_id"].head(3).to_list()
    assert coal_week.worst["unit_id"].to_list() == ranking["unit_id"].tail(3).reverse().to_list()


def test_the_pdf_opens_one_or_two_pages_in_both_languages(rendered, coal_week):
    page, pdf = rendered
    assert pdf.startswith(b"%PDF")
    doc = pdfium.PdfDocument(pdf)
    assert 1 <= len(doc) <= 2
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    for needle in (
        "Weekly briefing",
        "每周简报",
        COAL,
        "中南煤业管理局",
        "Headline figures",
        "主要指标",
    ):
        assert needle in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    for i in range(len(doc)):
        image = doc[i].render(scale=1.5).to_pil()
        assert image.size[0] > 800
        # a page with something on it: far from all white
        assert len(set(image.convert("L").getdata())) > 20
        image.save(SHOTS / f"briefing-page-{i + 1}.png")
    # the HTML holds the charts as images and links each alert to its view
    assert page.count("data:image/png;base64,") == 4
    assert "http://dash.example:8501/proposals?unit=gaokeng" in page


def test_the_briefing_arrives_by_email_in_both_languages_with_the_pdf(
    tmp_path, sample_db, smtp_server, capsys
):
    port, inbox = smtp_server
    cfg = write_config(tmp_path, port, [("coal@example.org", COAL), ("region@example.org", None)])
    code = command.main(
        ["--config", str(cfg), "--db", str(sample_db), "--week", "1953-12-24", "--send"]
    )
    assert code == 0, capsys.readouterr().err
    assert sorted(to for to, _ in inbox.messages) == [["coal@example.org"], ["region@example.org"]]
    by_to = {to[0]: m for to, m in inbox.messages}
    coal = by_to["coal@example.org"]
    assert "Weekly briefing" in coal["Subject"] and "每周简报" in coal["Subject"]
    assert COAL in coal["Subject"] and "1953-12-21" in coal["Subject"]
    body = coal.get_body(("plain",)).get_content()
    assert "attached as a PDF" in body and "附件为" in body
    html = coal.get_body(("html",)).get_content()
    assert "主要指标" in html and "Headline figures" in html and "cid:plan_zh" in html
    pdfs = [p for p in coal.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
    pdf = pdfs[0].get_content()
    assert pdf.startswith(b"%PDF")
    pdfdoc = pdfium.PdfDocument(pdf)
    assert len(pdfdoc) >= 1
    text = pdfdoc[0].get_textpage().get_text_range()
    assert "中南煤业管理局" in text and COAL in text
    assert "briefing.whole" not in str(by_to["region@example.org"]["Subject"])
    assert t("briefing.whole", "zh") in by_to["region@example.org"]["Subject"]
    out = capsys.readouterr().out
    assert "sent to coal@example.org" in out and "sent to region@example.org" in out


def test_a_refused_connection_is_reported_and_nothing_is_sent(tmp_path, sample_db, capsys):
    cfg = write_config(tmp_path, free_port(), [("coal@example.org", COAL)])
    code = command.main(["--config", str(cfg), "--db", str(sample_db), "--send"])
    err = capsys.readouterr().err
    assert code == 3
    assert "could not connect to the mail server 127.0.0.1:" in err
    assert "refused" in err.lower() and "nothing was sent" in err


def test_a_run_that_cannot_render_sends_nothing(
    tmp_path, sample_db, smtp_server, monkeypatch, capsys
):
    port, inbox = smtp_server
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    cfg = write_config(tmp_path, port, [("coal@example.org", COAL)])
    code = command.main(["--config", str(cfg), "--db", str(sample_db), "--send"])
    assert code == 2
    assert "no chromium" in capsys.readouterr().err
    assert inbox.messages == []
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True


def test_a_bureau_that_does_not_exist_is_refused(tmp_path, sample_db, smtp_server, capsys):
    port, inbox = smtp_server
    cfg = write_config(tmp_path, port, [("x@example.org", "No Such Bureau")])
    assert command.main(["--config", str(cfg), "--db", str(sample_db), "--send"]) == 1
    assert "no bureau is named 'No Such Bureau'" in capsys.readouterr().err
    assert inbox.messages == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[smtp]\nport = 'x'\n[[recipients]]\nemail = 'a@b'\n", "[smtp] port: 'x' is not a int"),
        (
            "[smtp]\nsecurity = 'tls'\n[[recipients]]\nemail = 'a@b'\n",
            "security: 'tls' is not one of",
        ),
        ("[[recipients]]\nemail = 'nobody'\n", "recipient 1 email: 'nobody' is not an address"),
        ("[[recipients]]\nemail = 'a@b'\nbureaux = 'x'\n", "recipient 1 has no key 'bureaux'"),
        ("app_url = 'x'\n", "no [[recipients]]"),
    ],
)
def test_bad_configurations_name_file_and_key(tmp_path, text, message):
    path = tmp_path / "b.toml"
    path.write_text(text)
    with pytest.raises(mail.ConfigError) as err:
        mail.load(path)
    assert str(path) in str(err.value) and message in str(err.value)
