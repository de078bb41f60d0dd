"""Every user-visible string of the dashboard, in English and Chinese.

The strings of the shell and the Overview are here; each further page keeps its own in a
module pages/common/catalog_<page>.py with a STRINGS dict of the same shape, merged into
this one catalog at import (a key defined twice is an error).

An entry is (English, Chinese). Three conventions:

- Plurals. English that shows a count with a noun gives both forms, {"one": ..., "other":
  ...}; the count passed as n= picks the form (one when it is exactly 1, as a number or as
  fmt.num wrote it) and fills {n}. Chinese has one form. t() refuses a plural entry called
  without n. A sentence with a second counted noun takes it ready-made from a count.*
  entry: t("unit.timeline.not_joined", lang, n=teams, workers=t("count.workers", lang,
  n=members)). Counts that are never 1 (caps and thresholds fixed above one, notes shown
  only past a cap) keep one English form; tests/pages/test_catalog.py checks those
  constants.
- One text, one definition. A text shared by several keys is defined once; a key that a
  page builds at run time from a code (f"explore.col.{name}") and that names a term defined
  elsewhere is entered as that term's key, a str, and shares its entry: "explore.col.industry":
  "col.industry". ALIASES lists them.
- Terms follow GLOSSARY below (copied from ../shared/glossary.md), so both languages say the
  same thing everywhere; one English text has one Chinese rendering.

Category codes from the data (industry, ownership, province, severity, status, event kind)
are translated here too, under "<kind>.<code>"; names of units and bureaus come from the
data's own name_zh / name_en columns.
"""

from __future__ import annotations

import importlib
from pathlib import Path

LANGS = ("en", "zh")
LANG_LABELS = {"en": "English", "zh": "中文"}

# English as one text, or its plural forms chosen by the count n.
Text = str | dict[str, str]
Entry = tuple[Text, str]
PLURAL_FORMS = ("one", "other")

# The report's terms (../shared/glossary.md): Chinese, then the English renderings the catalog
# uses for it, the glossary's own first (then its plural or other inflections).
GLOSSARY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("劳动竞赛", ("labor emulation",)),
    ("由点到面", ("from point to area",)),
    ("一轰而起", ("rushing in all at once", "rushed in all at once", "rush in all at once")),
    ("以小组为单位", ("team by team",)),
    ("小组", ("team", "teams")),
    ("车间", ("workshop", "workshops")),
    ("厂矿", ("factories and mines", "factory or mine")),
    ("国营", ("state-owned",)),
    ("地方国营", ("local state-owned",)),
    ("中南煤业管理局", ("central-south coal industry administration bureau",)),
    ("中南电业管理局", ("central-south electricity administration bureau",)),
    ("先进经验交流大会", ("advanced-experience exchange conference",)),
    ("推广先进工作方法", ("promoting advanced working methods",)),
    ("劳动生产率", ("labor productivity",)),
    ("生产财务计划", ("production and financial plan",)),
    ("厂定指标", ("factory-set target", "factory-set targets")),
    ("小组计划", ("team plan", "team plans")),
    ("突破厂定指标", ("exceeding the factory-set target",)),
    ("平均先进定额", ("advanced average quota", "advanced average quotas")),
    ("经济核算制", ("economic accounting system",)),
    ("安全生产", ("safe production",)),
    ("保证质量", ("quality assurance",)),
    ("只顾提高数量忽视质量", ("minding quantity, neglecting quality",)),
    ("事故", ("accident", "accidents")),
    ("轻伤", ("minor injury",)),
    ("重伤", ("serious injury",)),
    ("死亡", ("death",)),
    ("合理化建议", ("rationalization proposal", "rationalization proposals")),
    ("采用", ("adopted",)),
    ("实施", ("implemented",)),
    ("未采用", ("rejected",)),
    ("待审", ("pending",)),
    ("关键问题", ("key problem", "key problems")),
    ("生产改革", ("production reform", "production reforms")),
    ("清理资产，核定资金", ("clearing assets, verifying funds",)),
    ("调查研究", ("investigation and research",)),
    ("纱厂", ("cotton mill", "cotton mills")),
)

STRINGS: dict[str, Entry | str] = {
    # shell
    "app.subtitle": (
        "State-owned and local state-owned factories and mines of the Central-South region; "
        "35 launched the labor emulation in January 1953, the others later or not yet. "
        "Synthetic sample data modeled on the Xinhua report of 1953-01-30.",
        "中南区国营和地方国营厂矿；三十五个厂矿于一九五三年一月开展劳动竞赛，其余稍后开展或尚在准备。"
        "示例数据为模拟数据，依据新华社一九五三年一月三十日电讯编制。",
    ),
    "nav.overview": ("Overview", "总览"),
    "nav.overview.help": (
        "The campaign at a glance: headline figures against the previous period, coverage "
        "over time with events, bureaus and units ranked by plan fulfilment.",
        "竞赛概况：主要指标及与上期比较、覆盖面变化与大事、各管理局和厂矿按计划完成率排名。",
    ),
    "lang.label": ("Language / 语言", "Language / 语言"),
    # sidebar filters
    "filters.header": ("Filters", "筛选"),
    "filters.period": ("Period", "时期"),
    "filters.bureau": "col.bureau",
    "filters.industry": "col.industry",
    "filters.province": "col.province",
    "filters.ownership": "col.ownership",
    "filters.unit": "col.unit",
    "filters.all": ("All", "全部"),
    "filters.reset": ("Clear filters", "清除筛选"),
    "filters.ignored": (
        "The link asked for values that do not exist here, so they were ignored: {items}.",
        "链接中的下列取值在此不存在，已忽略：{items}。",
    ),
    "filters.period_incomplete": (
        "Pick an end date; until then the period runs to the last day of data.",
        "请选择结束日期；在此之前时期截至数据的最后一天。",
    ),
    "filters.scope": (
        {
            "one": "{units} of {n} factory or mine in scope",
            "other": "{units} of {n} factories and mines in scope",
        },
        "范围内厂矿 {units} 个，共 {n} 个",
    ),
    # empty and small states
    "empty.no_units": (
        "No factory or mine matches these filters. Widen the bureau, industry, province, "
        "ownership or unit selection.",
        "没有符合筛选条件的厂矿。请放宽管理局、行业、省份、所有制或厂矿的选择。",
    ),
    "empty.no_output": (
        "No daily output is recorded for this selection in the chosen period.",
        "所选范围在该时期内没有日产量记录。",
    ),
    "empty.no_events": ("No events in this period.", "该时期内没有大事。"),
    "small.note": (
        "Rates marked * rest on few events or little exposure; read them with their counts.",
        "标 * 的比率所依据的事件或工时较少，请结合计数阅读。",
    ),
    # KPI cards
    "kpi.units_launched": ("Factories and mines launched", "已开展竞赛的厂矿"),
    "kpi.units_launched.caption": ("{n} still preparing", "{n} 个尚在准备"),
    "kpi.small": (
        "* few events or little exposure: read with the counts below",
        "* 事件或工时较少：请结合下方计数阅读",
    ),
    "kpi.units_launched.value": ("{launched} of {total}", "{launched} / {total}"),
    "kpi.workers_covered": ("Workers covered", "参赛职工"),
    "kpi.workers_covered.caption": (
        {"one": "{covered} of {n} worker", "other": "{covered} of {n} workers"},
        "{n} 名职工中 {covered} 名",
    ),
    "kpi.plan_fulfilment": ("Plan fulfilment", "计划完成率"),
    "kpi.defect_rate": ("Defect rate", "废品率"),
    "kpi.defect_rate.caption": (
        "¥{rejected} rejected of ¥{inspected} inspected (1952 prices)",
        "检验 {inspected} 元，废品 {rejected} 元（1952年价格）",
    ),
    "kpi.accident_frequency": ("Accident frequency", "事故频率"),
    "kpi.accident_frequency.caption": (
        {
            "one": "{n} injury accident in {hours} worker-hours",
            "other": "{n} injury accidents in {hours} worker-hours",
        },
        "{hours} 工时内伤亡事故 {n} 起",
    ),
    "kpi.proposals": ("Proposals submitted", "合理化建议提出数"),
    "kpi.adoption_rate": ("Adoption rate", "采用率"),
    "kpi.adoption_rate.caption": (
        "{adopted} adopted of {decided} decided",
        "已处理 {decided} 条，采用 {adopted} 条",
    ),
    "kpi.delta_note": (
        {
            "one": "Change against the previous {n} day ({start} – {end}).",
            "other": "Change against the previous {n} days ({start} – {end}).",
        },
        "与前 {n} 天（{start} 至 {end}）相比的变化。",
    ),
    "kpi.no_previous": (
        {
            "one": "The previous {n} day ({start} – {end}) holds no output records, so no change is "
            "shown.",
            "other": "The previous {n} days ({start} – {end}) hold no output records, so no change is "
            "shown.",
        },
        "前 {n} 天（{start} 至 {end}）没有产量记录，因此不显示变化。",
    ),
    "kpi.help.plan_fulfilment": (
        "Output value ÷ plan value at 1952 constant prices, × 100. Plan = the factory-set target.",
        "按1952年不变价格计算的产值 ÷ 计划产值 × 100。计划即厂定指标。",
    ),
    "kpi.help.productivity_index": (
        "Output per worker-hour against each team's own level of 1952-10-01 to 1952-12-31 (= 100), "
        "weighted by hours: comparable across industries.",
        "以各小组1952年10月1日至12月31日的水平为100，按工时加权的每工时产量：可跨行业比较。",
    ),
    "kpi.help.defect_rate": (
        "Rejected ÷ inspected output. Different products are weighed by their 1952 constant "
        "prices, never added as tonnes and bales.",
        "废品 ÷ 检验产品。不同产品按1952年不变价格折算，不把吨和件直接相加。",
    ),
    "kpi.help.accident_frequency": (
        "Accidents with anyone injured or killed, per 1,000,000 worker-hours.",
        "每一百万工时发生的伤亡事故次数。",
    ),
    "kpi.help.adoption_rate": (
        "(Adopted + implemented) ÷ proposals decided in the period.",
        "（采用 + 实施）÷ 该时期内已处理的建议。",
    ),
    "kpi.help.workers_covered": (
        "Members of teams that had joined the emulation by the end of the period ÷ all members in scope.",
        "截至时期末已参加竞赛的小组成员 ÷ 范围内全部职工。",
    ),
    "kpi.help.units_launched": (
        "Factories and mines that had launched the emulation by the end of the period.",
        "截至时期末已开展竞赛的厂矿。",
    ),
    "unit.per_million_hours": ("per 1M worker-hours", "次/百万工时"),
    "unit.pp": ("pp", "个百分点"),
    # coverage chart
    "coverage.title": ("From point to area: coverage over time", "由点到面：覆盖面的变化"),
    "coverage.caption": (
        "Share of workers, teams, workshops and units in scope that had joined, day by day. "
        "Triangles mark events; hover for their titles.",
        "范围内已参加竞赛的职工、小组、车间和厂矿所占比例（逐日）。三角形标记大事，悬停可见标题。",
    ),
    "coverage.workers": ("Workers", "职工"),
    "coverage.teams": ("Teams", "小组"),
    "coverage.workshops": ("Workshops", "车间"),
    "coverage.units": ("Factories and mines", "厂矿"),
    "coverage.axis": ("Share covered", "覆盖比例"),
    "events.legend": ("Events", "大事"),
    # ranking
    "ranking.title": ("Ranked by plan fulfilment", "按计划完成率排名"),
    "ranking.by": ("Rank", "排名对象"),
    "ranking.bureaus": ("Bureaus", "管理局"),
    "ranking.units": "coverage.units",
    "ranking.caption": (
        "Plan fulfilment with the quality and safety that came with it. Rates are ratios of the "
        "period's sums; counts stand beside them.",
        "计划完成率及同期的质量与安全情况。比率均按该时期的合计计算，并列出计数。",
    ),
    "ranking.click.units": (
        "Click a bar or a row to open that factory or mine.",
        "点击条形或表格行，打开该厂矿的页面。",
    ),
    "ranking.click.bureaus": (
        "Click a bar or a row to narrow the dashboard to that bureau.",
        "点击条形或表格行，将仪表板限定于该管理局。",
    ),
    # click-through, beside any chart or table whose points or rows stand for something
    "click.unit.point": (
        "Click a point on a line to open that factory or mine.",
        "点击线上的点，打开该厂矿的页面。",
    ),
    "click.unit.dot": (
        "Click a unit's point to open that factory or mine.",
        "点击某厂矿的点，打开该厂矿的页面。",
    ),
    "click.unit.bar": (
        "Click a bar to open that factory or mine.",
        "点击条形，打开该厂矿的页面。",
    ),
    "click.unit.cell": (
        "Click a cell to open that factory or mine.",
        "点击某一方格，打开该行厂矿的页面。",
    ),
    "click.unit.row": (
        "Select a row to open that factory or mine.",
        "选中一行即可打开该厂矿的页面。",
    ),
    "click.bureau.point": (
        "Click a point on a line to narrow the dashboard to that bureau.",
        "点击线上的点，将仪表板限定于该管理局。",
    ),
    "click.bureau.bar": (
        "Click a bar to narrow the dashboard to that bureau.",
        "点击条形，将仪表板限定于该管理局。",
    ),
    "click.industry.bar": (
        "Click a bar to narrow the dashboard to that industry.",
        "点击条形，将仪表板限定于该行业。",
    ),
    "click.industry.point": (
        "Click a point on a line to narrow the dashboard to that industry.",
        "点击线上的点，将仪表板限定于该行业。",
    ),
    "col.bureau": ("Bureau", "管理局"),
    "col.unit": ("Factory or mine", "厂矿"),
    "col.industry": ("Industry", "行业"),
    "col.units": ("Number of factories and mines", "厂矿数"),
    "col.plan_fulfilment": ("Plan fulfilment %", "计划完成率 %"),
    "col.productivity_index": ("Productivity index", "劳动生产率指数"),
    "col.defect_rate": ("Defect rate %", "废品率 %"),
    "col.inspected": ("Inspected value, yuan", "检验产值（元）"),
    "col.accident_frequency": ("Accidents per 1M worker-hours", "事故频率（次/百万工时）"),
    "col.accidents": ("Injury accidents", "伤亡事故"),
    "col.deaths": ("Deaths", "死亡人数"),
    "col.worker_hours": ("Worker-hours", "工时"),
    "col.small": ("*", "*"),
    "value.yes": ("yes", "是"),
    # --- terms several pages show (defined once; pages ask for them by these keys)
    "grain": ("Per", "时间单位"),
    "grain.day": ("Day", "日"),
    "grain.week": ("Week", "周"),
    "grain.month": ("Month", "月"),
    "split.by": ("Lines for", "分组"),
    "split.all": ("Whole scope", "全部范围"),
    "measure": ("Measure", "指标"),
    "by.unit": ("By factory or mine", "按厂矿"),
    "download.csv": ("Download CSV", "下载 CSV"),
    "col.teams": ("Number of teams", "小组数"),
    "col.teams_joined": ("Teams joined", "已参加小组"),
    "col.first_joined_on": ("First team joined on", "第一个小组参加日期"),
    "col.province": ("Province", "省份"),
    "col.ownership": ("Ownership", "所有制"),
    "coverage.workers_share": ("Share of workers covered", "参赛职工比例"),
    "col.day": ("Date", "日期"),
    "col.team": ("Team", "小组"),
    "col.workshop": ("Workshop", "车间"),
    "col.severity": ("Severity", "严重程度"),
    "col.injured": ("Injured", "受伤人数"),
    "col.lost_days": ("Days lost", "损失工作日"),
    "col.cause": ("Cause", "原因"),
    "col.submitted_on": ("Submitted on", "提出日期"),
    "col.decided_on": ("Decided on", "处理日期"),
    "col.saving": ("Estimated saving, yuan/year", "估计年节约（元）"),
    "col.category": ("Category", "类别"),
    "col.status": ("Status", "状态"),
    "col.kind": ("Kind of event", "大事类别"),
    "col.title": ("Title", "标题"),
    "col.key_problem": ("Key problem", "关键问题"),
    "col.description": ("What happened", "经过"),
    "col.launched_on": ("Launched on", "开展竞赛日期"),
    # counted nouns: a count alone, or a second count set into a sentence (see the docstring)
    "count.days": ({"one": "{n} day", "other": "{n} days"}, "{n} 天"),
    "count.kinds": ({"one": "{n} kind", "other": "{n} kinds"}, "{n} 类"),
    "count.rows": ({"one": "{n} row", "other": "{n} rows"}, "{n} 行"),
    "count.groups": ({"one": "{n} group", "other": "{n} groups"}, "{n} 组"),
    "count.teams": ({"one": "{n} team", "other": "{n} teams"}, "{n} 个小组"),
    "count.workers": ({"one": "{n} worker", "other": "{n} workers"}, "{n} 名职工"),
    "count.units": ({"one": "{n} unit", "other": "{n} units"}, "{n} 个厂矿"),
    "count.joining_weeks": (
        {"one": "{n} joining week", "other": "{n} joining weeks"},
        "{n} 个参加周",
    ),
    "count.days_lost": (
        {"one": "{n} working day lost", "other": "{n} working days lost"},
        "损失工作日 {n} 个",
    ),
    # errors
    "error.database": (
        "The campaign database cannot be opened: {error}",
        "无法打开竞赛数据库：{error}",
    ),
    # categories: industry
    "industry.coal": ("Coal", "煤炭"),
    "industry.power": ("Power", "电力"),
    "industry.iron_steel": ("Iron and steel", "钢铁"),
    "industry.nonferrous": ("Nonferrous metals", "有色金属"),
    "industry.cotton_textile": ("Cotton textile", "棉纺织"),
    # the machine-building industry; cause.machinery (an accident caused by a machine) is
    # another term that happens to be worded alike
    "industry.machinery": ("Machinery", "机械"),
    # ownership
    "ownership.state": ("State-owned", "国营"),
    "ownership.local_state": ("Local state-owned", "地方国营"),
    # provinces
    "province.Henan": ("Henan", "河南"),
    "province.Hubei": ("Hubei", "湖北"),
    "province.Hunan": ("Hunan", "湖南"),
    "province.Jiangxi": ("Jiangxi", "江西"),
    "province.Guangdong": ("Guangdong", "广东"),
    "province.Guangxi": ("Guangxi", "广西"),
    # event kinds
    "event.conference": ("Conference", "会议"),
    "event.launch": ("Launch", "开展竞赛"),
    "event.experience_exchange": ("Advanced-experience exchange conference", "先进经验交流大会"),
    "event.investigation": ("Investigation and research", "调查研究"),
    # severity and proposal status (used by later pages; translated once here)
    "severity.minor": ("Minor injury", "轻伤"),
    "severity.serious": ("Serious injury", "重伤"),
    "severity.fatal": ("Death", "死亡"),
    "status.pending": ("Pending", "待审"),
    # the status alone; the counts of adopted proposals include the implemented ones and say
    # so (proposals.kpi.adopted)
    "status.adopted": ("Adopted", "采用"),
    "status.implemented": ("Implemented", "实施"),
    "status.rejected": ("Rejected", "未采用"),
}


# Keys that share another key's entry (see the module docstring), key -> that key.
ALIASES: dict[str, str] = {}


def _merge_page_strings() -> None:
    for path in sorted(Path(__file__).parent.glob("catalog_*.py")):
        module = importlib.import_module(f"pages.common.{path.stem}")
        twice = STRINGS.keys() & module.STRINGS.keys()
        if twice:
            raise ValueError(f"{path.name} redefines catalog keys {sorted(twice)}")
        STRINGS.update(module.STRINGS)
    for key, target in list(STRINGS.items()):
        if isinstance(target, str):
            entry = STRINGS.get(target)
            if not isinstance(entry, tuple):
                raise ValueError(f"{key} shares {target!r}, which is not an entry of its own")
            ALIASES[key] = target
            STRINGS[key] = entry


_merge_page_strings()


def is_one(n: object) -> bool:
    """Whether a count takes the singular: exactly 1, as a number or as fmt.num wrote it."""
    if isinstance(n, str):
        n = n.replace(",", "")
    try:
        return float(n) == 1  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def t(key: str, lang: str, **values: object) -> str:
    """The string for key in lang, with {placeholders} filled; a missing key is an error.

    A plural entry takes its count as n (which also fills {n}) and picks the English form."""
    en, zh = STRINGS[key]
    if isinstance(en, dict):
        if "n" not in values:
            raise TypeError(f"catalog key {key!r} has plural forms: pass the count as n=")
        en = en["one" if is_one(values["n"]) else "other"]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def label(kind: str, code: str | None, lang: str) -> str:
    """A category code in lang; an unknown code (from a user's own data) is shown as it is."""
    if code is None:
        return "—"
    key = f"{kind}.{code}"
    return t(key, lang) if key in STRINGS else code
