"""Strings of the Proposals page, and the proposal category codes."""

STRINGS: dict[str, tuple | str] = {
    "nav.proposals": ("Rationalization proposals", "合理化建议"),
    "nav.proposals.help": (
        "Rationalization proposals: how many were submitted, decided, adopted and "
        "implemented, by unit and category, the report's twelve leading units, and the "
        "backlog still waiting for a decision.",
        "合理化建议：提出、处理、采用和实施的数量，按厂矿和类别的情况，报道所说的十二个单位，"
        "以及尚待处理的积压建议。",
    ),
    "proposals.caption": (
        "Proposals submitted in the sidebar period, each with its status at the period's end "
        "({end}): decided means adopted, implemented or rejected by then.",
        "侧栏所选时期内提出的建议，按时期末（{end}）的状态统计：已处理指届时已采用、已实施或未采用。",
    ),
    "proposals.none": (
        "No proposal was submitted in scope in this period.",
        "所选范围在该时期内没有提出合理化建议。",
    ),
    # funnel
    # the page's sections below the funnel (tabs)
    "proposals.view.month": ("Month by month", "逐月"),
    "proposals.view.leaders": ("Leading units and categories", "先进厂矿与类别"),
    "proposals.view.backlog": ("Waiting for an answer", "等待答复"),
    "proposals.view.search": ("Search", "搜索"),
    "proposals.funnel.title": ("From submission to use", "从提出到实施"),
    "proposals.kpi.submitted": ("Submitted", "提出"),
    "proposals.kpi.decided": ("Decided", "已处理"),
    "proposals.kpi.adopted": ("Adopted (incl. implemented)", "采用（含已实施）"),
    "proposals.kpi.implemented": "status.implemented",
    "proposals.kpi.rejected": "status.rejected",
    "proposals.kpi.pending": "status.pending",
    "proposals.kpi.implementation_rate": ("Implementation rate", "实施率"),
    "proposals.kpi.per_100": ("Proposals per 100 workers", "每百名职工建议数"),
    "proposals.kpi.implemented_caption": (
        "{implemented} implemented of {adopted} adopted",
        "采用 {adopted} 条，实施 {implemented} 条",
    ),
    "proposals.kpi.per_100_caption": (
        {"one": "{n} proposal, {members}", "other": "{n} proposals, {members}"},
        "建议 {n} 条，{members}",
    ),
    "proposals.kpi.adopted_help": (
        "Adopted or implemented, of the proposals decided.",
        "已处理建议中采用（含已实施）的比例。",
    ),
    "proposals.kpi.implemented_help": (
        "Implemented, of the proposals adopted.",
        "已采用建议中已实施的比例。",
    ),
    "proposals.funnel.small": (
        {
            "one": "{rate} rests on only {n} proposal: read it as the count, not as a share.",
            "other": "{rate} rests on only {n} proposals: read it as the counts, not as a share.",
        },
        "{rate} 仅依据 {n} 条建议，请看计数，而非比例。",
    ),
    # over time
    "proposals.month.title": ("Submitted and decided, month by month", "逐月提出和处理的建议"),
    "proposals.month.caption": (
        "A proposal counts in the month it was submitted and again in the month it was "
        "decided. Triangles mark events; hover for their titles.",
        "建议在提出的月份计一次，在处理的月份再计一次。三角形标记大事，悬停可见标题。",
    ),
    "proposals.month.axis": ("Number of proposals", "建议数"),
    # the report's twelve
    "proposals.report.title": (
        "The report's leading units, 1952-08-01 to 1953-01-30",
        "报道所说的领先单位（1952年8月1日至1953年1月30日）",
    ),
    "proposals.report.caption": (
        "The report counts more than 6,900 proposals from twelve units since August 1952. This "
        "panel always uses the report's window, whatever the sidebar period (which cannot "
        "reach back before the daily output begins on {first}); the other sidebar filters "
        "apply.",
        "报道称自1952年8月以来十二个单位提出建议六千九百多件。本栏始终按报道的时段统计，不受侧栏"
        "时期影响（侧栏时期不能早于日产量记录的起始日 {first}）；侧栏的其他筛选条件仍适用。",
    ),
    "proposals.report.metric": ("Proposals in the window", "该时段内的建议"),
    "proposals.report.units": ("Units with proposals in it", "提出建议的单位"),
    "proposals.report.more": (
        "{units} units in scope submitted proposals in the window; the {shown} with the most "
        "are shown.",
        "范围内有 {units} 个单位在该时段提出建议；显示最多的 {shown} 个。",
    ),
    "proposals.report.none": (
        "No unit in scope submitted a proposal in the report's window.",
        "范围内没有单位在报道时段内提出建议。",
    ),
    # by unit and category
    "proposals.units.caption": (
        "★ marks the report's twelve leading units. Adoption rates resting on fewer than 20 "
        "decided proposals are marked *. Click a row to open that factory or mine.",
        "★ 标记报道所说的十二个领先单位。已处理建议不足 20 条的采用率标 *。点击表格行打开该厂矿。",
    ),
    "proposals.categories.title": ("By category", "按类别"),
    "proposals.categories.caption": (
        "Per 100 workers: the category's proposals per 100 workers of all units in scope.",
        "每百名职工建议数：该类别建议数 ÷ 范围内全部职工 × 100。",
    ),
    "col.p.report": ("Report's twelve", "报道十二单位"),
    "col.p.per_100": ("Per 100 workers", "每百名职工"),
    "col.p.adoption_rate": ("Adoption %", "采用率 %"),
    "col.p.median_days": ("Median days to decision", "处理天数中位数"),
    "col.p.key_problems": ("Key problems solved", "解决关键问题数"),
    "col.p.id": ("No.", "编号"),
    "col.p.status": ("Status at period end", "时期末状态"),
    "col.p.implemented_on": ("Implemented on", "实施日期"),
    "col.p.age": ("Days waiting", "等待天数"),
    # backlog
    "proposals.backlog.title": ("The backlog", "积压的建议"),
    "proposals.backlog.threshold": ("Overdue after", "超过以下天数为逾期"),
    "proposals.backlog.caption": (
        "Proposals submitted by {end} and not decided by then, whenever they were "
        "submitted, by how long they had waited.",
        "截至 {end} 已提出但尚未处理的建议（不论何时提出），按等待时间分组。",
    ),
    "proposals.backlog.summary": (
        "{pending} pending at {end}, {overdue} of them waiting more than {days} days.",
        "截至 {end} 待审 {pending} 条，其中等待超过 {days} 天的 {overdue} 条。",
    ),
    "proposals.backlog.none": (
        "No proposal in scope was waiting for a decision at {end}.",
        "截至 {end}，范围内没有待审的建议。",
    ),
    "proposals.backlog.x": ("Days waiting (bins of {bin} days)", "等待天数（每 {bin} 天一组）"),
    "proposals.backlog.y": ("Pending proposals", "待审建议数"),
    "proposals.backlog.overdue": ("More than {days} days", "超过 {days} 天"),
    "proposals.backlog.recent": ("{days} days or less", "{days} 天以内"),
    "proposals.backlog.table": ("Overdue proposals, oldest first", "逾期建议（最久的在前）"),
    # search
    "proposals.search.title": ("Find a proposal", "查找建议"),
    "proposals.search.box": ("Search titles, units or numbers", "按标题、厂矿或编号查找"),
    "proposals.search.placeholder": ("e.g. pick, 风镐, Pingxiang", "例如：风镐、pick、萍乡"),
    "proposals.search.count": (
        {
            "one": "{n} proposal submitted in the period matches.",
            "other": "{n} proposals submitted in the period match.",
        },
        "该时期内提出的建议中有 {n} 条符合。",
    ),
    "proposals.search.limited": (
        "{matches} proposals match; the newest {shown} are listed. Narrow the search to see "
        "the others.",
        "共有 {matches} 条符合；列出最近的 {shown} 条。请缩小查找范围以查看其他建议。",
    ),
    "proposals.search.none": ("No proposal matches.", "没有符合的建议。"),
    # categories
    "category.tooling": ("Tools", "工具改进"),
    "category.process": ("Process", "工艺改进"),
    "category.saving_materials": ("Saving materials", "节约原材料"),
    "category.quality": ("Quality", "提高质量"),
    "category.safety": ("Safety", "安全"),
    "category.equipment": ("Equipment", "设备改进"),
    "category.organization": ("Labor organization", "劳动组织"),
}
