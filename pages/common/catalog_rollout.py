"""Strings of the Rollout page, in English and Chinese (merged into pages.common.catalog)."""

STRINGS: dict[str, tuple | str] = {
    "rollout.quilt.rows": ("Units shown (in launch order)", "显示的厂矿（按开展竞赛先后）"),
    "rollout.quilt.rows.option": (
        "{first}–{last} of {total}",
        "第 {first}–{last} 个（共 {total} 个）",
    ),
    "nav.rollout": ("Rollout", "铺开"),
    "nav.rollout.help": (
        "How far and how fast the emulation spread from point to area: coverage over time, "
        "unit by unit week by week, the pace of each unit and the units still preparing.",
        "竞赛由点到面推开的广度和速度：覆盖面的变化、各厂矿逐周的覆盖情况、各厂矿的推开速度，以及尚在准备的厂矿。",
    ),
    "rollout.caption": (
        "Everything here is as of the last day of the chosen period: a team that joins later "
        "is not yet counted, one that joined earlier is.",
        "本页各项均以所选时期的最后一天为准：此后参加的小组尚不计入，此前参加的均计入。",
    ),
    "rollout.no_teams": (
        "The factories and mines in scope have no teams, so there is no coverage to show.",
        "范围内的厂矿没有小组，无覆盖面可显示。",
    ),
    # coverage over time
    # the page's sections (tabs)
    "rollout.view.coverage": ("Coverage", "覆盖面"),
    "rollout.view.quilt": ("Week by week", "逐周情况"),
    "rollout.view.pace": ("Pace", "推开速度"),
    "rollout.view.preparing": ("Not yet launched", "尚未开展"),
    "rollout.coverage.title": ("Coverage over time", "覆盖面的变化"),
    "rollout.coverage.caption": (
        "Share of workers, teams, workshops and units that had joined, day by day. A workshop "
        "or unit counts once its first team joins. Triangles mark events; hover for titles.",
        "已参加竞赛的职工、小组、车间和厂矿所占比例（逐日）。车间或厂矿在其第一个小组参加时即计入。三角形标记大事，悬停可见标题。",
    ),
    "rollout.split": ("Show", "显示"),
    "rollout.split.all": "split.all",
    "rollout.split.bureau": ("By bureau", "按管理局"),
    "rollout.split.industry": ("By industry", "按行业"),
    "rollout.measure": ("Covered", "覆盖对象"),
    "rollout.hover.covered": ("{covered} of {total}", "{total} 中 {covered}"),
    # quilt
    "rollout.quilt.title": ("Unit by unit, week by week", "各厂矿逐周覆盖情况"),
    "rollout.quilt.caption": (
        "Each row is a factory or mine, in order of launch (units still preparing last); "
        "each column a week (Monday to Sunday). The colour is the share of the unit's workers "
        "in teams that had joined by the week's end.",
        "每行一个厂矿，按开展竞赛的先后排列（尚在准备的排在最后）；每列一周（周一至周日）。颜色表示截至周末该厂矿已参加竞赛小组的职工所占比例。",
    ),
    "rollout.quilt.week": ("Week of", "周（起始日）"),
    "rollout.quilt.hover": (
        "{unit}<br>week of {week}<br>{share} of workers covered ({covered} of {total})",
        "{unit}<br>{week} 起一周<br>参赛职工 {share}（{total} 人中 {covered} 人）",
    ),
    # pace
    "rollout.pace.title": ("Pace of each unit", "各厂矿推开速度"),
    "rollout.pace.caption": (
        "One row per unit launched by the end of the period. Days are counted from the "
        "unit's first team joining until at least 50% and 90% of its workers were in teams "
        "that had joined (—: not reached by the end of the period). The 7-day share is the largest share of "
        "the unit's teams (joined or not) that joined within any 7 consecutive days; above "
        "the threshold the unit is flagged as rushing in all at once. Click a column to sort.",
        "每行一个在时期结束前已开展竞赛的厂矿。天数从该厂矿第一个小组参加之日算起，到已参加小组的职工达到50%和90%为止（— 表示至时期末尚未达到）。7日比例为任意连续7天内参加的小组占该厂矿全部小组（不论是否已参加）的最大比例；超过阈值即标为“一轰而起”。点击列名可排序。",
    ),
    "rollout.threshold": (
        "Rushed in all at once above this 7-day share",
        "7日比例超过此值即为一轰而起",
    ),
    "rollout.threshold.help": (
        "The report warns against rushing in all at once (一轰而起) instead of spreading from "
        "point to area. Default 60%.",
        "报道提出要由点到面，防止一轰而起。默认为60%。",
    ),
    "rollout.rushed_summary": (
        {
            "one": "{rushed} of {n} launched unit rushed in all at once (more than {threshold} of its "
            "teams within 7 days): {names}.",
            "other": "{rushed} of {n} launched units rushed in all at once (more than {threshold} of their "
            "teams within 7 days): {names}.",
        },
        "已开展竞赛的 {n} 个厂矿中有 {rushed} 个一轰而起（7天内参加的小组超过 {threshold}）：{names}。",
    ),
    "rollout.rushed_none": (
        {
            "one": "The {n} launched unit did not rush in all at once (more than {threshold} of its "
            "teams within 7 days).",
            "other": "None of the {n} launched units rushed in all at once (more than {threshold} of their "
            "teams within 7 days).",
        },
        "已开展竞赛的 {n} 个厂矿中没有一轰而起的（7天内参加的小组超过 {threshold}）。",
    ),
    "rollout.no_launched": (
        "No factory or mine in scope had launched the emulation by the end of the period.",
        "范围内没有厂矿在该时期结束前开展竞赛。",
    ),
    "rollout.col.days_to_50": ("Days to 50% of workers", "达到50%职工天数"),
    "rollout.col.days_to_90": ("Days to 90% of workers", "达到90%职工天数"),
    "rollout.col.workers_covered": ("Workers covered %", "参赛职工 %"),
    "rollout.col.max_7day_share": ("Largest 7-day share %", "7日最大比例 %"),
    "rollout.col.rushed": ("Rushed in all at once", "一轰而起"),
    # preparing
    "rollout.preparing.title": ("Units still preparing", "尚在准备的厂矿"),
    "rollout.preparing.caption": (
        "Factories and mines in scope that had not launched the emulation by the end of the "
        "period, largest first: where the area is not yet reached.",
        "范围内在该时期结束前尚未开展竞赛的厂矿，按规模由大到小排列：竞赛尚未推及的地方。",
    ),
    "rollout.preparing.none": (
        "Every factory and mine in scope had launched the emulation by the end of the period.",
        "范围内所有厂矿均已在该时期结束前开展竞赛。",
    ),
    "rollout.preparing.summary": (
        {
            "one": "{n} unit with {workers} in {teams} is not yet reached.",
            "other": "{n} units with {workers} in {teams} are not yet reached.",
        },
        "尚有 {n} 个厂矿、{teams}、{workers}未参加竞赛。",
    ),
    "rollout.col.workshops": ("Number of workshops", "车间数"),
    "rollout.col.workers": ("Number of workers", "职工数"),
    "rollout.col.launches_on": ("Launches on", "开展竞赛日期"),
}
