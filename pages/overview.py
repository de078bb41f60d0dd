"""Overview: the bureau leader's first screen."""

import polars as pl
import streamlit as st

from pages.common import cache, charts, fmt, routing, sidebar, url
from pages.common.catalog import t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters

st.title(t("nav.overview", lang))
st.caption(t("app.subtitle", lang))

if ctx.scope.is_empty():
    st.info(t("empty.no_units", lang))
    st.stop()

# --- headline figures -------------------------------------------------------------------
k = cache.kpis(f)
cur = k.filter(pl.col("period") == "current").row(0, named=True)
prev = k.filter(pl.col("period") == "previous").row(0, named=True)
first_day, _ = cache.data_period()
has_prev = cache.previous_is_comparable(f, first_day) and prev["days_with_output"] > 0
p = f.previous()
note_key = "kpi.delta_note" if has_prev else "kpi.no_previous"
st.caption(t(note_key, lang, n=f.days, start=f"{p.start:%Y-%m-%d}", end=f"{p.end:%Y-%m-%d}"))


def change(metric: str, scale: float = 1, digits: int = 1, suffix: str = "", worse_if_up=False):
    """st.metric delta arguments for a figure against the previous period (none if either
    side is missing)."""
    if not has_prev or cur[metric] is None or prev[metric] is None:
        return {"delta": None}
    return fmt.delta((cur[metric] - prev[metric]) * scale, digits, suffix, worse_if_up)


def small(metric: str) -> str:
    """A star on a rate that rests on few events or little exposure."""
    return " *" if cur.get(f"{metric}_is_small") else ""


pp = " " + t("unit.pp", lang)
row1 = st.columns(4)
row1[0].metric(
    t("kpi.units_launched", lang),
    t("kpi.units_launched.value", lang, launched=cur["units_launched"], total=cur["units_total"]),
    **change("units_launched", digits=0),
    help=t("kpi.help.units_launched", lang),
    border=True,
)
if cur["units_total"] > cur["units_launched"]:
    row1[0].caption(
        t("kpi.units_launched.caption", lang, n=cur["units_total"] - cur["units_launched"])
    )
row1[1].metric(
    t("kpi.workers_covered", lang),
    fmt.pct(cur["coverage_share"]),
    **change("coverage_share", 100, 1, pp),
    help=t("kpi.help.workers_covered", lang),
    border=True,
)
row1[1].caption(
    t(
        "kpi.workers_covered.caption",
        lang,
        covered=fmt.num(cur["members_covered"]),
        n=fmt.num(cur["members_total"]),
    )
)
row1[2].metric(
    t("kpi.plan_fulfilment", lang),
    fmt.pct(None if cur["plan_fulfilment_pct"] is None else cur["plan_fulfilment_pct"] / 100),
    **change("plan_fulfilment_pct", suffix=pp),
    help=t("kpi.help.plan_fulfilment", lang),
    border=True,
)
row1[3].metric(
    t("col.productivity_index", lang),
    fmt.num(cur["productivity_index"], 1),
    **change("productivity_index"),
    help=t("kpi.help.productivity_index", lang),
    border=True,
)

row2 = st.columns(5)
row2[0].metric(
    t("kpi.defect_rate", lang),
    fmt.pct(cur["defect_rate"], 2) + small("defect_rate"),
    **change("defect_rate", 100, 2, pp, worse_if_up=True),
    help=t("kpi.help.defect_rate", lang),
    border=True,
)
row2[0].caption(
    t(
        "kpi.defect_rate.caption",
        lang,
        rejected=fmt.num(cur["rejected_value_yuan"]),
        inspected=fmt.num(cur["inspected_value_yuan"]),
    )
)
row2[1].metric(
    t("kpi.accident_frequency", lang),
    fmt.num(cur["accident_frequency_rate"], 1) + small("accident_frequency_rate"),
    **change("accident_frequency_rate", worse_if_up=True),
    help=t("kpi.help.accident_frequency", lang) + " " + t("unit.per_million_hours", lang),
    border=True,
)
row2[1].caption(
    t(
        "kpi.accident_frequency.caption",
        lang,
        n=fmt.num(cur["injury_accidents"]),
        hours=fmt.num(cur["worker_hours"]),
    )
)
row2[2].metric(
    t("col.deaths", lang),
    fmt.num(cur["deaths"]),
    **change("deaths", digits=0, worse_if_up=True),
    border=True,
)
row2[3].metric(
    t("kpi.proposals", lang),
    fmt.num(cur["submitted_proposals"]),
    **change("submitted_proposals", digits=0),
    border=True,
)
row2[4].metric(
    t("kpi.adoption_rate", lang),
    fmt.pct(cur["adoption_rate"]) + small("adoption_rate"),
    **change("adoption_rate", 100, 1, pp),
    help=t("kpi.help.adoption_rate", lang),
    border=True,
)
row2[4].caption(
    t(
        "kpi.adoption_rate.caption",
        lang,
        adopted=fmt.num(cur["adopted_proposals"]),
        decided=fmt.num(cur["decided_proposals"]),
    )
)
if any(small(m) for m in ("defect_rate", "accident_frequency_rate", "adoption_rate")):
    st.caption(t("kpi.small", lang))

# --- the economic accounting system, where the campaign has cost records ------------------
if cache.has_cost_data():
    ck = cache.cost_kpis(f)
    c_cur = ck.filter(pl.col("period") == "current").row(0, named=True)
    c_prev = ck.filter(pl.col("period") == "previous").row(0, named=True)

    def cost_change(metric: str, digits: int, suffix: str, worse_if_up: bool, scale: float = 1):
        if not has_prev or c_cur[metric] is None or c_prev[metric] is None:
            return {"delta": None}
        return fmt.delta((c_cur[metric] - c_prev[metric]) * scale, digits, suffix, worse_if_up)

    if c_cur["costed_months"] or c_cur["staff_months"]:
        st.caption(
            t("kpi.cost.title", lang)
            + " · "
            + t(
                "cost.headline.caption",
                lang,
                n=c_cur["costed_months"],
                units=t("count.units", lang, n=c_cur["costed_units"]),
            )
        )
        row3 = st.columns(4)
        row3[0].metric(
            t("cost.kpi.cost_per_100", lang),
            fmt.num(c_cur["cost_per_100_yuan"], 2),
            **cost_change("cost_per_100_yuan", 2, "", True),
            help=t("cost.kpi.cost_per_100.help", lang),
            border=True,
        )
        row3[1].metric(
            t("cost.kpi.against_plan", lang),
            fmt.pct(
                None
                if c_cur["cost_against_plan_pct"] is None
                else c_cur["cost_against_plan_pct"] / 100
            ),
            **cost_change("cost_against_plan_pct", 1, pp, True),
            help=t("cost.kpi.against_plan.help", lang),
            border=True,
        )
        row3[2].metric(
            t("cost.kpi.reduction", lang),
            fmt.signed(c_cur["cost_reduction_pct"], 1, "%") or "—",
            help=t("cost.kpi.reduction.help", lang),
            border=True,
        )
        row3[2].caption(
            t(
                "cost.kpi.reduction.caption",
                lang,
                saving=fmt.num(c_cur["cost_reduction_yuan"]),
                n=c_cur["baseline_months"],
            )
        )
        row3[3].metric(
            t("cost.kpi.management_share", lang),
            fmt.pct(c_cur["management_share"]),
            **cost_change("management_share", 1, pp, True, 100),
            help=t("cost.kpi.management_share.help", lang),
            border=True,
        )
        row3[3].caption(
            t(
                "cost.kpi.management_share.caption",
                lang,
                management=fmt.num(c_cur["management_staff"]),
                staff=fmt.num(c_cur["staff_total"]),
            )
        )

# --- coverage over time -----------------------------------------------------------------
st.subheader(t("coverage.title", lang))
st.caption(t("coverage.caption", lang))
cov = cache.coverage_by_day(f)
events = cache.coverage_events(f, ctx.scope.height)
traces = []
series = (
    ("coverage_share", "coverage.workers"),
    ("team_coverage_share", "coverage.teams"),
    ("workshop_coverage_share", "coverage.workshops"),
    ("unit_coverage_share", "coverage.units"),
)
for column, key in series:
    traces.append(
        charts.scatter(
            x=cov["day"].to_list(),
            y=cov[column].to_list(),
            mode="lines" if cov.height > 31 else "lines+markers",
            name=t(key, lang),
            hovertemplate="%{y:.1%}",
        )
    )
fig = charts.figure(data=traces)
charts.mark_events(fig, events, lang, y=1.04)
fig.update_yaxes(title=t("coverage.axis", lang), tickformat=".0%", range=[0, 1.08])
fig.update_xaxes(title=t("col.day", lang))
charts.date_axis(fig, f.start, f.end)
st.plotly_chart(charts.base_layout(fig), key="coverage_chart")

# --- rankings ---------------------------------------------------------------------------
st.subheader(t("ranking.title", lang))
st.caption(t("ranking.caption", lang))
level = url.choice(
    "ranking",
    t("ranking.by", lang),
    ["bureaus", "units"],
    "bureaus",
    lambda v: t(f"ranking.{v}", lang),
)
if level == "units":
    ranked = cache.unit_ranking(f)
    name_col = "name_zh" if lang == "zh" else "name_en"
    name_title = t("col.unit", lang)
    kind, id_col = "unit", "unit_id"
else:
    ranked = cache.bureau_ranking(f)
    name_col = "bureau_zh" if lang == "zh" else "bureau_en"
    name_title = t("col.bureau", lang)
    kind, id_col = "bureau", "bureau_en"

shown = cache.with_plan(ranked)
if shown.is_empty():
    st.info(t("empty.no_output", lang))
    st.stop()

# Bars grow from the plan (100%), so over- and under-fulfilment read at a glance and the
# axis is not stretched from zero to show differences of a few percent.
above = shown["plan_fulfilment_pct"] >= 100
bar = charts.figure(
    charts.bar(
        x=(shown["plan_fulfilment_pct"] - 100).to_list(),
        base=100,
        y=fmt.axis_labels(shown[id_col].to_list(), shown[name_col].to_list()),
        hovertext=shown[name_col].to_list(),
        orientation="h",
        customdata=list(
            zip(shown[id_col].to_list(), shown["plan_fulfilment_pct"].to_list(), strict=True)
        ),
        hovertemplate="%{hovertext}: %{customdata[1]:.1f}%<extra></extra>",
        marker=charts.two_colors(above.to_list(), "#2e7d32", "#c62828"),
    )
)
charts.add_marks(bar, shapes=[charts.vline(100, {"color": "#555", "width": 1})])
bar.update_yaxes(autorange="reversed")
bar.update_xaxes(title=t("col.plan_fulfilment", lang), ticksuffix="%")
charts.base_layout(bar, height=max(180, 24 * shown.height + 90))
bar.update_layout(hovermode="closest", showlegend=False)
routing.chart(bar, "ranking_chart", kind, t(f"ranking.click.{level}", lang))

table = shown.select(
    pl.col(name_col).alias(name_title),
    *([pl.col("units").alias(t("col.units", lang))] if level == "bureaus" else []),
    pl.col("plan_fulfilment_pct").alias(t("col.plan_fulfilment", lang)),
    pl.col("productivity_index").alias(t("col.productivity_index", lang)),
    (pl.col("defect_rate") * 100).alias(t("col.defect_rate", lang)),
    pl.col("inspected_value_yuan").alias(t("col.inspected", lang)),
    pl.col("accident_frequency_rate").alias(t("col.accident_frequency", lang)),
    pl.col("injury_accidents").alias(t("col.accidents", lang)),
    pl.col("deaths").alias(t("col.deaths", lang)),
    pl.col("worker_hours").alias(t("col.worker_hours", lang)),
    fmt.small_mark("accident_frequency_rate", "defect_rate").alias(t("col.small", lang)),
)
st.dataframe(
    table,
    hide_index=True,
    placeholder="—",
    key="ranking_table",
    on_select=routing.on_row_click("ranking_table", kind, shown[id_col].to_list()),
    selection_mode="single-row",
    column_config={
        t("col.plan_fulfilment", lang): st.column_config.NumberColumn(format="%.1f"),
        t("col.productivity_index", lang): st.column_config.NumberColumn(format="%.1f"),
        t("col.defect_rate", lang): st.column_config.NumberColumn(format="%.2f"),
        t("col.inspected", lang): st.column_config.NumberColumn(format="%,.0f"),
        t("col.accident_frequency", lang): st.column_config.NumberColumn(format="%.1f"),
        t("col.worker_hours", lang): st.column_config.NumberColumn(format="%,.0f"),
    },
)
st.caption(t("small.note", lang))
