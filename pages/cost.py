"""Plan and cost: the economic accounting system, cost against the plan, and the reform."""

import polars as pl
import streamlit as st

from pages.common import cache, charts, fmt, routing, sidebar, url
from pages.common.catalog import t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters
name_col = "name_zh" if lang == "zh" else "name_en"
bureau_col = "bureau_zh" if lang == "zh" else "bureau_en"

st.title(t("nav.cost", lang))
st.caption(t("cost.caption", lang))

if ctx.scope.is_empty():
    st.info(t("empty.no_units", lang))
    st.stop()
if not cache.has_cost_data():
    st.info(t("cost.none", lang))
    st.stop()

summary = cache.cost_summary(f).row(0, named=True)
if summary["costed_months"] == 0 and summary["staff_months"] == 0 and summary["funded_months"] == 0:
    st.info(t("cost.none_in_period", lang))
    st.stop()

# --- headline figures -------------------------------------------------------------------
st.caption(
    t(
        "cost.headline.caption",
        lang,
        n=summary["costed_months"],
        units=t("count.units", lang, n=summary["costed_units"]),
    )
)
row1 = st.columns(4)
row1[0].metric(
    t("cost.kpi.cost_per_100", lang),
    fmt.num(summary["cost_per_100_yuan"], 2),
    help=t("cost.kpi.cost_per_100.help", lang),
    border=True,
)
row1[0].caption(
    t(
        "cost.kpi.cost_per_100.caption",
        lang,
        cost=fmt.num(summary["cost_yuan"]),
        output=fmt.num(summary["costed_output_value_yuan"]),
    )
)
row1[1].metric(
    t("cost.kpi.against_plan", lang),
    fmt.pct(
        None if summary["cost_against_plan_pct"] is None else summary["cost_against_plan_pct"] / 100
    ),
    help=t("cost.kpi.against_plan.help", lang),
    border=True,
)
row1[1].caption(
    t(
        "cost.kpi.against_plan.caption",
        lang,
        plan=fmt.num(summary["plan_cost_per_100_yuan"], 2),
        n=summary["planned_months"],
    )
)
row1[2].metric(
    t("cost.kpi.plan_saving", lang),
    fmt.num(summary["plan_saving_yuan"]),
    help=t("cost.kpi.plan_saving.help", lang),
    border=True,
)
row1[2].caption(
    t(
        "cost.kpi.plan_saving.caption",
        lang,
        pct=fmt.signed(summary["plan_saving_pct"], 1, "%") or "—",
    )
)
row1[3].metric(
    t("cost.kpi.reduction", lang),
    fmt.signed(summary["cost_reduction_pct"], 1, "%") or "—",
    help=t("cost.kpi.reduction.help", lang),
    border=True,
)
row1[3].caption(
    t(
        "cost.kpi.reduction.caption",
        lang,
        saving=fmt.num(summary["cost_reduction_yuan"]),
        n=summary["baseline_months"],
    )
)
row2 = st.columns(4)
row2[0].metric(
    t("cost.kpi.turnover", lang),
    fmt.num(summary["capital_turnover_days"], 1),
    help=t("cost.kpi.turnover.help", lang),
    border=True,
)
row2[0].caption(t("cost.kpi.turnover.caption", lang, n=summary["funded_months"]))
row2[1].metric(
    t("cost.kpi.verified", lang),
    fmt.pct(
        None
        if summary["capital_against_verified_pct"] is None
        else summary["capital_against_verified_pct"] / 100
    ),
    help=t("cost.kpi.verified.help", lang),
    border=True,
)
row2[1].caption(
    t(
        "cost.kpi.verified.caption",
        lang,
        capital=fmt.num(summary["working_capital_verified_yuan"]),
        funds=fmt.num(summary["verified_funds_yuan"]),
        n=summary["verified_months"],
    )
)
row2[2].metric(
    t("cost.kpi.management_share", lang),
    fmt.pct(summary["management_share"]),
    help=t("cost.kpi.management_share.help", lang),
    border=True,
)
row2[2].caption(
    t(
        "cost.kpi.management_share.caption",
        lang,
        management=fmt.num(summary["management_staff"]),
        staff=fmt.num(summary["staff_total"]),
    )
)
row2[3].metric(
    t("cost.kpi.levels", lang),
    fmt.num(summary["mean_management_levels"], 1),
    help=t("cost.kpi.levels.help", lang),
    border=True,
)
row2[3].caption(t("cost.kpi.levels.caption", lang, n=summary["staff_months"]))

# --- one section at a time: the link names the open one -------------------------------
# Two charts a section: the four month charts together took the browser three times a
# one-chart page to draw (docs/performance.md, "In the browser").
SECTIONS = ["trend", "capital", "effect", "units"]
section, tab = url.tabs(
    "cost_view",
    SECTIONS,
    "trend",
    lambda v: t(f"cost.view.{v}", lang),
)
with tab:
    if section == "trend":
        # --- cost over time: against the plan, and by cost item
        st.subheader(t("cost.trend.title", lang))
        st.caption(t("cost.trend.caption", lang))
        trend = cache.cost_trend(f)
        items = cache.cost_items(f)
        months = trend["month"].to_list()
        cols = st.columns(2)
        lines = [
            charts.scatter(
                x=months,
                y=trend["cost_per_100_yuan"].to_list(),
                mode="lines+markers",
                name=t("cost.series.actual", lang),
                customdata=trend["costed_months"].to_list(),
                hovertemplate="%{y:.2f} (%{customdata})<extra></extra>",
            ),
            charts.scatter(
                x=months,
                y=trend["plan_cost_per_100_yuan"].to_list(),
                mode="lines+markers",
                name=t("cost.series.plan", lang),
                line={"dash": "dash"},
                hovertemplate="%{y:.2f}<extra></extra>",
            ),
        ]
        fig = charts.figure(data=lines)
        fig.update_yaxes(title=t("cost.axis.per_100", lang))
        fig.update_xaxes(title=t("cost.axis.month", lang))
        with cols[0]:
            st.plotly_chart(charts.base_layout(fig, height=380), key="cost_trend_chart")
        item_names = {
            "materials": t("cost_item.materials", lang),
            "wages": t("cost_item.wages", lang),
            "fuel_power": t("cost_item.fuel_power", lang),
            "overhead": t("cost_item.overhead", lang),
        }
        bars = [
            charts.bar(
                x=rows["month"].to_list(),
                y=rows["item_cost_per_100_yuan"].to_list(),
                name=item_names.get(item, item),
                hovertemplate="%{y:.2f}<extra>" + item_names.get(item, item) + "</extra>",
            )
            # in the order of the cost items, whichever comes first in the data
            for item in item_names
            for rows in [items.filter(pl.col("cost_item") == item)]
            if not rows.is_empty()
        ]
        fig = charts.figure(data=bars)
        fig.update_layout(barmode="stack")
        fig.update_yaxes(title=t("cost.axis.items", lang))
        fig.update_xaxes(title=t("cost.axis.month", lang))
        with cols[1]:
            st.plotly_chart(charts.base_layout(fig, height=380), key="cost_items_chart")

    elif section == "capital":
        # --- working capital and management staff over time
        st.subheader(t("cost.capital.title", lang))
        st.caption(t("cost.capital.caption", lang))
        trend = cache.cost_trend(f)
        months = trend["month"].to_list()
        cols = st.columns(2)
        fig = charts.figure(
            data=[
                charts.scatter(
                    x=months,
                    y=trend["capital_turnover_days"].to_list(),
                    mode="lines+markers",
                    name=t("cost.kpi.turnover", lang),
                    hovertemplate="%{y:.1f}<extra></extra>",
                )
            ]
        )
        fig.update_yaxes(title=t("cost.kpi.turnover", lang))
        fig.update_xaxes(title=t("cost.axis.month", lang))
        with cols[0]:
            st.plotly_chart(charts.base_layout(fig, height=340), key="cost_turnover_chart")
        fig = charts.figure(
            data=[
                charts.scatter(
                    x=months,
                    y=trend["management_share"].to_list(),
                    mode="lines+markers",
                    name=t("cost.kpi.management_share", lang),
                    hovertemplate="%{y:.1%}<extra></extra>",
                ),
                charts.scatter(
                    x=months,
                    y=trend["mean_management_levels"].to_list(),
                    mode="lines+markers",
                    name=t("cost.kpi.levels", lang),
                    yaxis="y2",
                    line={"dash": "dot"},
                    hovertemplate="%{y:.2f}<extra></extra>",
                ),
            ]
        )
        fig.update_layout(
            yaxis={
                "title": t("cost.axis.management_share", lang),
                "tickformat": ".0%",
                "rangemode": "tozero",
            },
            yaxis2={
                "title": t("cost.kpi.levels", lang),
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                # whole levels, and no second grid over the share's
                "dtick": 1,
                "tickmode": "linear",
                "showgrid": False,
            },
        )
        fig.update_xaxes(title=t("cost.axis.month", lang))
        with cols[1]:
            st.plotly_chart(charts.base_layout(fig, height=340), key="cost_staff_chart")

    elif section == "effect":
        # --- the campaign's effect on cost per unit of output
        st.subheader(t("cost.effect.title", lang))
        lo, hi = cache.settings.cost_settled_months
        p_lo, p_hi = cache.settings.cost_pretrend_months
        st.caption(t("cost.effect.caption", lang, low=-p_lo, high=-p_hi))
        split = url.choice(
            "cost_effect",
            t("cost.effect.split", lang),
            ["all", "rollout"],
            "all",
            lambda v: (
                t("cost.effect.split.all", lang)
                if v == "all"
                else t("cost.effect.split.rollout", lang)
            ),
        )
        sample = cache.cost_effect_sample(f, split).row(0, named=True)
        effect = cache.cost_effect(f, split)
        effect_summary = cache.cost_effect_summary(f, split)
        group_names = {
            "all": t("cost.effect.group.all", lang),
            "gradual": t("cost.effect.group.gradual", lang),
            "rushed": t("cost.effect.group.rushed", lang),
        }
        if effect.is_empty():
            st.info(
                t(
                    "cost.effect.none",
                    lang,
                    min=cache.settings.min_comparison_teams,
                    n=sample["units_launched"],
                    not_launched=sample["units_not_launched"],
                )
            )
        else:
            shown = effect_summary.filter(pl.col("shown"))
            metric_cols = st.columns(max(shown.height, 1) + 1)
            for col, s in zip(metric_cols, shown.iter_rows(named=True), strict=False):
                col.metric(
                    t(
                        "cost.effect.settled",
                        lang,
                        group=group_names.get(s["group"], s["group"]),
                        low=lo,
                        high=hi,
                    ),
                    fmt.signed(s["settled_pct"], 1, "%") or "—",
                    help=t("cost.effect.settled.help", lang),
                    border=True,
                )
                verdict = (
                    t("cost.effect.pretrend.pass", lang, p=f"{s['pretrend_p']:.2f}")
                    if s["pretrend_df"] and cache.pretrend_passes(s["pretrend_p"])
                    else t("cost.effect.pretrend.fail", lang, p=f"{s['pretrend_p']:.2f}")
                    if s["pretrend_df"]
                    else t("cost.effect.pretrend.none", lang)
                )
                col.caption(
                    t(
                        "cost.effect.settled.caption",
                        lang,
                        low=fmt.signed(s["settled_low_pct"], 1, "%") or "—",
                        high=fmt.signed(s["settled_high_pct"], 1, "%") or "—",
                        units=t("count.units", lang, n=s["group_units"]),
                        pretrend=verdict,
                    )
                )
            metric_cols[-1].metric(
                t("cost.effect.sample", lang),
                fmt.num(sample["units"]),
                border=True,
            )
            metric_cols[-1].caption(
                t(
                    "cost.effect.sample.caption",
                    lang,
                    n=sample["units_launched"],
                    not_launched=sample["units_not_launched"],
                    rushed=sample["units_rushed"],
                    cohorts=sample["cohorts"],
                )
            )
            palette = {"all": "#1f77b4", "gradual": "#2e7d32", "rushed": "#c62828"}
            groups = effect["group"].unique(maintain_order=True).to_list()
            offsets = {g: (i - (len(groups) - 1) / 2) * 0.12 for i, g in enumerate(groups)}
            traces = []
            for group in groups:
                est = effect.filter((pl.col("group") == group) & ~pl.col("is_reference")).sort("e")
                x = [e + offsets[group] for e in est["e"].to_list()]
                hover = [
                    t(
                        "cost.effect.hover",
                        lang,
                        e=e,
                        effect=fmt.signed(v, 1, "%") or "—",
                        low=fmt.signed(a, 1, "%") or "—",
                        high=fmt.signed(b, 1, "%") or "—",
                        units=t("count.units", lang, n=n),
                    )
                    for e, v, a, b, n in zip(
                        est["e"],
                        est["effect_pct"],
                        est["ci_low_pct"],
                        est["ci_high_pct"],
                        est["treated_units"],
                        strict=True,
                    )
                ]
                traces.append(
                    charts.scatter(
                        x=x,
                        y=est["effect_pct"].to_list(),
                        mode="lines+markers",
                        name=group_names.get(group, group),
                        line={"color": palette.get(group, "#555")},
                        error_y={
                            "type": "data",
                            "symmetric": False,
                            "array": (est["ci_high_pct"] - est["effect_pct"]).to_list(),
                            "arrayminus": (est["effect_pct"] - est["ci_low_pct"]).to_list(),
                            "thickness": 1,
                            "width": 2,
                        },
                        text=hover,
                        hovertemplate="%{text}<extra></extra>",
                    )
                )
            fig = charts.effect_figure(
                traces,
                t("cost.effect.reference", lang),
                t("cost.effect.axis.e", lang),
                t("cost.effect.axis.y", lang),
                dtick=1,
                height=420,
            )
            st.plotly_chart(fig, key="cost_effect_chart")
            if sample["dropped_unbalanced"] or sample["dropped_joined_before"]:
                st.caption(
                    t(
                        "cost.effect.dropped",
                        lang,
                        n=sample["dropped_unbalanced"],
                        early=sample["dropped_joined_before"],
                    )
                )

    else:
        # --- units
        st.subheader(t("cost.rank.title", lang))
        rank_names = {
            "cost_against_plan_pct": t("cost.kpi.against_plan", lang),
            "cost_reduction_pct": t("cost.kpi.reduction", lang),
            "cost_per_100_yuan": t("cost.kpi.cost_per_100", lang),
        }
        rank_by = url.choice(
            "cost_rank",
            t("cost.rank.by", lang),
            list(rank_names),
            "cost_against_plan_pct",
            lambda v: rank_names[v],
        )
        units = cache.cost_by_unit(f).filter(pl.col(rank_by).is_not_null())
        if units.is_empty():
            st.info(t("cost.rank.none", lang))
        else:
            # lower is better for cost against plan and cost per 100 yuan, higher for the reduction
            better_high = rank_by == "cost_reduction_pct"
            units = units.sort([rank_by, "unit_id"], descending=[better_high, False])
            base = 100.0 if rank_by == "cost_against_plan_pct" else 0.0
            good = (units[rank_by] >= base) if better_high else (units[rank_by] <= base)
            if rank_by == "cost_per_100_yuan":
                good = units[rank_by] <= (summary["cost_per_100_yuan"] or 0)
            bar = charts.figure(
                charts.bar(
                    x=(units[rank_by] - base).to_list(),
                    base=base,
                    y=fmt.axis_labels(units["unit_id"].to_list(), units[name_col].to_list()),
                    hovertext=units[name_col].to_list(),
                    orientation="h",
                    customdata=list(
                        zip(units["unit_id"].to_list(), units[rank_by].to_list(), strict=True)
                    ),
                    hovertemplate="%{hovertext}: %{customdata[1]:.2f}<extra></extra>",
                    marker=charts.two_colors(good.to_list(), "#2e7d32", "#c62828"),
                )
            )
            charts.add_marks(bar, shapes=[charts.vline(base, {"color": "#555", "width": 1})])
            bar.update_yaxes(autorange="reversed", automargin=True)
            bar.update_xaxes(title=rank_names[rank_by])
            charts.base_layout(bar, height=max(220, 22 * units.height + 90))
            bar.update_layout(hovermode="closest", showlegend=False)
            routing.chart(bar, "cost_rank_chart", "unit", t("cost.rank.click", lang))
            st.dataframe(
                units.select(
                    pl.col(name_col).alias(t("col.unit", lang)),
                    pl.col("cost_per_100_yuan").alias(t("cost.kpi.cost_per_100", lang)),
                    pl.col("cost_against_plan_pct").alias(t("cost.kpi.against_plan", lang)),
                    pl.col("plan_saving_yuan").alias(t("cost.kpi.plan_saving", lang)),
                    pl.col("cost_reduction_pct").alias(t("cost.kpi.reduction", lang)),
                    pl.col("cost_reduction_yuan").alias(t("cost.col.reduction_yuan", lang)),
                    pl.col("capital_turnover_days").alias(t("cost.kpi.turnover", lang)),
                    (pl.col("management_share") * 100).alias(t("cost.kpi.management_share", lang)),
                    pl.col("costed_months").alias(t("cost.col.months", lang)),
                    pl.col(bureau_col).alias(t("col.bureau", lang)),
                ),
                hide_index=True,
                placeholder="—",
                key="cost_rank_table",
                on_select=routing.on_row_click(
                    "cost_rank_table", "unit", units["unit_id"].to_list()
                ),
                selection_mode="single-row",
                column_config={
                    t("cost.kpi.cost_per_100", lang): st.column_config.NumberColumn(format="%.2f"),
                    t("cost.kpi.against_plan", lang): st.column_config.NumberColumn(
                        format="%.1f%%"
                    ),
                    t("cost.kpi.plan_saving", lang): st.column_config.NumberColumn(format="%,.0f"),
                    t("cost.kpi.reduction", lang): st.column_config.NumberColumn(format="%+.1f%%"),
                    t("cost.col.reduction_yuan", lang): st.column_config.NumberColumn(
                        format="%,.0f"
                    ),
                    t("cost.kpi.turnover", lang): st.column_config.NumberColumn(format="%.1f"),
                    t("cost.kpi.management_share", lang): st.column_config.NumberColumn(
                        format="%.1f%%"
                    ),
                },
            )
            table = units.select(
                "unit_id",
                "name_zh",
                "name_en",
                "bureau_en",
                "industry",
                "costed_months",
                "cost_yuan",
                "costed_output_value_yuan",
                "cost_per_100_yuan",
                "plan_cost_of_output_yuan",
                "cost_against_plan_pct",
                "plan_saving_yuan",
                "baseline_cost_of_output_yuan",
                "cost_reduction_pct",
                "cost_reduction_yuan",
                "capital_turnover_days",
                "capital_against_verified_pct",
                "management_staff",
                "staff_total",
                "management_share",
                "mean_management_levels",
            )
            st.download_button(
                t("download.csv", lang),
                cache.export.to_csv(table),
                file_name=f"cost_by_unit_{f.start:%Y%m%d}_{f.end:%Y%m%d}.csv",
                mime="text/csv",
                icon=":material/download:",
                key="cost_units_csv",
            )
