"""Strings of the Data page, in English and Chinese (merged into pages.common.catalog)."""

from __future__ import annotations

STRINGS: dict[str, tuple | str] = {
    "nav.data": ("Data", "数据"),
    "nav.data.help": (
        "Which database every page reads: when and from what it was loaded, what it holds, "
        "the warnings of its load, and the loads before it.",
        "各页所读的数据库：何时由哪些文件载入、包含哪些数据、载入时的警告以及此前的各次载入。",
    ),
    "data.caption": (
        "The state of the data behind every page. The sidebar filters do not apply here.",
        "各页所依据数据的状况。侧栏筛选不适用于本页。",
    ),
    # current database
    "data.current": ("Current database", "当前数据库"),
    "data.version.none": ("not versioned", "无版本记录"),
    "data.period": ("Daily output covers", "日产量覆盖期间"),
    "data.period.value": ("{first} – {last}", "{first} 至 {last}"),
    "data.source": ("Loaded from: {source}", "载入来源：{source}"),
    "data.file": ("Database: {path}", "数据库：{path}"),
    "data.file.resolved": ("Database: {path} → {file}", "数据库：{path} → {file}"),
    "data.no_load_info": (
        "This database does not say when or from what it was loaded.",
        "该数据库没有记录载入时间和来源。",
    ),
    # contents
    "data.tables": ("Rows per table", "各表行数"),
    "data.tables.caption": (
        "team_days is derived at load time: one row per team and day, joined with its unit "
        "and prices.",
        "team_days 为载入时生成的派生表：每个小组每天一行，并附所属厂矿和价格。",
    ),
    "data.ranges": ("Dates covered", "覆盖日期"),
    "data.files": ("Files read", "读取的文件"),
    "data.files.none": (
        "This database keeps no record of the files it was loaded from.",
        "该数据库没有记录载入的文件。",
    ),
    "data.col.table": ("Table", "数据表"),
    "data.col.rows": ("Rows", "行数"),
    "data.col.column": ("Column", "列"),
    "data.col.first_day": ("First day", "首日"),
    "data.col.last_day": ("Last day", "末日"),
    "data.col.days": ("Days", "天数"),
    "data.col.loaded_at": ("Loaded (UTC)", "载入时间（UTC）"),
    "data.col.mode": ("Mode", "方式"),
    "data.col.file": ("File", "文件"),
    "data.col.format": ("Format", "格式"),
    "data.col.encoding": ("Encoding", "编码"),
    "data.col.row": ("Row", "行"),
    "data.col.value": ("Value", "值"),
    "data.col.version": ("Version", "版本"),
    "data.col.source": ("Source", "来源"),
    "data.col.daily_rows": ("Daily output rows", "日产量行数"),
    "data.col.warnings": ("Warnings", "警告"),
    "data.col.current": ("Current", "当前"),
    "data.mode.full": ("full", "全部替换"),
    "data.mode.append": ("append", "追加"),
    "data.mode.adopted": ("earlier file", "原有文件"),
    # warnings
    "data.warnings": ("Warnings of the last load", "最近一次载入的警告"),
    "data.warnings.caption": (
        "Warnings do not stop a load; they point at data worth a second look. The first "
        "{n} of each kind are listed; the report CSV beside the database has them all.",
        "警告不会阻止载入，只提示值得复查的数据。每类列出前 {n} 条，数据库旁的报告 CSV 文件列有全部。",
    ),
    "data.warnings.none": ("The last load raised no warnings.", "最近一次载入没有警告。"),
    "data.warnings.unknown": (
        "This database keeps no record of its load's warnings.",
        "该数据库没有记录载入时的警告。",
    ),
    "data.warning.kind": ("{rule} — {where}: {count}", "{rule} — {where}：{count} 条"),
    "data.rule.no_output_month": (
        "team has no daily output for a whole month within the period of the data",
        "小组在数据期间内有整月没有日产量记录",
    ),
    "data.rule.accident_outside_output": (
        "accident dated outside the days its unit reports daily output",
        "事故日期不在其厂矿报有日产量的期间内",
    ),
    "data.rule.joined_before_launch": (
        "team joined the emulation before its unit launched it",
        "小组参加竞赛早于其厂矿开展竞赛",
    ),
    "data.rule.no_rows": ("table has no rows", "表中没有数据"),
    "data.rule.sheet_ignored": (
        "sheet is not a contract table; it was not read",
        "该工作表不是约定的数据表，未读取",
    ),
    # history and rollback
    "data.history": ("History of loads", "载入历史"),
    "data.history.caption": (
        "The last loads are kept; switching back to one takes effect for every open page "
        "at its next rerun.",
        "保留最近几次载入；切换回其中一次后，所有已打开的页面在下次刷新时即生效。",
    ),
    "data.history.none": (
        "No history: this database was not published by the loader.",
        "没有历史：该数据库不是由载入程序发布的。",
    ),
    "data.rollback.off": (
        "Rollback from the browser is off. On the server: {command}",
        "浏览器中的回退功能未开启。请在服务器上运行：{command}",
    ),
    "data.rollback.pick": ("Switch back to", "切换到"),
    "data.rollback.button": ("Make this version current", "设为当前版本"),
    "data.rollback.done": ("Version {id} is now current.", "版本 {id} 已设为当前版本。"),
    "data.rollback.failed": ("Rollback failed: {error}", "回退失败：{error}"),
    "data.rollback.nothing": ("No other version is kept.", "没有保留其他版本。"),
    # upload
    "data.upload": ("Load files", "载入文件"),
    "data.upload.caption": (
        "CSV (UTF-8 or GBK), Excel (.xlsx) or Parquet, one file per table or a workbook with "
        "one sheet per table. They are checked exactly as on the command line; nothing "
        "changes unless every check passes.",
        "CSV（UTF-8 或 GBK）、Excel（.xlsx）或 Parquet，每表一个文件，或每表一个工作表的工作簿。"
        "检查与命令行完全相同；只有全部检查通过才会更改数据。",
    ),
    "data.upload.files": ("Files", "文件"),
    "data.upload.progress.read": (
        "{table}: {done} of {total} rows read",
        "{table}：已读取 {done} / {total} 行",
    ),
    "data.upload.progress.checked": (
        "{table}: {done} of {total} rows checked",
        "{table}：已检查 {done} / {total} 行",
    ),
    "data.upload.replace": ("Replace the whole campaign", "替换全部数据"),
    "data.upload.append": ("Append rows (e.g. a new month)", "追加数据（如新的一个月）"),
    "data.upload.button": ("Check and load", "检查并载入"),
    "data.upload.none": ("Choose one or more files first.", "请先选择一个或多个文件。"),
    "data.upload.done": (
        {
            "one": "Loaded: version {id} is now current ({n} row of daily output).",
            "other": "Loaded: version {id} is now current ({n} rows of daily output).",
        },
        "已载入：版本 {id} 现为当前版本（日产量 {n} 行）。",
    ),
    "data.upload.refused": (
        {
            "one": "Refused: {n} problem of {kinds}. Nothing was changed.",
            "other": "Refused: {n} problems of {kinds}. Nothing was changed.",
        },
        "已拒绝：共 {kinds} {n} 个问题。数据未作任何更改。",
    ),
}
