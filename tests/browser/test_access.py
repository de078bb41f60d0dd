"""Who sees what, in a real browser after a real OpenID Connect login.

The dashboard runs with [auth] pointing at a local provider (tests/browser/oidc.py) and a
policy of three grants: the coal bureau's viewer, the nonferrous bureau's investigator and
the central staff's administrator. Each signs in through the provider's form; then every
page of their menu, every section of it, every download on it and the SQL box are read for
the units they name, which must be exactly the user's own.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import polars as pl
import pytest

from bench.server import free_port
from pages.common.catalog import t
from tests.browser import oidc
from tests.browser.conftest import screenshot, serving, wait_idle

pytestmark = pytest.mark.browser

COAL = "Central-South Coal Industry Administration Bureau"
NONFERROUS = "Central-South Nonferrous Metals Administration Bureau"
POLICY = f"""
[[grant]]
groups = ["coal-bureau"]
role = "viewer"
bureaus = ["{COAL}"]

[[grant]]
groups = ["nonferrous-bureau"]
role = "investigator"
bureaus = ["{NONFERROUS}"]

[[grant]]
groups = ["central-staff"]
role = "admin"
all_units = true
"""


@dataclass(frozen=True)
class Person:
    sub: str
    email: str
    group: str
    bureau: str | None  # None: every unit
    lang: str


COAL_VIEWER = Person("oidc-sub-wang", "wang@coal.example", "coal-bureau", COAL, "en")
NONFERROUS_INVESTIGATOR = Person(
    "oidc-sub-li", "li@nonferrous.example", "nonferrous-bureau", NONFERROUS, "zh"
)
ADMIN = Person("oidc-sub-zhou", "zhou@centre.example", "central-staff", None, "en")
PEOPLE = {"coal": COAL_VIEWER, "nonferrous": NONFERROUS_INVESTIGATOR, "admin": ADMIN}

# every string a Plotly chart carries per point or trace: a unit's bar, line or point
CHART_STRINGS = """() => {
  const out = new Set();
  const walk = v => {
    if (v == null) return;
    if (typeof v === 'string') { out.add(v); return; }
    if (Array.isArray(v)) { v.forEach(walk); return; }
  };
  for (const gd of document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')) {
    for (const tr of (gd.data || [])) {
      for (const k of ['x', 'y', 'text', 'customdata', 'hovertext', 'ids', 'name', 'labels'])
        walk(tr[k]);
    }
  }
  return [...out];
}"""
TOP_TABS = "[data-testid='stMain'] [data-testid='stTabs']"
DOWNLOADS = "[data-testid='stMain'] [data-testid='stDownloadButton'] button"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


@pytest.fixture(scope="module")
def units(sample_con) -> pl.DataFrame:
    return sample_con.sql("select unit_id, name_en, name_zh, bureau_en from units").pl()


def scope_of(person: Person, units: pl.DataFrame) -> set[str]:
    mine = units if person.bureau is None else units.filter(pl.col("bureau_en") == person.bureau)
    return set(mine["unit_id"])


@pytest.fixture(scope="module")
def login_server(sample_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("login")
    policy = tmp / "access.toml"
    policy.write_text(POLICY)
    with oidc.provider() as provider_url:
        port = free_port()
        secrets = oidc.write_secrets(tmp, port, provider_url)
        with serving(
            sample_db,
            tmp / "streamlit.log",
            port,
            oidc.HOST,
            extra_env={"EMULATION_ACCESS_POLICY": str(policy)},
            extra_args=("--secrets.files", str(secrets)),
        ) as url:
            yield url


def _context(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")
    oidc.off_machine(context)
    return context


@pytest.fixture(scope="module")
def signed_in(browser, login_server):
    """A page per person, signed in once for the module."""
    contexts, pages = [], {}
    for key, person in PEOPLE.items():
        context = _context(browser)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{login_server}/?lang={person.lang}")
        oidc.login(page, login_server, person.sub, person.email, [person.group])
        pages[key] = page
    yield pages
    for context in contexts:
        context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)
    assert page.locator(ERRORS).count() == 0, f"{url}: {page.locator(ERRORS).first.inner_text()}"


def _menu(page) -> list[str]:
    """The url paths of the sidebar's page links."""
    links = page.locator("[data-testid='stSidebarNav'] a")
    return [
        links.nth(i).get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
        for i in range(links.count())
    ]


def _downloaded(page, button) -> list[pl.DataFrame]:
    """The tables a download button hands over, every column as text."""
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    body = Path(download.path()).read_bytes()
    name = download.suggested_filename
    if name.endswith(".csv"):
        return [pl.read_csv(io.BytesIO(body), infer_schema=False)]
    if name.endswith(".parquet"):
        frame = pl.read_parquet(io.BytesIO(body))
        return [frame.select(pl.all().cast(pl.String))]
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return [
                pl.read_csv(io.BytesIO(z.read(n)), infer_schema=False)
                for n in z.namelist()
                if n.endswith(".csv")
            ]
    if name.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return [
            pl.DataFrame(
                {"cell": [str(v) for row in sheet.iter_rows(values_only=True) for v in row]}
            )
            for sheet in book.worksheets
        ]
    raise AssertionError(f"a download of an unexpected kind: {name}")


class Seen:
    """The units a user's pages named, each with where it was seen."""

    def __init__(self, units: pl.DataFrame) -> None:
        self.by_string = {}
        for row in units.iter_rows(named=True):
            for s in (row["unit_id"], row["name_en"], row["name_zh"]):
                self.by_string[s] = row["unit_id"]
        self.names = units.select("unit_id", "name_en", "name_zh").rows()
        self.where: dict[str, set[str]] = {}
        self.downloads = 0

    def _add(self, unit_id: str, where: str) -> None:
        self.where.setdefault(unit_id, set()).add(where)

    def strings(self, values, where: str) -> None:
        for v in values:
            if v in self.by_string:
                self._add(self.by_string[v], where)

    def text(self, text: str, where: str, lang: str) -> None:
        for unit_id, en, zh in self.names:
            name = en if lang == "en" else zh
            # a name inside another's (none in the sample) would be counted for both
            if name in text:
                self._add(unit_id, where)

    def page(self, page, where: str, lang: str) -> None:
        self.strings(page.evaluate(CHART_STRINGS), f"{where} chart")
        self.text(page.locator("[data-testid='stMain']").text_content(), f"{where} text", lang)
        buttons = page.locator(DOWNLOADS)
        for i in range(buttons.count()):
            label = buttons.nth(i).inner_text()
            try:
                frames = _downloaded(page, buttons.nth(i))
            except Exception as exc:
                raise AssertionError(f"{where}: the download {label!r} gave nothing") from exc
            for frame in frames:
                self.downloads += 1
                for column in frame.columns:
                    self.strings(frame[column].drop_nulls().unique(), f"{where} download")

    def outside(self, scope: set[str]) -> dict[str, set[str]]:
        return {u: w for u, w in self.where.items() if u not in scope}


def _tour(page, base: str, person: Person, seen: Seen, unit_id: str, shots: str) -> list[str]:
    """Every page of the menu (the unit page on unit_id) and every section of it; returns
    the URLs visited."""
    visited = []
    for path in _menu(page):
        url = f"{base}/{path}?lang={person.lang}"
        if path == "unit":
            url += "&unit=" + quote(unit_id)
        _open(page, url)
        visited.append(page.url)
        if shots:
            screenshot(page, f"access-{shots}-{path}")
        tabs = page.locator(TOP_TABS).first.locator("[role='tab']")
        count = tabs.count() if page.locator(TOP_TABS).count() else 0
        seen.page(page, path, person.lang)
        for i in range(1, count):
            tabs.nth(i).click()
            wait_idle(page)
            assert page.locator(ERRORS).count() == 0, f"{path} tab {i}"
            visited.append(page.url)
            seen.page(page, f"{path}#{i}", person.lang)
    return visited


@pytest.mark.parametrize("who", ["coal", "nonferrous", "admin"])
def test_each_person_sees_exactly_their_units_on_every_page_and_download(
    who, signed_in, login_server, units
):
    person, page = PEOPLE[who], signed_in[who]
    scope = scope_of(person, units)
    seen = Seen(units)
    menu = _menu(page)
    # the Data page (rollback, upload) is the admin's alone
    assert ("data" in menu) == (who == "admin") and "unit" in menu
    visited = _tour(page, login_server, person, seen, min(scope), f"{who}-{person.lang}")
    assert seen.outside(scope) == {}
    assert set(seen.where) == scope, sorted(scope - set(seen.where))
    assert seen.downloads > 0
    # the links a user shares carry what they look at, never who they are
    assert not [u for u in visited if person.email in u or person.sub in u]


def test_the_admin_opens_the_data_page(signed_in, login_server):
    page = signed_in["admin"]
    _open(page, f"{login_server}/data")
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == t("nav.data", "en")


def _metrics(page) -> list[tuple[str, str]]:
    labels = page.locator("[data-testid='stMain'] [data-testid='stMetricLabel']")
    values = page.locator("[data-testid='stMain'] [data-testid='stMetricValue']")
    return [(labels.nth(i).inner_text(), values.nth(i).inner_text()) for i in range(values.count())]


# what each chart plots: its traces' names and values
CHART_VALUES = """() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
  .map(gd => JSON.stringify((gd.data || []).map(tr => [tr.name, tr.x, tr.y, tr.z])))"""


def _figures(page) -> tuple[list, list]:
    return _metrics(page), page.evaluate(CHART_VALUES)


@pytest.mark.parametrize("path", ["overview", "productivity", "quality", "cost"])
def test_a_bureaus_figures_equal_the_whole_campaigns_filtered_to_it(path, signed_in, login_server):
    coal, admin = signed_in["coal"], signed_in["admin"]
    _open(coal, f"{login_server}/{path}?lang=en")
    mine = _figures(coal)
    _open(admin, f"{login_server}/{path}?lang=en&bureau={quote(COAL)}")
    assert (mine[0] or mine[1]) and mine == _figures(admin)
    _open(admin, f"{login_server}/{path}?lang=en")
    assert _figures(admin) != mine


def test_a_link_to_a_unit_outside_the_scope_finds_nothing(signed_in, login_server, units):
    outside = units.filter(pl.col("bureau_en") == NONFERROUS).sort("unit_id").row(0, named=True)
    link = f"{login_server}/unit?lang=en&unit={quote(outside['unit_id'])}"
    coal = signed_in["coal"]
    _open(coal, link)
    main = coal.locator("[data-testid='stMain']").text_content()
    assert outside["name_en"] not in main
    assert coal.locator("[data-testid='stMain'] h1").first.inner_text() == t("nav.unit", "en")
    assert coal.locator("[data-testid='stMain'] .js-plotly-plot").count() == 0
    # the same link opened by someone whose scope holds the unit shows it
    admin = signed_in["admin"]
    _open(admin, link)
    assert admin.locator("[data-testid='stMain'] h1").first.inner_text() == outside["name_en"]


def _sql(page, base: str, query: str, lang: str = "en") -> pl.DataFrame | str:
    """Run a query in the SQL box; its result as the CSV download gives it, or the warning."""
    _open(page, f"{base}/explore?lang={lang}&x_mode=sql&x_sql={quote(query)}")
    warnings = page.locator("[data-testid='stMain'] [data-testid='stAlertContentWarning']")
    if warnings.count():
        return warnings.first.inner_text()
    csv = page.locator(DOWNLOADS).filter(has_text=t("download.csv", lang)).first
    return _downloaded(page, csv)[0]


def test_the_sql_box_reads_only_the_investigators_units(signed_in, login_server, units, sample_db):
    page = signed_in["nonferrous"]
    scope = scope_of(NONFERROUS_INVESTIGATOR, units)
    own = _sql(page, login_server, "select unit_id from units order by 1", "zh")
    assert not isinstance(own, str), own
    assert set(own["unit_id"]) == scope
    every = _sql(
        page,
        login_server,
        "select w.unit_id from daily_output join teams using (team_id) "
        "join workshops w using (workshop_id) "
        "union select unit_id from proposals union select unit_id from accidents "
        "union select unit_id from events union select unit_id from unit_costs",
    )
    assert not isinstance(every, str), every
    # the campaign's own events name no unit and are everyone's
    assert set(every["unit_id"].drop_nulls()) <= scope and every.height > 0
    others = _sql(
        page,
        login_server,
        f"select count(*) as n from events where bureau_en is not null and bureau_en <> '{NONFERROUS}'",
    )
    assert not isinstance(others, str), others
    assert others["n"].to_list() == ["0"]
    counts = _sql(page, login_server, "select count(*) as n from units")
    assert not isinstance(counts, str), counts
    assert counts["n"].to_list() == [str(len(scope))]
    # the whole database is a file on the same machine: it can be neither attached nor read
    for attempt in (
        f"attach '{sample_db}' as whole (read_only)",
        f"select count(*) as n from read_parquet('{sample_db.parent}/*.parquet')",
        f"select * from '{sample_db}'",
    ):
        refused = _sql(page, login_server, attempt)
        assert isinstance(refused, str) and refused, attempt
    # what is attached is the user's copy alone
    attached = _sql(
        page, login_server, "select path from duckdb_databases() where path is not null"
    )
    assert isinstance(attached, str) or str(sample_db) not in attached["path"].to_list()
    screenshot(page, "access-nonferrous-sql")


def test_a_viewer_has_no_sql_box_and_the_admin_sees_every_unit_in_it(
    signed_in, login_server, units
):
    coal = signed_in["coal"]
    _open(coal, f"{login_server}/explore?x_mode=sql&x_sql={quote('select 1')}")
    assert coal.locator("[data-testid='stMain'] textarea").count() == 0
    admin = _sql(signed_in["admin"], login_server, "select unit_id from units")
    assert set(admin["unit_id"]) == set(units["unit_id"])


@pytest.fixture
def newcomer(page):
    """A page in a browser context of its own: nobody signed in yet."""
    oidc.off_machine(page.context)
    return page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_visitor_who_has_not_signed_in_sees_only_the_door(newcomer, login_server, lang):
    page = newcomer
    # a deep link, with filters: nothing of it is drawn before a sign-in
    _open(page, f"{login_server}/productivity?lang={lang}&bureau={quote(COAL)}")
    assert page.locator(oidc.LOGIN).inner_text() == t("access.login", lang)
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    assert page.locator(".js-plotly-plot, [data-testid='stMetric']").count() == 0
    screenshot(page, f"access-signed-out-{lang}")


def test_signing_out_closes_the_door_again(newcomer, login_server):
    page = newcomer
    page.goto(login_server)
    oidc.login(page, login_server, ADMIN.sub, ADMIN.email, [ADMIN.group])
    # signed in: the Overview draws its charts
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=60_000)
    oidc.logout(page, login_server)
    _open(page, f"{login_server}/overview")
    assert page.locator(oidc.LOGIN).count() == 1
    assert page.locator(".js-plotly-plot").count() == 0


def test_an_identity_the_policy_does_not_name_is_refused(newcomer, login_server):
    page = newcomer
    page.goto(login_server)
    # the door's Sign out is all a refused identity is offered: login waits for it
    oidc.login(page, login_server, "stranger", "x@else.example", [])
    wait_idle(page)
    warning = page.locator("[data-testid='stMain'] [data-testid='stAlertContentWarning']")
    # the address is shown with a word joiner after the @, which no markdown links
    assert "x@else.example" in warning.inner_text().replace("\u2060", "")
    assert page.locator(".js-plotly-plot, [data-testid='stSidebarNav']").count() == 0
    screenshot(page, "access-refused")
