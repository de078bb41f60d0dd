"""Productivity: whether the emulation raised labor productivity, and by how much."""

import polars as pl
import streamlit as st

from pages.common import cache, charts, fmt, routing, safe, selection, sidebar, url
from pages.common.catalog import label, t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters
name_col = "name_zh" if lang == "zh" else "name_en"
bureau_col = "bureau_zh" if lang == "zh" else "bureau_en"
# Beyond this many lines a chart is a tangle; the page says so and keeps the legend.
MANY_LINES = 12

st.title(t("nav.productivity", lang))
st.caption(t("prod.caption", lang))

if ctx.scope.is_empty():
    st.info(t("empty.no_units", lang))
    st.stop()


def grain_choice(where) -> str:
    """Weeks or months: one choice for the trend and the team plans."""
    return url.choice(
        "prod_grain",
        t("grain", lang),
        ["week", "month"],
        "month",
        lambda v: t(f"grain.{v}", lang),
        where=where,
    )


# One section at a time: the page held seven charts, which took the browser seconds to draw.
SECTIONS = ["trend", "plans", "quotas", "effect", "rank"]
section, tab = url.tabs(
    "prod_view",
    SECTIONS,
    "trend",
    lambda v: t(f"prod.view.{v}", lang),
)
with tab:
    if section == "trend":
        # --- productivity index and plan fulfilment over time
        st.subheader(t("prod.trend.title", lang))
        st.caption(t("prod.trend.caption", lang))
        cols = st.columns([1, 1.6, 1.6])
        grain = grain_choice(cols[0])
        with cols[1]:
            # one chart at a time: the two side by side took the browser twice as long to draw
            shown = url.choice(
                "prod_measure",
                t("measure", lang),
                ["index", "plan"],
                "index",
                lambda v: t(f"prod.measure.{v}", lang),
            )
        with cols[2]:
            by = url.choice(
                "prod_by",
                t("split.by", lang),
                ["bureau", "industry", "unit"],
                "bureau",
                lambda v: t(f"col.{v}", lang),
            )
        trend = cache.productivity_trend(f, grain, by)
        if trend.is_empty():
            st.info(t("empty.no_output", lang))
            st.stop()

        def group_name(key: str, en: str, zh: str) -> str:
            return (
                label("industry", key, lang) if by == "industry" else (zh if lang == "zh" else en)
            )

        groups = trend.select("group_key", "group_en", "group_zh").unique(maintain_order=True)
        if groups.height > MANY_LINES:
            st.caption(t("prod.many_units", lang, groups=groups.height))
        # a click on a unit's line opens the unit; on a bureau's or industry's, narrows to it
        click_kind = selection.kind_of_split(by)
        st.caption(t(f"click.{click_kind}.point", lang))
        for metric, axis, key in (
            ("productivity_index", "prod.axis.index", "prod_index_chart")
            if shown == "index"
            else ("plan_fulfilment_pct", "col.plan_fulfilment", "prod_plan_chart"),
        ):
            mode = "lines+markers" if grain == "month" else "lines"
            if groups.height > MANY_LINES:
                # one trace, the units told apart on hover: a trace each took seconds at 10M rows
                names = {k: group_name(k, en, zh) for k, en, zh in groups.iter_rows()}
                lines = trend.with_columns(
                    group_name=pl.col("group_key").replace_strict(names, return_dtype=pl.String)
                ).sort(["group_key", "period_start"])
                traces = charts.lines_as_one(
                    lines,
                    x="period_start",
                    y=metric,
                    ids="group_key",
                    names="group_name",
                    color="rgba(31,119,180,0.45)",
                    hovertemplate="%{y:.1f}<extra>%{text}</extra>",
                )
            else:
                traces = [
                    charts.scatter(
                        x=rows["period_start"].to_list(),
                        y=rows[metric].to_list(),
                        mode=mode,
                        name=group_name(gkey, en, zh),
                        customdata=[gkey] * rows.height,
                        hovertemplate="%{y:.1f}",
                    )
                    for (gkey, en, zh), rows in trend.group_by(
                        ["group_key", "group_en", "group_zh"], maintain_order=True
                    )
                ]
            fig = charts.figure(data=traces)
            charts.add_marks(
                fig, shapes=[charts.hline(100, {"color": "#888", "width": 1, "dash": "dot"})]
            )
            fig.update_yaxes(title=t(axis, lang))
            fig.update_xaxes(title=t("prod.axis.period", lang))
            charts.clickable_lines(charts.base_layout(fig, height=440))
            if groups.height > MANY_LINES:
                fig.update_layout(showlegend=False)
            routing.chart(fig, key, click_kind)

    elif section == "plans":
        # --- team plans against factory-set targets
        st.subheader(t("prod.plans.title", lang))
        st.caption(t("prod.plans.caption", lang))
        grain = grain_choice(st.columns(2)[0])
        plans = cache.team_plans_trend(f, grain)
        if plans["team_days_with_team_plan"].sum() == 0:
            st.info(t("prod.plans.none", lang))
        else:
            plan_lines = []
            for metric, key, count in (
                ("team_plan_above_share", "prod.plans.above", "team_days_plan_above"),
                ("team_plan_set_share", "prod.plans.set", "team_days_with_team_plan"),
            ):
                plan_lines.append(
                    charts.scatter(
                        x=plans["period_start"].to_list(),
                        y=plans[metric].to_list(),
                        customdata=plans[count].to_list(),
                        mode="lines+markers" if grain == "month" else "lines",
                        name=t(key, lang),
                        hovertemplate="%{y:.1%} (%{customdata:,})",
                    )
                )
            fig = charts.figure(data=plan_lines)
            fig.update_yaxes(title=t("prod.plans.axis", lang), tickformat=".0%", range=[0, 1.02])
            fig.update_xaxes(title=t("prod.axis.period", lang))
            st.plotly_chart(charts.base_layout(fig, height=340), key="prod_plans_chart")
            st.markdown(f"**{t('by.unit', lang)}**")
            by_unit = cache.with_team_plans(cache.team_plans_by_unit(f, grain))
            st.dataframe(
                by_unit.select(
                    pl.col(name_col).alias(t("col.unit", lang)),
                    (pl.col("team_plan_above_share") * 100).alias(t("prod.col.above_share", lang)),
                    pl.col("team_days_plan_above").alias(t("prod.col.above", lang)),
                    pl.col("team_days_with_team_plan").alias(t("prod.col.with_plan", lang)),
                    (pl.col("team_plan_set_share") * 100).alias(t("prod.col.set_share", lang)),
                    pl.col("team_days").alias(t("prod.col.team_days", lang)),
                    pl.col(bureau_col).alias(t("col.bureau", lang)),
                ),
                hide_index=True,
                placeholder="—",
                key="prod_plans_table",
                on_select=routing.on_row_click(
                    "prod_plans_table", "unit", by_unit["unit_id"].to_list()
                ),
                selection_mode="single-row",
                column_config={
                    t("prod.col.above_share", lang): st.column_config.NumberColumn(format="%.1f"),
                    t("prod.col.set_share", lang): st.column_config.NumberColumn(format="%.1f"),
                },
            )

    elif section == "quotas":
        # --- advanced average quotas
        st.subheader(t("prod.quota.title", lang))
        st.caption(t("prod.quota.caption", lang))
        products = cache.output_units(f)
        if products.is_empty():
            st.info(t("prod.quota.none", lang))
        else:
            product_names = dict(zip(products["output_unit"], products[name_col], strict=True))
            # eight products do not fit half a row: each choice gets its own
            product = url.choice(
                "prod_output_unit",
                t("prod.quota.output_unit", lang),
                products["output_unit"].to_list(),
                products["output_unit"][0],
                lambda v: product_names.get(v, v),
            )
            method = url.choice(
                "prod_quota",
                t("prod.quota.method", lang),
                list(cache.settings.quota_methods),
                "average_advanced",
                lambda v: t(f"prod.quota.{v}", lang),
            )
            q = cache.quotas(f, product, method)
            most_teams = q["teams_with_hours"].max() if q.height else 0
            if q.is_empty():
                st.info(t("prod.quota.none", lang))
            elif most_teams < cache.settings.min_quota_teams:
                st.info(t("prod.quota.few", lang, teams=most_teams))
            else:
                months = q["month"].to_list()
                levels_traces = []
                for m in cache.settings.quota_methods:
                    chosen = m == method
                    levels_traces.append(
                        charts.scatter(
                            x=months,
                            y=q[m].to_list(),
                            mode="lines+markers",
                            name=t(f"prod.quota.{m}", lang),
                            line={
                                "width": 3 if chosen else 1.5,
                                "dash": "solid" if chosen else "dot",
                            },
                            hovertemplate="%{y:.4g}",
                        )
                    )
                levels = charts.figure(data=levels_traces)
                levels.update_yaxes(
                    title=t("prod.quota.axis", lang, unit=safe.html(product_names[product]))
                )
                levels.update_xaxes(title=t("grain.month", lang))
                met = charts.figure(
                    data=[
                        charts.bar(
                            x=months,
                            y=q[metric].to_list(),
                            customdata=q[count].to_list(),
                            name=t(key, lang),
                            hovertemplate="%{y:.1%} (%{customdata})",
                        )
                        for metric, count, key in (
                            ("quota_met_share", "teams_meeting_quota", "prod.quota.met"),
                            (
                                "previous_quota_met_share",
                                "teams_meeting_previous_quota",
                                "prod.quota.met_previous",
                            ),
                        )
                    ]
                )
                met.update_yaxes(
                    title=t("prod.quota.met_axis", lang), tickformat=".0%", range=[0, 1]
                )
                met.update_xaxes(title=t("grain.month", lang))
                row = st.columns(2)
                with row[0]:
                    st.plotly_chart(charts.base_layout(levels, height=360), key="prod_quota_chart")
                with row[1]:
                    st.plotly_chart(charts.base_layout(met, height=360), key="prod_quota_met_chart")
                st.dataframe(
                    q.select(
                        pl.col("month").dt.strftime("%Y-%m").alias(t("grain.month", lang)),
                        pl.col("teams_with_hours").alias(t("col.teams", lang)),
                        pl.col("mean_productivity").alias(t("prod.quota.mean_productivity", lang)),
                        pl.col("advanced_mean").alias(t("prod.quota.advanced_mean", lang)),
                        pl.col("average_advanced").alias(t("prod.quota.average_advanced", lang)),
                        pl.col("quota").alias(t("prod.col.quota", lang)),
                        pl.col("quota_change_pct").alias(t("prod.col.change", lang)),
                        (pl.col("quota_met_share") * 100).alias(t("prod.col.met", lang)),
                        (pl.col("previous_quota_met_share") * 100).alias(
                            t("prod.col.met_previous", lang)
                        ),
                    ),
                    hide_index=True,
                    placeholder="—",
                    key="prod_quota_table",
                    column_config={
                        t("prod.quota.mean_productivity", lang): st.column_config.NumberColumn(
                            format="%.4g"
                        ),
                        t("prod.quota.advanced_mean", lang): st.column_config.NumberColumn(
                            format="%.4g"
                        ),
                        t("prod.quota.average_advanced", lang): st.column_config.NumberColumn(
                            format="%.4g"
                        ),
                        t("prod.col.quota", lang): st.column_config.NumberColumn(format="%.4g"),
                        t("prod.col.change", lang): st.column_config.NumberColumn(format="%+.2f"),
                        t("prod.col.met", lang): st.column_config.NumberColumn(format="%.1f"),
                        t("prod.col.met_previous", lang): st.column_config.NumberColumn(
                            format="%.1f"
                        ),
                    },
                )

    elif section == "effect":
        # --- the campaign's effect
        st.subheader(t("prod.effect.title", lang))
        st.caption(t("prod.effect.caption", lang))
        split = url.choice(
            "prod_effect",
            t("coverage.teams", lang),
            ["pooled", "wave"],
            "pooled",
            lambda v: t(f"prod.effect.split.{v}", lang),
        )
        by_wave = split == "wave"
        sample = cache.effect_sample(f, by_wave).row(0, named=True)
        effect = cache.campaign_effect(f, by_wave)
        summary = cache.campaign_effect_summary(f, by_wave)
        small_waves = summary.filter(~pl.col("shown")) if by_wave else summary.clear()
        small_waves_note = t(
            "prod.effect.small_waves",
            lang,
            min=cache.settings.min_wave_teams,
            waves=", ".join(
                f"{w} ({n})" for w, n in small_waves.select("wave", "wave_teams").iter_rows()
            ),
        )
        if effect.is_empty() and small_waves.height:
            st.info(small_waves_note)
        elif effect.is_empty():
            st.info(
                t(
                    "prod.effect.none",
                    lang,
                    min=cache.settings.min_comparison_teams,
                    n=sample["teams_joined"],
                    cohorts=t("count.joining_weeks", lang, n=sample["cohorts"]),
                    not_joined=sample["teams_not_joined"],
                )
            )
        else:

            def signed_pct(x: float | None) -> str:
                return fmt.signed(x, 1, "%") or "—"

            if not by_wave:
                s = summary.row(0, named=True)
                row = st.columns(3)
                row[0].metric(
                    t("prod.effect.settled", lang),
                    signed_pct(s["settled_pct"]),
                    help=t("prod.effect.settled.help", lang),
                    border=True,
                )
                if s["settled_weeks"]:
                    row[0].caption(
                        t(
                            "prod.effect.settled.caption",
                            lang,
                            low=signed_pct(s["settled_low_pct"]),
                            high=signed_pct(s["settled_high_pct"]),
                            n=s["settled_weeks"],
                        )
                    )
                if s["pretrend_df"]:
                    verdict = "pass" if cache.pretrend_passes(s["pretrend_p"]) else "fail"
                    row[1].metric(
                        t("prod.effect.pretrend", lang),
                        t(f"prod.effect.pretrend.{verdict}", lang, p=f"{s['pretrend_p']:.2f}"),
                        border=True,
                    )
                    row[1].caption(
                        t(
                            "prod.effect.pretrend.caption",
                            lang,
                            n=s["pretrend_df"],
                            stat=f"{s['pretrend_stat']:.1f}",
                        )
                    )
                else:
                    row[1].metric(
                        t("prod.effect.pretrend", lang),
                        t("prod.effect.pretrend.none", lang),
                        border=True,
                    )
                row[2].metric(
                    t("prod.effect.sample", lang),
                    t("prod.effect.sample.value", lang, joined=fmt.num(sample["teams_joined"])),
                    border=True,
                )
                row[2].caption(
                    t(
                        "prod.effect.sample.caption",
                        lang,
                        n=sample["cohorts"],
                        not_joined=fmt.num(sample["teams_not_joined"]),
                    )
                )

            effect_lines = []
            palette = [
                "#1f77b4",
                "#d62728",
                "#2ca02c",
                "#9467bd",
                "#ff7f0e",
                "#17becf",
                "#8c564b",
                "#e377c2",
            ]
            waves = effect["wave"].unique(maintain_order=True).to_list()
            offsets = {w: (i - (len(waves) - 1) / 2) * 0.12 for i, w in enumerate(waves)}
            for i, wave in enumerate(waves):
                rows = effect.filter(pl.col("wave") == wave).sort("e")
                color = palette[i % len(palette)]
                name = t("prod.effect.pooled", lang) if wave == "all" else wave
                est = rows.filter(~pl.col("is_reference"))
                hover = [
                    t(
                        "prod.effect.hover",
                        lang,
                        e=e,
                        effect=signed_pct(v),
                        low=signed_pct(lo),
                        high=signed_pct(hi),
                        n=n,
                    )
                    for e, v, lo, hi, n in zip(
                        est["e"],
                        est["effect_pct"],
                        est["ci_low_pct"],
                        est["ci_high_pct"],
                        est["treated_teams"],
                        strict=True,
                    )
                ]
                x = [e + offsets[wave] for e in est["e"].to_list()]
                if not by_wave:
                    # a band for one series; error bars keep several series apart
                    effect_lines.append(
                        charts.scatter(
                            x=x + x[::-1],
                            y=est["ci_high_pct"].to_list() + est["ci_low_pct"].to_list()[::-1],
                            fill="toself",
                            fillcolor="rgba(31,119,180,0.18)",
                            line={"width": 0},
                            hoverinfo="skip",
                            showlegend=False,
                        )
                    )
                effect_lines.append(
                    charts.scatter(
                        x=x,
                        y=est["effect_pct"].to_list(),
                        mode="lines+markers",
                        name=name,
                        line={"color": color},
                        error_y=(
                            {
                                "type": "data",
                                "symmetric": False,
                                "array": (est["ci_high_pct"] - est["effect_pct"]).to_list(),
                                "arrayminus": (est["effect_pct"] - est["ci_low_pct"]).to_list(),
                                "thickness": 1,
                                "width": 2,
                            }
                            if by_wave
                            else None
                        ),
                        text=hover,
                        hovertemplate="%{text}<extra></extra>",
                    )
                )
            fig = charts.effect_figure(
                effect_lines,
                t("prod.effect.reference", lang),
                t("prod.effect.axis.e", lang),
                t("prod.effect.axis.y", lang),
                dtick=2,
                height=440,
            )
            st.plotly_chart(fig, key="prod_effect_chart")

            if by_wave:
                shown = summary.filter(pl.col("shown"))
                st.dataframe(
                    shown.select(
                        pl.col("wave").alias(t("prod.col.wave", lang)),
                        pl.col("wave_teams").alias(t("col.teams_joined", lang)),
                        pl.col("settled_pct").alias(t("prod.col.settled", lang)),
                        pl.col("settled_low_pct").alias(t("prod.col.settled_low", lang)),
                        pl.col("settled_high_pct").alias(t("prod.col.settled_high", lang)),
                        pl.col("pretrend_p").alias(t("prod.col.pretrend_p", lang)),
                    ),
                    hide_index=True,
                    placeholder="—",
                    key="prod_effect_waves",
                    column_config={
                        t("prod.col.settled", lang): st.column_config.NumberColumn(format="%+.1f"),
                        t("prod.col.settled_low", lang): st.column_config.NumberColumn(
                            format="%+.1f"
                        ),
                        t("prod.col.settled_high", lang): st.column_config.NumberColumn(
                            format="%+.1f"
                        ),
                        t("prod.col.pretrend_p", lang): st.column_config.NumberColumn(
                            format="%.2f"
                        ),
                    },
                )
                if small_waves.height:
                    st.caption(small_waves_note)
            if sample["dropped_unbalanced"] or sample["dropped_joined_before"]:
                st.caption(
                    t(
                        "prod.effect.dropped",
                        lang,
                        n=sample["dropped_unbalanced"],
                        early=t("count.teams", lang, n=sample["dropped_joined_before"]),
                    )
                )

    elif section == "rank":
        # --- units by change since joining
        st.subheader(t("prod.rank.title", lang))
        st.caption(t("prod.rank.caption", lang))
        ranked = cache.with_index_change(cache.index_change_ranking(f))
        if ranked.is_empty():
            st.info(t("prod.rank.none", lang))
        else:
            bar = charts.figure(
                charts.bar(
                    x=charts.arr(ranked["index_change"]),
                    y=fmt.axis_labels(ranked["unit_id"].to_list(), ranked[name_col].to_list()),
                    hovertext=charts.arr(ranked[name_col]),
                    orientation="h",
                    customdata=charts.arr(
                        list(
                            zip(
                                ranked["unit_id"].to_list(),
                                ranked["plan_fulfilment_pct"].to_list(),
                                strict=True,
                            )
                        )
                    ),
                    text=charts.arr(
                        [
                            t(
                                "prod.rank.bar",
                                lang,
                                change=fmt.signed(c, 1) or "—",
                                plan=fmt.num(p, 1),
                            )
                            for c, p in zip(
                                ranked["index_change"].to_list(),
                                ranked["plan_fulfilment_pct"].to_list(),
                                strict=True,
                            )
                        ]
                    ),
                    textposition="inside",
                    insidetextanchor="end",
                    textfont={"color": "white"},
                    hovertemplate="%{hovertext}: %{x:+.1f} · "
                    + t("col.plan_fulfilment", lang)
                    + " %{customdata[1]:.1f}<extra></extra>",
                    marker=charts.two_colors(ranked["index_change"] >= 0, "#2e7d32", "#c62828"),
                )
            )
            charts.add_marks(bar, shapes=[charts.vline(0, {"color": "#555", "width": 1})])
            bar.update_yaxes(autorange="reversed", automargin=True)
            bar.update_xaxes(title=t("prod.col.index_change", lang))
            charts.base_layout(bar, height=max(260, 24 * ranked.height + 90))
            bar.update_layout(
                hovermode="closest", showlegend=False, uniformtext={"minsize": 11, "mode": "show"}
            )
            routing.chart(bar, "prod_rank_chart", "unit", t("prod.rank.click", lang))
            st.dataframe(
                ranked.select(
                    pl.col(name_col).alias(t("col.unit", lang)),
                    pl.col("index_change").alias(t("prod.col.index_change", lang)),
                    pl.col("productivity_index_before_joining").alias(
                        t("prod.col.index_before", lang)
                    ),
                    pl.col("productivity_index_since_joining").alias(
                        t("prod.col.index_since", lang)
                    ),
                    pl.col("plan_fulfilment_pct").alias(t("col.plan_fulfilment", lang)),
                    pl.col("teams_joined").alias(t("col.teams_joined", lang)),
                    fmt.small_mark(
                        "productivity_index_before_joining", "productivity_index_since_joining"
                    ).alias(t("col.small", lang)),
                    pl.col(bureau_col).alias(t("col.bureau", lang)),
                ),
                hide_index=True,
                placeholder="—",
                key="prod_rank_table",
                on_select=routing.on_row_click(
                    "prod_rank_table", "unit", ranked["unit_id"].to_list()
                ),
                selection_mode="single-row",
                column_config={
                    t("prod.col.index_change", lang): st.column_config.NumberColumn(format="%+.1f"),
                    t("prod.col.index_before", lang): st.column_config.NumberColumn(format="%.1f"),
                    t("prod.col.index_since", lang): st.column_config.NumberColumn(format="%.1f"),
                    t("col.plan_fulfilment", lang): st.column_config.NumberColumn(format="%.1f"),
                },
            )
            st.caption(t("small.note", lang))
