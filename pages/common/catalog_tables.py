"""Strings of long tables and lists (pages/common/tables.py, fmt.named_list)."""

STRINGS: dict[str, tuple | str] = {
    "table.capped": (
        "Showing the first {shown} of {total} rows, in the order above; the download has them all.",
        "仅显示前 {shown} 行（共 {total} 行，按上表顺序）；下载文件包含全部行。",
    ),
    "table.download_all": ("All rows (CSV)", "全部行（CSV）"),
    "list.more": ("{shown}, and {more} more", "{shown}等（另有 {more} 个）"),
}
