"""Alerts: what the rules found that needs a leader's attention, each opening its view."""

import polars as pl
import streamlit as st

from pages.common import alert_text, cache, routing, sidebar, url
from pages.common.catalog import t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters
name_col = "name_zh" if lang == "zh" else "name_en"
bureau_col = "bureau_zh" if lang == "zh" else "bureau_en"
s = cache.settings

st.title(t("nav.alerts", lang))
st.caption(t("alerts.caption", lang))

runs = cache.alert_runs()
if runs.is_empty():
    st.caption(t("alerts.live", lang))
else:
    last = runs.row(0, named=True)
    st.caption(
        t(
            "alerts.evaluated",
            lang,
            at=f"{last['evaluated_at']:%Y-%m-%d %H:%M}",
            end=f"{last['data_end']:%Y-%m-%d}",
            source=last["config_source"],
        )
    )

if ctx.scope.is_empty():
    st.info(t("empty.no_units", lang))
    st.stop()

# --- filters ------------------------------------------------------------------------------
left, mid, right = st.columns([1.4, 1, 2])
with left:
    status = url.choice(
        "alert_status",
        t("alerts.status", lang),
        list(s.alert_statuses),
        "open",
        lambda v: t(f"alerts.status.{v}", lang),
    )
with mid:
    severities = url.multi(
        "alert_severity",
        t("alerts.severity", lang),
        list(s.alert_severities),
        lambda v: t(f"alerts.severity.{v}", lang),
        placeholder=t("filters.all", lang),
    )
with right:
    chosen_rules = url.multi(
        "alert_rule",
        t("alerts.rule", lang),
        list(s.alert_rules),
        lambda v: t(f"alerts.rule.{v}", lang),
        placeholder=t("filters.all", lang),
    )

alerts = cache.alerts(f, status, tuple(severities), tuple(chosen_rules))

# --- open alerts by severity ------------------------------------------------------------------
open_now = cache.alerts(f, "open", (), ())
counts = st.columns(len(s.alert_severities) + 1)
counts[0].metric(t("alerts.open_total", lang), open_now.height, border=True)
for col, severity in zip(counts[1:], s.alert_severities, strict=True):
    col.metric(
        t(f"alerts.severity.{severity}", lang),
        open_now.filter(pl.col("severity") == severity).height,
        border=True,
    )

if alerts.is_empty():
    st.info(t("alerts.none", lang))
    st.stop()

# --- the list ---------------------------------------------------------------------------------
shown = pl.DataFrame(
    {
        "severity": [t(f"alerts.severity.{v}", lang) for v in alerts["severity"]],
        "rule": [t(f"alerts.rule.{v}", lang) for v in alerts["rule"]],
        "unit": alerts[name_col],
        "view": [
            alert_text.view_link(v, k, lang)
            for v, k in zip(alerts["view"], alerts["link"], strict=True)
        ],
        "what": [
            alert_text.describe(r, g, lang)
            for r, g in zip(alerts["rule"], alerts["figures"], strict=True)
        ],
        "period": [
            f"{a:%Y-%m-%d} – {b:%Y-%m-%d}"
            for a, b in zip(alerts["period_start"], alerts["period_end"], strict=True)
        ],
        "page": [t(f"alerts.view.{v}", lang) for v in alerts["view"]],
        "opened": alerts["opened_at"],
        "cleared": alerts["cleared_at"],
        "bureau": alerts[bureau_col],
    }
)
st.caption(t("alerts.table.caption", lang))
key = "alerts_table"
# Fixed widths for the first columns, so that the link is always in sight
st.dataframe(
    shown,
    key=key,
    hide_index=True,
    on_select=routing.on_row_click(key, "unit", alerts["unit_id"].to_list()),
    selection_mode="single-row",
    placeholder="—",
    column_config={
        "severity": st.column_config.TextColumn(t("alerts.severity", lang), width=80),
        "rule": st.column_config.TextColumn(t("alerts.rule", lang), width=200),
        "unit": st.column_config.TextColumn(t("col.unit", lang), width=180),
        "view": st.column_config.LinkColumn(
            t("alerts.col.view", lang), display_text=t("alerts.open", lang), width=80
        ),
        "what": st.column_config.TextColumn(t("alerts.col.what", lang), width="large"),
        "period": t("alerts.col.period", lang),
        "page": t("alerts.col.page", lang),
        "opened": st.column_config.DatetimeColumn(
            t("alerts.col.opened", lang), format="YYYY-MM-DD HH:mm"
        ),
        "cleared": st.column_config.DatetimeColumn(
            t("alerts.col.cleared", lang), format="YYYY-MM-DD HH:mm"
        ),
        "bureau": t("col.bureau", lang),
    },
)

# --- the evaluations ---------------------------------------------------------------------------
if not runs.is_empty():
    with st.expander(t("alerts.runs", lang)):
        st.dataframe(
            # a session that sees some units is not shown the campaign's count of open alerts
            runs.select(
                c
                for c in ("evaluated_at", "data_end", "open_alerts", "config_source")
                if c in runs.columns
            ),
            hide_index=True,
            placeholder="—",
            column_config={
                "evaluated_at": st.column_config.DatetimeColumn(
                    t("alerts.runs.at", lang), format="YYYY-MM-DD HH:mm:ss"
                ),
                "data_end": st.column_config.DateColumn(
                    t("alerts.runs.end", lang), format="YYYY-MM-DD"
                ),
                "open_alerts": t("alerts.runs.open", lang),
                "config_source": t("alerts.runs.source", lang),
            },
        )
