"""Strings of the Quality and safety page, and the accident cause codes."""

STRINGS: dict[str, tuple | str] = {
    "quality.flagged.why": ("Why it is flagged", "标记原因"),
    "nav.quality": ("Quality and safety", "质量与安全"),
    "nav.quality.help": (
        "Where quantity was bought with quality or safety: defect and accident rates over time, "
        "each unit before and after joining with control limits, rushing in all at once against "
        "from point to area, accidents by cause.",
        "数量是否以质量或安全为代价：废品率和事故率的变化、各厂矿参赛前后的比较及控制限、一轰而起与由点到面的比较、按原因分类的事故。",
    ),
    "quality.caption": (
        "The report asks that safety and quality be raised from the start, against minding "
        "quantity, neglecting quality. This page looks for units where labor productivity (output "
        "per worker-hour) rose while rejects or accidents rose with it.",
        "报道要求一开始就提高安全和质量，防止只顾提高数量忽视质量的倾向。本页查找劳动生产率提高而废品或事故也随之增加的厂矿。",
    ),
    # the page's sections (tabs)
    "quality.view.time": ("Rates over time", "比率的变化"),
    "quality.view.joining": ("Before and after joining", "参赛前后"),
    "quality.view.limits": ("Control limits", "控制限"),
    "quality.view.rushed": (
        "Rushing in all at once, or from point to area",
        "一轰而起还是由点到面",
    ),
    "quality.view.accidents": ("Accidents by cause", "事故原因"),
    # over time
    "quality.time.title": ("Quality and safety over time", "质量与安全的变化"),
    "quality.by.all": "split.all",
    "quality.by.bureau": "col.bureau",
    "quality.by.industry": "col.industry",
    "quality.by.unit": "col.unit",
    "quality.all_scope": ("All units in scope", "范围内全部厂矿"),
    "quality.metric.defect_rate": "kpi.defect_rate",
    "quality.metric.accident_frequency_rate": "kpi.accident_frequency",
    "quality.metric.severity_rate": ("Severity rate", "事故严重率"),
    "quality.metric.deaths": "col.deaths",
    "quality.axis.defect_rate": (
        "Defect rate (rejected ÷ inspected value)",
        "废品率（废品 ÷ 检验产值）",
    ),
    "quality.axis.accident_frequency_rate": (
        "Injury accidents per 1M worker-hours",
        "伤亡事故（次/百万工时）",
    ),
    "quality.axis.severity_rate": ("Lost days per 1M worker-hours", "损失工作日（日/百万工时）"),
    "quality.axis.deaths": "col.deaths",
    "quality.time.caption": (
        "Rates are ratios of each {grain}'s sums; hover for the counts behind them. Triangles "
        "mark events; with five units or fewer in scope, each unit's launch is marked too.",
        "比率按每{grain}的合计计算，悬停可见其计数。三角形标记大事；范围内厂矿不超过五个时，"
        "各厂矿开展竞赛的日期也标出。",
    ),
    "quality.time.top": (
        "Showing the {shown} of {total} units with the most worker-hours; choose units in the "
        "sidebar to compare others.",
        "显示 {total} 个厂矿中工时最多的 {shown} 个；可在侧栏选择厂矿以比较其他厂矿。",
    ),
    "quality.time.top_groups": (
        "Showing the {shown} of {total} groups with the most worker-hours.",
        "显示 {total} 组中工时最多的 {shown} 组。",
    ),
    "quality.hover.defect_rate": (
        "¥{n:,.0f} rejected of ¥{den:,.0f} inspected",
        "检验 {den:,.0f} 元，废品 {n:,.0f} 元",
    ),
    "quality.hover.accident_frequency_rate": (
        {
            "one": "{n:,.0f} injury accident in {den:,.0f} worker-hours",
            "other": "{n:,.0f} injury accidents in {den:,.0f} worker-hours",
        },
        "{den:,.0f} 工时内伤亡事故 {n:,.0f} 起",
    ),
    "quality.hover.severity_rate": (
        {
            "one": "{n:,.0f} day lost in {den:,.0f} worker-hours",
            "other": "{n:,.0f} days lost in {den:,.0f} worker-hours",
        },
        "{den:,.0f} 工时内损失 {n:,.0f} 个工作日",
    ),
    "quality.hover.deaths": (
        {"one": "{n:,.0f} death", "other": "{n:,.0f} deaths"},
        "死亡 {n:,.0f} 人",
    ),
    "quality.no_inspection": (
        "Nothing in this selection is inspected for quality (electricity is not), so there "
        "is no defect rate to show.",
        "所选范围内没有检验产品（电力不检验），因此没有废品率。",
    ),
    # before and after
    "quality.ba.title": ("Before and after joining, unit by unit", "各厂矿参赛前后的比较"),
    "quality.ba.days": ("Window", "比较时段"),
    "quality.ba.caption": (
        "Before: the {days} days before the unit's first team joined. After: the {days} days "
        "from the day its last team joined, when the whole unit was in the emulation (not "
        "from its launch, when most teams had not joined yet). Both windows are cut to the "
        "sidebar period; the days each covers are shown.",
        "参赛前：该厂矿第一个小组参赛前的 {days} 天。参赛后：自最后一个小组参赛之日起的 {days} "
        "天，此时全厂都已参赛（不从开展竞赛之日算起，那时多数小组尚未参赛）。两个时段都限于侧栏所选"
        "时期，并列出各自包含的天数。",
    ),
    "quality.ba.left_out": (
        {
            "one": "{n} of the {total} in scope is not compared: no team had joined, or one of the two "
            "windows has no output in the period.",
            "other": "{n} of the {total} in scope are not compared: no team had joined, or one of the two "
            "windows has no output in the period.",
        },
        "范围内 {total}中有 {n} 个未作比较：没有小组参赛，或两个时段之一在该时期内没有产量。",
    ),
    "quality.ba.none": (
        "No unit in scope has output both before and after joining in this period. Widen the "
        "period to include the months around the launches.",
        "范围内没有在该时期内参赛前后都有产量的厂矿。请放宽时期，使其包括开展竞赛前后的几个月。",
    ),
    "col.q.before_days": ("Days before", "参赛前天数"),
    "col.q.after_days": ("Days after", "参赛后天数"),
    "col.q.last_joined": ("Last team joined on", "最后一个小组参加日期"),
    "col.q.index_before": ("Index before", "参赛前指数"),
    "col.q.index_after": ("Index after", "参赛后指数"),
    "col.q.index_change": ("Index change", "指数变化"),
    "col.q.defect_before": ("Defect % before", "参赛前废品率 %"),
    "col.q.defect_after": ("Defect % after", "参赛后废品率 %"),
    "col.q.defect_change": ("Defect change, pp", "废品率变化（百分点）"),
    "col.q.inspected_after": ("Inspected after, yuan", "参赛后检验产值（元）"),
    "col.q.accidents_before": ("Injury accidents before joining", "参赛前伤亡事故"),
    "col.q.afr_before": ("Accidents per 1M h before", "参赛前事故频率"),
    "col.q.afr_after": ("Accidents per 1M h after", "参赛后事故频率"),
    "col.q.hours_after": ("Worker-hours after", "参赛后工时"),
    "col.q.flag": ("Above the limit", "超过控制限"),
    "quality.flag.defect": ("rejects ({level})", "废品（{level}）"),
    "quality.flag.accident": ("accidents ({level})", "事故（{level}）"),
    # tradeoff
    "quality.tradeoff.title": ("Quantity against quality and safety", "数量与质量、安全"),
    "quality.tradeoff.caption": (
        "One point per unit: the change in its productivity index (right = more output per "
        "worker-hour) against the change in its defect rate and in its accident frequency "
        "(up = worse). Red: above the 99.8% control limit; orange: above the 95% limit only; "
        "hollow: few data. Click a point to open that unit.",
        "每点代表一个厂矿：横轴为劳动生产率指数的变化（向右为每工时产量增加），纵轴为废品率和事故"
        "频率的变化（向上为变差）。红色：超过 99.8% 控制限；橙色：仅超过 95% 控制限；空心：数据少。"
        "点击某点打开该厂矿。",
    ),
    "quality.quadrant.more_better": ("more and better", "数量增、质量好"),
    "quality.quadrant.more_worse": ("more but worse", "数量增、质量差"),
    "quality.quadrant.less_better": ("less but better", "数量减、质量好"),
    "quality.quadrant.less_worse": ("less and worse", "数量减、质量差"),
    "quality.quadrant.more_safer": ("more and safer", "数量增、更安全"),
    "quality.quadrant.more_riskier": ("more but less safe", "数量增、安全差"),
    "quality.quadrant.less_safer": ("less but safer", "数量减、更安全"),
    "quality.quadrant.less_riskier": ("less and less safe", "数量减、安全差"),
    "quality.axis.index_change": ("Change in productivity index", "劳动生产率指数的变化"),
    "quality.axis.defect_change": ("Change in defect rate, pp", "废品率的变化（百分点）"),
    "quality.axis.afr_change": (
        "Change in accidents per 1M worker-hours",
        "事故频率的变化（次/百万工时）",
    ),
    "quality.hover.tradeoff_defect": (
        "index {ib:.1f} → {ia:.1f}; defect rate {db:.2%} → {da:.2%}",
        "指数 {ib:.1f} → {ia:.1f}；废品率 {db:.2%} → {da:.2%}",
    ),
    "quality.hover.tradeoff_accident": (
        {
            "one": "index {ib:.1f} → {ia:.1f}; {cb} → {n} injury accident",
            "other": "index {ib:.1f} → {ia:.1f}; {cb} → {n} injury accidents",
        },
        "指数 {ib:.1f} → {ia:.1f}；伤亡事故 {cb} → {n} 起",
    ),
    "quality.no_defects": (
        "No unit in this selection has inspected output in both windows.",
        "所选范围内没有在两个时段都有检验产品的厂矿。",
    ),
    # funnel
    "quality.funnel.title": ("Control limits (funnel plot)", "控制限（漏斗图）"),
    "quality.funnel.caption": (
        "If nothing had changed, a unit's accidents would fall before and after joining in "
        "proportion to the worker-hours of each window (Poisson counts at one pooled rate, "
        "the unit's own over both windows); so would its rejects in proportion to the "
        "output inspected. Expected = the pooled rate × the after window's hours (or "
        "inspected count). Given the unit's total, the count after joining is then binomial; "
        "the lines are its 95% and 99.8% limits (drawn for equal windows; the dash on each "
        "point is the unit's own 99.8% limit). Few events make a wide funnel, so a small "
        "unit is not flagged for a few unlucky days.",
        "如果情况没有变化，一个厂矿的事故在参赛前后两个时段中的分布应与各时段的工时成比例（按同一个"
        "合并事故率，即该厂矿两个时段合计的事故率，事故数服从泊松分布）；废品也应与检验数量成比例。"
        "预计数 = 合并率 × 参赛后时段的工时（或检验数量）。在该厂矿总数已知时，参赛后的数目服从二项"
        "分布；图中线条为其 95% 和 99.8% 控制限（按两时段相等绘制；每点上的短横线为该厂矿自己的 "
        "99.8% 控制限）。事件少则漏斗宽，小厂矿不会因几天运气不好而被标记。",
    ),
    "quality.funnel.accidents": ("Injury accidents after joining", "参赛后伤亡事故"),
    "quality.funnel.defects": ("Rejects after joining", "参赛后废品"),
    "quality.funnel.x": (
        "Expected if nothing had changed (log scale)",
        "若无变化的预计数（对数刻度）",
    ),
    "quality.funnel.y": ("Observed ÷ expected", "实际数 ÷ 预计数"),
    "quality.funnel.limit_95": ("95% limits", "95% 控制限"),
    "quality.funnel.limit_998": ("99.8% limits", "99.8% 控制限"),
    "quality.funnel.own_limit": ("unit's own 99.8% limit", "该厂矿的 99.8% 控制限"),
    "quality.hover.funnel": (
        "{observed:,.1f} observed, {expected:,.1f} expected, 99.8% limit {limit:,.0f}",
        "实际 {observed:,.1f}，预计 {expected:,.1f}，99.8% 控制限 {limit:,.0f}",
    ),
    # flagged
    "quality.flagged.title": (
        "Flagged: more output, worse quality or safety",
        "标记：产量提高而质量或安全变差",
    ),
    "quality.flagged.caption": (
        "Units whose productivity index rose while accidents or rejects after joining lie "
        "above the 99.8% control limit, each with what put it there.",
        "劳动生产率指数提高、而参赛后事故或废品超过 99.8% 控制限的厂矿，并列出原因。",
    ),
    "quality.flagged.open": ("Open", "打开"),
    "quality.flagged.none": (
        "No unit in scope raised its productivity while its accidents or rejects rose beyond "
        "the 99.8% control limit.",
        "范围内没有劳动生产率提高而事故或废品超过 99.8% 控制限的厂矿。",
    ),
    "quality.reason.index": (
        "productivity index {before:.1f} → {after:.1f}",
        "劳动生产率指数 {before:.1f} → {after:.1f}",
    ),
    "quality.reason.accidents": (
        {
            "one": "{n} injury accident after joining where {expected:.1f} were expected at the unit's "
            "pooled rate (99.8% limit {limit:.0f})",
            "other": "{n} injury accidents after joining where {expected:.1f} were expected at the unit's "
            "pooled rate (99.8% limit {limit:.0f})",
        },
        "参赛后伤亡事故 {n} 起，按该厂矿合并事故率预计 {expected:.1f} 起（99.8% 控制限 {limit:.0f} 起）",
    ),
    "quality.reason.defects": (
        "defect rate {before:.2%} → {after:.2%}, above the 99.8% limit of {limit:.2%} "
        "(¥{rejected:,.0f} rejected of ¥{inspected:,.0f} inspected after joining)",
        "废品率 {before:.2%} → {after:.2%}，超过 99.8% 控制限 {limit:.2%}（参赛后检验 "
        "{inspected:,.0f} 元，废品 {rejected:,.0f} 元）",
    ),
    "quality.reason.sep": ("; ", "；"),
    # rushed against gradual
    "quality.rushed.title": (
        "Rushing in all at once against from point to area",
        "一轰而起与由点到面",
    ),
    "quality.rushed.threshold": (
        "Rushed in all at once when more of its teams joined within 7 days than",
        "7 天内参赛小组超过以下比例即为一轰而起",
    ),
    "quality.rushed.caption": (
        "A unit rushed in all at once when more than {threshold} of its teams joined within some "
        "7 days (the Rollout page's flag). Each bar is a ratio of the group's sums over the same "
        "windows as above: before the first team joined, and from the day the last joined.",
        "7 天内参赛小组超过其全部小组 {threshold} 的厂矿为一轰而起（与竞赛铺开页的标记相同）。各柱为该组合计之比，时段同上：第一个小组参赛前，以及最后一个小组参赛之日起。",
    ),
    "quality.rushed.units": (
        "Units that rushed in all at once at this threshold: {names}.",
        "按此标准一轰而起的厂矿：{names}。",
    ),
    "quality.rushed.none": (
        "No unit in scope rushed in all at once at this threshold, so there is nothing to compare.",
        "按此标准范围内没有一轰而起的厂矿，无从比较。",
    ),
    "quality.rollout.rushed": "rollout.col.rushed",
    "quality.rollout.gradual": ("From point to area", "由点到面"),
    "quality.phase.before": ("before joining", "参赛前"),
    "quality.phase.after": ("after joining", "参赛后"),
    "col.q.rollout": ("Rollout pattern", "铺开方式"),
    "col.q.rejected": ("Rejected value, yuan", "废品产值（元）"),
    # accidents
    "quality.accidents.title": ("Accidents by severity and cause", "按严重程度和原因分类的事故"),
    "quality.accidents.caption": (
        "All accidents in scope and period, including those that hurt nobody (property "
        "damage only), which the accident frequency leaves out.",
        "范围内该时期的全部事故，包括未伤人的事故（仅财产损失）；事故频率不计后者。",
    ),
    "quality.accidents.none": (
        "No accident is recorded for this selection in the period.",
        "所选范围在该时期内没有事故记录。",
    ),
    "quality.accidents.axis": ("Number of accidents", "事故数"),
    "quality.accidents.table": ("The accidents, newest first", "事故清单（最近的在前）"),
    "quality.accidents.count": (
        {
            "one": "{n} accident: {injured} injured, {deaths} killed, {lost}.",
            "other": "{n} accidents: {injured} injured, {deaths} killed, {lost}.",
        },
        "事故 {n} 起：受伤 {injured} 人，死亡 {deaths} 人，{lost}。",
    ),
    "harm.no_injury": ("No one hurt", "未伤人"),
    # accident causes
    "cause.roof_fall": ("Roof fall", "冒顶"),
    "cause.gas": ("Gas", "瓦斯"),
    # an accident caused by a machine; not the industry (industry.machinery), worded alike
    "cause.machinery": ("Machinery", "机械"),
    "cause.electrical": ("Electric shock", "触电"),
    "cause.falling_object": ("Falling object", "物体打击"),
    "cause.burn": ("Burn", "烫伤"),
    "cause.transport": ("Haulage and transport", "运输"),
    "cause.other": ("Other", "其他"),
}
