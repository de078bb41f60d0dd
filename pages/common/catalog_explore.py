"""Strings of the Explore page: the query builder, its columns and measures, the SQL box."""

STRINGS: dict[str, tuple | str] = {
    "nav.explore": ("Explore", "自助查询"),
    "nav.explore.help": (
        "Ad-hoc questions: pick a table, filter any column, group, measure, chart and "
        "download; or write one SELECT statement of your own.",
        "自助查询：选择数据表，按任意列筛选、分组、计算指标，绘图并下载；也可自己写一条 SELECT 语句。",
    ),
    "explore.caption": (
        "Every choice on this page is kept in the address bar, so a copied link reopens the "
        "same question.",
        "本页的每项选择都保存在地址栏中，复制链接即可重新打开同一查询。",
    ),
    "explore.mode": ("Ask by", "查询方式"),
    "explore.mode.build": ("Picking", "点选"),
    "explore.mode.sql": "explore.sql.label",
    # sources
    "explore.source.output_detail": (
        "Daily output with team, workshop and unit",
        "日产量（含小组、车间、厂矿属性）",
    ),
    "explore.source.units": ("Factories and mines (units)", "厂矿（units）"),
    "explore.source.workshops": ("Workshops (workshops)", "车间（workshops）"),
    "explore.source.teams": ("Teams (teams)", "小组（teams）"),
    "explore.source.output_units": (
        "Output units and 1952 prices (output_units)",
        "产品计量单位及1952年不变价格（output_units）",
    ),
    "explore.source.daily_output": ("Daily output (daily_output)", "日产量（daily_output）"),
    "explore.source.accidents": ("Accidents (accidents)", "事故（accidents）"),
    "explore.source.proposals": (
        "Rationalization proposals (proposals)",
        "合理化建议（proposals）",
    ),
    "explore.source.events": ("Events (events)", "大事（events）"),
    "explore.applies.both": (
        "Sidebar filters applied: the period (to “{column}”) and the bureau, industry, "
        "province, ownership and factory-or-mine filters.",
        "已应用侧栏筛选：时期（按“{column}”）以及管理局、行业、省份、所有制和厂矿筛选。",
    ),
    "explore.applies.scope": (
        "Sidebar filters applied: bureau, industry, province, ownership and factory or mine. "
        "The period does not apply: this table has no date of record.",
        "已应用侧栏筛选：管理局、行业、省份、所有制和厂矿。时期不适用：此表没有记录日期。",
    ),
    "explore.applies.none": (
        "The sidebar filters do not apply: this table names no factory or mine and has no date.",
        "侧栏筛选不适用：此表不涉及具体厂矿，也没有日期。",
    ),
    "explore.daily_output.note": (
        "Each row carries its team's output unit, so that quantities of different products "
        "are never added together.",
        "每行附有所属小组的产品计量单位，以免把不同产品的数量相加。",
    ),
    # builder
    "explore.filters": ("Filter on columns", "按列筛选"),
    "explore.filters.help": (
        "Ranges for numbers and dates, a list of values for text; text columns with more than "
        "{cap} distinct values are filtered by what they contain.",
        "数字和日期按范围筛选，文本按取值列表筛选；不同取值超过 {cap} 个的文本列按所含文字筛选。",
    ),
    "explore.filters.none": ("No filter: pick columns to filter on", "不筛选：选择要筛选的列"),
    "explore.filter.contains": ("{column} contains", "{column}包含"),
    "explore.filter.only_value": (
        "{column}: every row has {value}.",
        "{column}：所有行均为 {value}。",
    ),
    "explore.filter.no_values": (
        "{column}: no values in this selection.",
        "{column}：所选范围内没有取值。",
    ),
    "explore.group_by": ("Group by (up to two)", "分组（最多两项）"),
    "explore.group_by.none": ("No grouping: one row for everything", "不分组：合计为一行"),
    "explore.grain": ("Dates by", "日期按"),
    "explore.measures": ("Measures", "指标"),
    "explore.measures.none": ("Rows only", "只计行数"),
    "explore.measures.help": (
        "Rows are always counted. Rates (plan fulfilment, productivity index, defect rate, …) "
        "are ratios of the groups' sums, never averages of rates; their sums are shown beside "
        "them.",
        "始终统计行数。比率（计划完成率、劳动生产率指数、废品率等）均为各组合计之比，而非比率的平均数；其分子分母合计列于旁边。",
    ),
    "explore.chart_measure": ("Chart", "图表显示"),
    "explore.result": ("Result", "结果"),
    "explore.result.caption": (
        {"one": "{n} group from {records}.", "other": "{n} groups from {records}."},
        "共 {n} 组，来自 {records}记录。",
    ),
    "explore.empty": (
        "No rows match this selection. Widen the filters above or in the sidebar.",
        "没有符合条件的记录。请放宽上方或侧栏的筛选条件。",
    ),
    "explore.capped": (
        "More than {cap} groups: only the first {cap} are shown and downloaded. Group by fewer "
        "or coarser columns, or filter.",
        "分组超过 {cap} 个：只显示和下载前 {cap} 个。请减少分组或使用较粗的分组，或增加筛选。",
    ),
    "explore.mixed": (
        {
            "one": "Not added across products: {n} of {total} mixes output units (e.g. tonnes of coal "
            "and bales of yarn), so it leaves {measures} empty. Group by output unit, filter to "
            "one, or use the value at 1952 prices (output value) instead.",
            "other": "Not added across products: {n} of {total} mix output units (e.g. tonnes of coal and "
            "bales of yarn), so they leave {measures} empty. Group by output unit, filter to one, "
            "or use the value at 1952 prices (output value) instead.",
        },
        "不同产品的数量不相加：{total}中有 {n} 组包含不同的计量单位（如吨煤与件纱），"
        "这些组的{measures}留空。请按计量单位分组、只筛选一种，"
        "或改用按1952年不变价格计算的产值。",
    ),
    "explore.small": (
        "Rates marked in the “few data” column rest on few events or little exposure.",
        "“数据少”列标出的比率所依据的事件或工时较少。",
    ),
    "explore.chart.none": (
        "Group by a column to see a chart.",
        "选择分组列即可显示图表。",
    ),
    "explore.chart.no_values": (
        "Nothing to chart: every value of “{measure}” in this result is empty.",
        "无可绘制的数据：本结果中“{measure}”的数值均为空。",
    ),
    "explore.chart.top": (
        "The chart shows the {shown} largest of {total} groups by row count; the table has all.",
        "图中按行数显示最大的 {shown} 组（共 {total} 组）；表格包含全部。",
    ),
    "explore.download.parquet": ("Download Parquet", "下载 Parquet"),
    "explore.col.few": ("Few data", "数据少"),
    # measures
    "explore.output_units": ("Output units in group", "组内计量单位数"),
    "explore.agg.sum": ("Sum of {column}", "{column}合计"),
    "explore.agg.mean": ("Mean of {column}", "{column}平均值"),
    "explore.agg.min": ("Min of {column}", "{column}最小值"),
    "explore.agg.max": ("Max of {column}", "{column}最大值"),
    "explore.metric.plan_fulfilment_pct": "col.plan_fulfilment",
    "explore.metric.productivity_index": "col.productivity_index",
    "explore.metric.defect_rate": "kpi.defect_rate",
    "explore.metric.productivity": ("Output per worker-hour", "每工时产量"),
    "explore.bool.true": "value.yes",
    "explore.bool.false": ("no", "否"),
    # columns
    "explore.col.day": "col.day",
    "explore.col.unit_id": "col.unit",
    "explore.col.unit_zh": ("Unit name (Chinese)", "厂矿名称（中文）"),
    "explore.col.unit_en": ("Unit name (English)", "厂矿名称（英文）"),
    "explore.col.name_zh": ("Name (Chinese)", "名称（中文）"),
    "explore.col.name_en": ("Name (English)", "名称（英文）"),
    "explore.col.bureau_zh": ("Bureau (Chinese)", "管理局（中文）"),
    "explore.col.bureau_en": "col.bureau",
    "explore.col.industry": "col.industry",
    "explore.col.ownership": "col.ownership",
    "explore.col.province": "col.province",
    "explore.col.city": ("City", "城市"),
    "explore.col.latitude": ("Latitude", "纬度"),
    "explore.col.longitude": ("Longitude", "经度"),
    "explore.col.launched_on": ("Unit launched on", "厂矿开展竞赛日期"),
    "explore.col.workshop_id": "col.workshop",
    "explore.col.workshop_zh": ("Workshop name (Chinese)", "车间名称（中文）"),
    "explore.col.workshop_en": ("Workshop name (English)", "车间名称（英文）"),
    "explore.col.team_id": "col.team",
    "explore.col.team_zh": ("Team name (Chinese)", "小组名称（中文）"),
    "explore.col.team_en": ("Team name (English)", "小组名称（英文）"),
    "explore.col.members": ("Team members", "小组人数"),
    "explore.col.joined_on": ("Team joined on", "小组参赛日期"),
    "explore.col.is_joined": ("Team had joined", "小组已参赛"),
    "explore.col.output_unit": ("Output unit", "计量单位"),
    "explore.col.output_qty": ("Output (physical)", "产量（实物）"),
    "explore.col.plan_qty": ("Factory-set target (physical)", "厂定指标（实物）"),
    "explore.col.team_plan_qty": ("Team plan (physical)", "小组计划（实物）"),
    "explore.col.inspected_qty": ("Inspected (physical)", "检验数量（实物）"),
    "explore.col.rejected_qty": ("Rejected (physical)", "废品数量（实物）"),
    "explore.col.worker_hours": "col.worker_hours",
    "explore.col.output_value_yuan": ("Output value, yuan (1952 prices)", "产值（元，1952年价格）"),
    "explore.col.plan_value_yuan": ("Plan value, yuan (1952 prices)", "计划产值（元，1952年价格）"),
    "explore.col.inspected_value_yuan": "col.inspected",
    "explore.col.rejected_value_yuan": "col.q.rejected",
    "explore.col.index_output": ("Output in baseline hours", "折合基期工时的产量"),
    "explore.col.index_worker_hours": (
        "Worker-hours of teams with a baseline",
        "有基期水平小组的工时",
    ),
    "explore.col.constant_price_yuan": ("1952 constant price, yuan", "1952年不变价格（元）"),
    "explore.col.accident_id": ("Accident no.", "事故编号"),
    "explore.col.occurred_on": ("Occurred on", "发生日期"),
    "explore.col.severity": "col.severity",
    "explore.col.injured": "col.injured",
    "explore.col.deaths": "col.deaths",
    "explore.col.lost_days": "col.lost_days",
    "explore.col.cause": "col.cause",
    "explore.col.description_zh": ("Description (Chinese)", "经过（中文）"),
    "explore.col.description_en": ("Description (English)", "经过（英文）"),
    "explore.col.proposal_id": ("Proposal no.", "建议编号"),
    "explore.col.submitted_on": "col.submitted_on",
    "explore.col.category": "col.category",
    "explore.col.title_zh": ("Title (Chinese)", "标题（中文）"),
    "explore.col.title_en": ("Title (English)", "标题（英文）"),
    "explore.col.status": "col.status",
    "explore.col.decided_on": "col.decided_on",
    "explore.col.implemented_on": "col.p.implemented_on",
    "explore.col.est_saving_yuan": "col.saving",
    "explore.col.solves_key_problem": ("Solves a key problem", "解决关键问题"),
    "explore.col.event_id": ("Event no.", "大事编号"),
    "explore.col.held_on": "col.day",
    "explore.col.kind": "col.kind",
    # SQL box
    "explore.sql.caption": (
        "One SELECT statement (WITH … SELECT too) over the campaign tables listed below. It "
        "runs on a read-only connection of its own that cannot read files, change settings or "
        "load extensions; a query is stopped after {seconds} seconds and at most {cap} rows "
        "are returned. The sidebar filters do not apply here.",
        "一条 SELECT 语句（含 WITH … SELECT），查询下列竞赛数据表。语句在单独的只读连接上运行，不能读取文件、更改设置或加载扩展；查询超过 {seconds} 秒即被中止，最多返回 {cap} 行。侧栏筛选不适用于此处。",
    ),
    "explore.sql.label": ("SQL", "SQL 语句"),
    "explore.sql.run": ("Run", "运行"),
    "explore.sql.tables": ("Campaign tables and their columns", "竞赛数据表及其列"),
    "explore.sql.col.type": ("Type", "类型"),
    "explore.sql.col.meaning": ("Meaning", "含义"),
    "explore.sql.prompt": (
        "Type a SELECT statement and press Run, for example: select industry, count(*) as units "
        "from units group by industry",
        "输入一条 SELECT 语句后点“运行”，例如：select industry, count(*) as units from units group by industry",
    ),
    "explore.sql.ok": (
        {"one": "{n} row in {seconds} s.", "other": "{n} rows in {seconds} s."},
        "共 {n} 行，用时 {seconds} 秒。",
    ),
    "explore.sql.no_rows": ("The query ran and returned no rows.", "查询已运行，没有返回任何行。"),
    "explore.sql.capped": (
        "The query returns more than {cap} rows: only the first {cap} are shown and "
        "downloaded. Aggregate, filter or add a LIMIT.",
        "查询结果超过 {cap} 行：只显示和下载前 {cap} 行。请汇总、筛选或加 LIMIT。",
    ),
    "explore.sql.refused.empty": (
        "Nothing to run: type one SELECT statement.",
        "没有可运行的语句：请输入一条 SELECT 语句。",
    ),
    "explore.sql.refused.multiple": (
        "Not run: this is more than one statement ({detail}). The box runs exactly one SELECT "
        "statement at a time.",
        "未运行：这是多条语句（{detail}）。每次只能运行一条 SELECT 语句。",
    ),
    "explore.sql.refused.not_select": (
        "Not run: this is a {detail} statement. The box runs only SELECT statements (WITH … "
        "SELECT too); it cannot change the data or the settings, read files or load anything.",
        "未运行：这是一条 {detail} 语句。此处只运行 SELECT 语句（含 WITH … SELECT），不能修改数据或设置、读取文件或加载任何内容。",
    ),
    "explore.sql.refused.parse": (
        "Not run: DuckDB cannot parse this statement. {detail}",
        "未运行：DuckDB 无法解析这条语句。{detail}",
    ),
    "explore.sql.refused.table": (
        "Not run: “{detail}” is not one of the campaign tables. The box reads only the tables "
        "listed below (and the query's own WITH tables), not files, settings or the catalog.",
        "未运行：“{detail}”不是竞赛数据表。此处只能读取下列数据表（及查询自身 WITH 定义的表），不能读取文件、设置或系统目录。",
    ),
    "explore.sql.refused.table_function": (
        "Not run: the function {detail}() reads outside the campaign tables (files, settings, "
        "secrets, extensions or the catalog). Table functions allowed here: range, "
        "generate_series, unnest, scoped_units.",
        "未运行：函数 {detail}() 会读取竞赛数据表以外的内容（文件、设置、密钥、扩展或系统目录）。此处允许的表函数：range、generate_series、unnest、scoped_units。",
    ),
    "explore.sql.refused.function": (
        "Not run: the function {detail}() reads the server's settings or environment.",
        "未运行：函数 {detail}() 会读取服务器的设置或环境。",
    ),
    "explore.sql.refused.unchecked": (
        "Not run: this statement cannot be checked ({detail}). Write it as a plain SELECT "
        "(PIVOT, for instance, as GROUP BY).",
        "未运行：这条语句无法检查（{detail}）。请改写为普通的 SELECT 语句（例如把 PIVOT 改为 GROUP BY）。",
    ),
    "explore.sql.timeout": (
        "Stopped after {detail} seconds: the query took too long. Narrow it (filter or "
        "aggregate) and run it again.",
        "查询超过 {detail} 秒，已中止。请缩小范围（筛选或汇总）后再运行。",
    ),
    "explore.sql.error": (
        "DuckDB could not run this query: {detail}",
        "DuckDB 无法运行此查询：{detail}",
    ),
    "explore.sql.refused.too_deep": (
        "Not run: the statement nests more than {detail} levels deep (brackets, operators, "
        "subqueries, or WITH tables each built on the one before). Write it with fewer levels.",
        "未运行：这条语句嵌套超过 {detail} 层（括号、运算符、子查询，或逐个引用前一个的 WITH 表）。请减少嵌套层数后再运行。",
    ),
    "explore.sql.refused.too_long": (
        "Not run: the statement is longer than {detail} characters.",
        "未运行：这条语句超过 {detail} 个字符。",
    ),
    "explore.sql.refused.memory": (
        "Stopped: the query needed more than {detail} of memory. Narrow it (filter or "
        "aggregate, fewer or shorter columns) and run it again.",
        "已中止：查询所需内存超过 {detail}。请缩小范围（筛选或汇总，减少列或缩短列值）后再运行。",
    ),
    "explore.sql.refused.busy": (
        "Not run: {detail} queries are already running in the box. Run it again in a few seconds.",
        "未运行：已有 {detail} 条查询正在运行。请过几秒钟再运行。",
    ),
}
