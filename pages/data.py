"""Data: which database every page reads, what it holds, how it was loaded, and its history."""

import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pages.common import cache, fmt, safe, sidebar
from pages.common.catalog import STRINGS, t

ctx = sidebar.context()
lang = ctx.lang

st.title(t("nav.data", lang))
st.caption(t("data.caption", lang))


def rule_text(rule: str) -> str:
    key = cache.settings.rule_keys.get(rule)
    return t(f"data.rule.{key}", lang) if key and f"data.rule.{key}" in STRINGS else rule


def mode_text(mode: str | None) -> str:
    key = f"data.mode.{mode}"
    return t(key, lang) if key in STRINGS else (mode or "—")


def roll_back() -> None:
    """Button callback: it runs before the page, so the page shows the version it made current."""
    try:
        done = cache.rollback(st.session_state["rollback_to"])
    except cache.PublishError as exc:
        st.session_state["data_notice"] = ("error", t("data.rollback.failed", lang, error=exc))
    else:
        st.session_state["data_notice"] = ("success", t("data.rollback.done", lang, id=done.id))


def upload() -> None:
    """Button callback: run the loader on the chosen files; the page shows its report."""
    files = st.session_state.get("upload_files") or []
    if not files:
        st.session_state["upload_outcome"] = None
        st.session_state["data_notice"] = ("info", t("data.upload.none", lang))
        return
    bar = st.progress(0.0, text=t("data.upload.button", lang))

    def progress(table: str, stage: str, done: int, total: int) -> None:
        if get_script_run_ctx() is None:
            return  # the loader's watcher thread: the page shows each table's start and end
        key = "data.upload.progress.read" if stage == "read" else "data.upload.progress.checked"
        text = t(key, lang, table=table, done=fmt.num(done), total=fmt.num(total), n=total)
        bar.progress(min(done / total, 1.0) if total else 1.0, text=text)

    st.session_state["upload_outcome"] = cache.load_uploaded(
        [(f.name, f.getvalue()) for f in files],
        append=st.session_state.get("upload_mode") == "append",
        progress=progress,
    )
    bar.empty()


# --- the current database ------------------------------------------------------------------
path = cache.database_path()
resolved, _ = cache.version()
info = cache.data_load_info()
history = cache.data_history()
current = history.filter(pl.col("current"))
version_id = current["id"][0] if current.height else t("data.version.none", lang)
ranges = cache.data_date_ranges()
daily = ranges.filter(pl.col("table_name") == "daily_output").row(0, named=True)

st.subheader(t("data.current", lang))
cols = st.columns(3)
cols[0].metric(
    t("data.col.loaded_at", lang),
    f"{info['loaded_at']:%Y-%m-%d %H:%M}" if info else "—",
    border=True,
)
# the sequence number fits a card; the full id (with its time stamp) goes below it
cols[1].metric(
    t("data.col.version", lang), version_id.split("-")[0] if current.height else "—", border=True
)
cols[1].caption(version_id)
cols[2].metric(t("data.period", lang), t("count.days", lang, n=fmt.num(daily["days"])), border=True)
cols[2].caption(
    t(
        "data.period.value",
        lang,
        first=f"{daily['first_day']:%Y-%m-%d}" if daily["first_day"] else "—",
        last=f"{daily['last_day']:%Y-%m-%d}" if daily["last_day"] else "—",
    )
)
if info:
    st.markdown(t("data.source", lang, source=safe.code(info["source"])))
else:
    st.info(t("data.no_load_info", lang))
if str(path) != resolved:
    st.caption(t("data.file.resolved", lang, path=safe.code(path), file=safe.code(resolved)))
else:
    st.caption(t("data.file", lang, path=safe.code(path)))

# --- what it holds -------------------------------------------------------------------------
DAY = st.column_config.DateColumn(format="YYYY-MM-DD")
COUNT = st.column_config.NumberColumn(format="localized")
left, right = st.columns([2, 3])
with left:
    st.subheader(t("data.tables", lang))
    counts = cache.data_row_counts()
    st.dataframe(
        counts.rename(
            {"table_name": t("data.col.table", lang), "row_count": t("data.col.rows", lang)}
        ),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config={t("data.col.rows", lang): COUNT},
    )
    st.caption(t("data.tables.caption", lang))
with right:
    st.subheader(t("data.ranges", lang))
    st.dataframe(
        ranges.rename(
            {
                "table_name": t("data.col.table", lang),
                "column_name": t("data.col.column", lang),
                "first_day": t("data.col.first_day", lang),
                "last_day": t("data.col.last_day", lang),
                "days": t("data.col.days", lang),
            }
        ),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config={
            t("data.col.first_day", lang): DAY,
            t("data.col.last_day", lang): DAY,
            t("data.col.days", lang): COUNT,
        },
    )

st.subheader(t("data.files", lang))
files = cache.data_load_files()
if files is None or files.is_empty():
    st.info(t("data.files.none", lang))
else:
    st.dataframe(
        files.with_columns(fmt.each(files, "mode", mode_text)).rename(
            {
                "loaded_at": t("data.col.loaded_at", lang),
                "mode": t("data.col.mode", lang),
                "table_name": t("data.col.table", lang),
                "file": t("data.col.file", lang),
                "format": t("data.col.format", lang),
                "encoding": t("data.col.encoding", lang),
                "rows": t("data.col.rows", lang),
            }
        ),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config={
            t("data.col.loaded_at", lang): st.column_config.DatetimeColumn(
                format="YYYY-MM-DD HH:mm"
            ),
            t("data.col.rows", lang): COUNT,
        },
    )

# --- warnings of the load that built it ----------------------------------------------------
st.subheader(t("data.warnings", lang))
kinds = cache.data_warning_kinds()
if kinds is None:
    st.info(t("data.warnings.unknown", lang))
elif kinds.is_empty():
    st.success(t("data.warnings.none", lang))
else:
    st.caption(t("data.warnings.caption", lang, n=cache.settings.examples_per_kind))
    examples = cache.data_warning_examples()
    for kind in kinds.iter_rows(named=True):
        where = kind["table_name"] + (f".{kind['column_name']}" if kind["column_name"] else "")
        title = t(
            "data.warning.kind",
            lang,
            rule=rule_text(kind["rule"]),
            where=where or kind["file"],
            count=fmt.num(kind["findings"]),
        )
        with st.expander(title):
            rows = cache.examples_of(examples, kind)
            st.dataframe(
                rows.select("file", "row_number", "value").rename(
                    {
                        "file": t("data.col.file", lang),
                        "row_number": t("data.col.row", lang),
                        "value": t("data.col.value", lang),
                    }
                ),
                hide_index=True,
                placeholder="—",
                width="stretch",
            )

# --- history and rollback ------------------------------------------------------------------
st.subheader(t("data.history", lang))
if history.is_empty():
    st.info(t("data.history.none", lang))
else:
    st.caption(t("data.history.caption", lang))
    st.dataframe(
        history.with_columns(
            fmt.each(history, "mode", mode_text),
            fmt.mark("current", "●").alias("current"),
        ).rename(
            {
                "id": t("data.col.version", lang),
                "loaded_at": t("data.col.loaded_at", lang),
                "mode": t("data.col.mode", lang),
                "source": t("data.col.source", lang),
                "daily_output": t("data.col.daily_rows", lang),
                "warnings": t("data.col.warnings", lang),
                "current": t("data.col.current", lang),
            }
        ),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config={
            t("data.col.daily_rows", lang): COUNT,
            t("data.col.warnings", lang): COUNT,
        },
    )
    others = history.filter(~pl.col("current"))["id"].to_list()
    if not cache.rollback_allowed():
        command = safe.code(f"python -m queries.load --rollback --db {path}")
        st.caption(t("data.rollback.off", lang, command=command))
    elif not others:
        st.caption(t("data.rollback.nothing", lang))
    else:
        pick, go = st.columns([3, 2], vertical_alignment="bottom")
        pick.selectbox(t("data.rollback.pick", lang), others, key="rollback_to")
        go.button(t("data.rollback.button", lang), key="rollback", on_click=roll_back)

if notice := st.session_state.pop("data_notice", None):
    {"error": st.error, "info": st.info}.get(notice[0], st.success)(notice[1])

# --- upload (off unless configured) --------------------------------------------------------
if cache.upload_allowed():
    st.subheader(t("data.upload", lang))
    st.caption(t("data.upload.caption", lang))
    uploaded = st.file_uploader(
        t("data.upload.files", lang),
        type=["csv", "xlsx", "parquet"],
        accept_multiple_files=True,
        key="upload_files",
    )
    mode = st.radio(
        t("data.col.mode", lang),
        ["replace", "append"],
        format_func=lambda m: t(f"data.upload.{m}", lang),
        horizontal=True,
        key="upload_mode",
    )
    st.button(t("data.upload.button", lang), key="upload_go", on_click=upload)
    outcome = st.session_state.pop("upload_outcome", None)
    if outcome is not None:
        if outcome.published:
            st.success(
                t(
                    "data.upload.done",
                    lang,
                    id=outcome.version,
                    n=fmt.num(outcome.row_counts.get("daily_output")),
                )
            )
        else:
            st.error(
                t(
                    "data.upload.refused",
                    lang,
                    n=sum(v.count for v in outcome.errors),
                    kinds=t("count.kinds", lang, n=len(outcome.errors)),
                )
            )
        for v in [*outcome.errors, *outcome.warnings]:
            (st.error if v.severity == "error" else st.warning)(safe.md(v.message()))
            st.dataframe(
                cache.upload_examples(v).rename(
                    {
                        "file": t("data.col.file", lang),
                        "row": t("data.col.row", lang),
                        "column": t("data.col.column", lang),
                        "value": t("data.col.value", lang),
                    }
                ),
                hide_index=True,
                placeholder="—",
                width="stretch",
            )
