"""Proposals: are the workers' rationalization proposals being decided and used?"""

import polars as pl
import streamlit as st

from pages.common import cache, charts, fmt, routing, sidebar, tables, url
from pages.common.catalog import label, t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters
name_col = "name_zh" if lang == "zh" else "name_en"
suffix = "zh" if lang == "zh" else "en"
end = f"{f.end:%Y-%m-%d}"

st.title(t("nav.proposals", lang))
st.caption(t("proposals.caption", lang, end=end))

if ctx.scope.is_empty():
    st.info(t("empty.no_units", lang))
    st.stop()

GREEN, GREY, RED, GOLD = "#2e7d32", "#90a4ae", "#c62828", "#f9a825"
whole = st.column_config.NumberColumn(format="%,.0f")
one = st.column_config.NumberColumn(format="%.1f")
day = st.column_config.DateColumn(format="YYYY-MM-DD")


def rate_value(rate: float | None, small: bool, num: int, den: int) -> str:
    """A rate on too few proposals is shown as its counts, never as a bare percentage."""
    return f"{fmt.num(num)} / {fmt.num(den)}" if small else fmt.pct(rate)


# --- the funnel -------------------------------------------------------------------------------
k = cache.proposal_funnel(f).row(0, named=True)
has_proposals = k["submitted_proposals"] > 0
st.subheader(t("proposals.funnel.title", lang))
if not has_proposals:
    st.info(t("proposals.none", lang))
else:
    counts = st.columns(6)
    for col, key in zip(
        counts,
        ("submitted", "decided", "adopted", "implemented", "rejected", "pending"),
        strict=True,
    ):
        col.metric(t(f"proposals.kpi.{key}", lang), fmt.num(k[f"{key}_proposals"]), border=True)
    *rates, right = st.columns([1, 1.25, 1, 2.2])
    rates[0].metric(
        t("kpi.adoption_rate", lang),
        rate_value(
            k["adoption_rate"],
            k["adoption_rate_is_small"],
            k["adopted_proposals"],
            k["decided_proposals"],
        ),
        help=t("proposals.kpi.adopted_help", lang),
        border=True,
    )
    rates[0].caption(
        t(
            "kpi.adoption_rate.caption",
            lang,
            adopted=fmt.num(k["adopted_proposals"]),
            decided=fmt.num(k["decided_proposals"]),
        )
    )
    rates[1].metric(
        t("proposals.kpi.implementation_rate", lang),
        rate_value(
            k["implementation_rate"],
            k["implementation_rate_is_small"],
            k["implemented_proposals"],
            k["adopted_proposals"],
        ),
        help=t("proposals.kpi.implemented_help", lang),
        border=True,
    )
    rates[1].caption(
        t(
            "proposals.kpi.implemented_caption",
            lang,
            implemented=fmt.num(k["implemented_proposals"]),
            adopted=fmt.num(k["adopted_proposals"]),
        )
    )
    rates[2].metric(
        t("proposals.kpi.per_100", lang),
        fmt.num(k["proposals_per_100_workers"], 1),
        border=True,
    )
    rates[2].caption(
        t(
            "proposals.kpi.per_100_caption",
            lang,
            n=fmt.num(k["submitted_proposals"]),
            members=t("count.workers", lang, n=fmt.num(k["members_total"])),
        )
    )
    for flag, name, n in (
        ("adoption_rate_is_small", "kpi.adoption_rate", "decided_proposals"),
        (
            "implementation_rate_is_small",
            "proposals.kpi.implementation_rate",
            "adopted_proposals",
        ),
    ):
        if k[flag]:
            st.caption(t("proposals.funnel.small", lang, rate=t(name, lang), n=k[n]))
    with right:
        stages = ("submitted", "decided", "adopted", "implemented")
        funnel = charts.figure(
            charts.funnel(
                y=[t(f"proposals.kpi.{s}", lang) for s in stages],
                x=[k[f"{s}_proposals"] for s in stages],
                texttemplate="%{value:,}<br>%{percentPrevious:.0%}",
                marker={"color": ["#546e7a", "#1565c0", GREEN, "#1b5e20"]},
                hovertemplate="%{y}: %{x:,}<extra></extra>",
            )
        )
        charts.base_layout(funnel, height=260)
        funnel.update_layout(hovermode="closest", margin={"t": 10})
        st.plotly_chart(funnel, key="proposals_funnel_chart")

# One section at a time below the funnel: the page held five charts.
SECTIONS = ["month", "leaders", "backlog", "search"]
section, tab = url.tabs("p_view", SECTIONS, "month", lambda v: t(f"proposals.view.{v}", lang))
with tab:
    if section == "month":
        # --- month by month -----------------------------------------------------------------------
        if has_proposals:
            st.subheader(t("proposals.month.title", lang))
            st.caption(t("proposals.month.caption", lang))
            months = cache.proposals_by_month(f)
            traces = []
            for col, key, color in (
                ("submitted_proposals", "proposals.kpi.submitted", "#546e7a"),
                ("decided_proposals", "proposals.kpi.decided", "#1565c0"),
            ):
                traces.append(
                    charts.bar(
                        x=months["month"].to_list(),
                        y=months[col].to_list(),
                        name=t(key, lang),
                        marker={"color": color},
                        xperiod="M1",
                        xperiodalignment="middle",
                        hovertemplate="%{y:,}",
                    )
                )
            top = max(
                months["submitted_proposals"].max() or 0, months["decided_proposals"].max() or 0
            )
            fig = charts.figure(data=traces)
            charts.mark_events(fig, cache.coverage_events(f, ctx.scope.height), lang, y=top * 1.08)
            fig.update_layout(barmode="group")
            fig.update_yaxes(title=t("proposals.month.axis", lang))
            fig.update_xaxes(title=t("grain.month", lang), dtick="M1", tickformat="%Y-%m")
            st.plotly_chart(charts.base_layout(fig, height=380), key="proposals_month_chart")

    elif section == "leaders":
        # --- the report's twelve leading units ----------------------------------------------------
        st.subheader(t("proposals.report.title", lang))
        first, _ = cache.data_period()
        st.caption(t("proposals.report.caption", lang, first=f"{first:%Y-%m-%d}"))
        leaders = cache.proposals_report_units(f)
        if leaders.is_empty():
            st.info(t("proposals.report.none", lang))
        else:
            lead = leaders.row(0, named=True)
            window = cache.settings.report_window
            c1, c2 = st.columns([1, 3])
            c1.metric(
                t("proposals.report.metric", lang),
                fmt.num(lead["window_total"]),
                help=f"{window[0]:%Y-%m-%d} – {window[1]:%Y-%m-%d}",
                border=True,
            )
            c1.metric(t("proposals.report.units", lang), fmt.num(lead["window_units"]), border=True)
            if lead["window_units"] > leaders.height:
                c1.caption(
                    t(
                        "proposals.report.more",
                        lang,
                        units=lead["window_units"],
                        shown=leaders.height,
                    )
                )
            bar = charts.figure(
                charts.bar(
                    x=leaders["submitted_proposals"].to_list(),
                    y=fmt.axis_labels(leaders["unit_id"].to_list(), leaders[name_col].to_list()),
                    hovertext=leaders[name_col].to_list(),
                    orientation="h",
                    marker={"color": GOLD},
                    text=[fmt.num(v) for v in leaders["submitted_proposals"]],
                    textposition="auto",
                    customdata=leaders["unit_id"].to_list(),
                    hovertemplate="%{hovertext}: %{x:,}<extra></extra>",
                )
            )
            bar.update_yaxes(autorange="reversed")
            bar.update_xaxes(title=t("kpi.proposals", lang))
            charts.base_layout(bar, height=max(220, 26 * leaders.height + 80))
            bar.update_layout(hovermode="closest", showlegend=False, margin={"t": 10})
            with c2:
                routing.chart(bar, "proposals_report_chart", "unit", t("click.unit.bar", lang))

        # --- by unit and by category --------------------------------------------------------------
        if has_proposals:
            st.subheader(t("by.unit", lang))
            st.caption(t("proposals.units.caption", lang))
            units = cache.proposals_by_unit(f)
            unit_table = units.select(
                fmt.mark("report_leader", "★").alias(t("col.p.report", lang)),
                pl.col(name_col).alias(t("col.unit", lang)),
                pl.col("members_total").alias(t("coverage.workers", lang)),
                pl.col("submitted_proposals").alias(t("proposals.kpi.submitted", lang)),
                pl.col("proposals_per_100_workers").alias(t("col.p.per_100", lang)),
                pl.col("decided_proposals").alias(t("proposals.kpi.decided", lang)),
                pl.col("adopted_proposals").alias(t("proposals.kpi.adopted", lang)),
                (pl.col("adoption_rate") * 100).alias(t("col.p.adoption_rate", lang)),
                fmt.small_mark("adoption_rate").alias(t("col.small", lang)),
                pl.col("implemented_proposals").alias(t("status.implemented", lang)),
                pl.col("median_days_to_decision").alias(t("col.p.median_days", lang)),
                pl.col("key_problems_solved").alias(t("col.p.key_problems", lang)),
                pl.col("est_saving_yuan").alias(t("col.saving", lang)),
            )
            key = "proposals_unit_table"
            st.dataframe(
                unit_table,
                hide_index=True,
                placeholder="—",
                key=key,
                on_select=routing.on_row_click(key, "unit", units["unit_id"].to_list()),
                selection_mode="single-row",
                column_config={
                    t("col.p.per_100", lang): one,
                    t("col.p.adoption_rate", lang): one,
                    t("col.p.median_days", lang): one,
                    t("col.saving", lang): whole,
                },
            )

            st.subheader(t("proposals.categories.title", lang))
            st.caption(t("proposals.categories.caption", lang))
            cats = cache.proposals_by_category(f)
            left, right = st.columns([2, 3])
            with left:
                cat_bar_traces = []
                names = [label("category", c, lang) for c in cats["category"]]
                for col, key, color in (
                    ("submitted_proposals", "proposals.kpi.submitted", "#546e7a"),
                    ("adopted_proposals", "proposals.kpi.adopted", GREEN),
                ):
                    cat_bar_traces.append(
                        charts.bar(
                            y=names,
                            x=cats[col].to_list(),
                            orientation="h",
                            name=t(key, lang),
                            marker={"color": color},
                            hovertemplate="%{y}: %{x:,}<extra></extra>",
                        )
                    )
                cat_bar = charts.figure(data=cat_bar_traces)
                cat_bar.update_yaxes(autorange="reversed")
                charts.base_layout(cat_bar, height=max(260, 40 * cats.height + 90))
                cat_bar.update_layout(barmode="group", hovermode="closest")
                st.plotly_chart(cat_bar, key="proposals_category_chart")
            with right:
                cat_table = cats.select(
                    pl.col("category")
                    .replace_strict({c: label("category", c, lang) for c in cats["category"]})
                    .alias(t("col.category", lang)),
                    pl.col("submitted_proposals").alias(t("proposals.kpi.submitted", lang)),
                    pl.col("proposals_per_100_workers").alias(t("col.p.per_100", lang)),
                    pl.col("decided_proposals").alias(t("proposals.kpi.decided", lang)),
                    (pl.col("adoption_rate") * 100).alias(t("col.p.adoption_rate", lang)),
                    fmt.small_mark("adoption_rate").alias(t("col.small", lang)),
                    pl.col("median_days_to_decision").alias(t("col.p.median_days", lang)),
                    pl.col("key_problems_solved").alias(t("col.p.key_problems", lang)),
                    pl.col("est_saving_yuan").alias(t("col.saving", lang)),
                )
                st.dataframe(
                    cat_table,
                    hide_index=True,
                    placeholder="—",
                    key="proposals_category_table",
                    column_config={
                        t("col.p.per_100", lang): st.column_config.NumberColumn(format="%.2f"),
                        t("col.p.adoption_rate", lang): one,
                        t("col.p.median_days", lang): one,
                        t("col.saving", lang): whole,
                    },
                )
            st.caption(t("small.note", lang))

    elif section == "backlog":
        # --- the backlog --------------------------------------------------------------------------
        st.subheader(t("proposals.backlog.title", lang))
        overdue_days = int(
            url.choice(
                "p_overdue",
                t("proposals.backlog.threshold", lang),
                ["15", "30", "60", "90"],
                str(cache.settings.overdue_days),
                lambda d: t("count.days", lang, n=d),
            )
        )
        st.caption(t("proposals.backlog.caption", lang, end=end))
        backlog = cache.proposal_backlog(f, overdue_days)
        if backlog.is_empty():
            st.info(t("proposals.backlog.none", lang, end=end))
        else:
            overdue = cache.proposals_overdue(f, overdue_days)
            st.markdown(
                t(
                    "proposals.backlog.summary",
                    lang,
                    pending=fmt.num(backlog["proposals"].sum()),
                    end=end,
                    overdue=fmt.num(overdue.height),
                    days=overdue_days,
                )
            )
            backlog_bars = []
            for is_overdue, color, key in (
                (False, GREY, "proposals.backlog.recent"),
                (True, RED, "proposals.backlog.overdue"),
            ):
                part = backlog.filter(pl.col("overdue") == is_overdue)
                backlog_bars.append(
                    charts.bar(
                        x=[
                            f"{a}–{b}"
                            for a, b in zip(part["age_from"], part["age_to"], strict=True)
                        ],
                        y=part["proposals"].to_list(),
                        name=t(key, lang, days=overdue_days),
                        marker={"color": color},
                        hovertemplate="%{x}: %{y:,}<extra></extra>",
                    )
                )
            bins = [
                f"{a}–{a + cache.settings.age_bin_days - 1}"
                for a in backlog["age_from"].unique().sort()
            ]
            fig = charts.figure(data=backlog_bars)
            fig.update_layout(barmode="stack")
            fig.update_xaxes(
                title=t("proposals.backlog.x", lang, bin=cache.settings.age_bin_days),
                categoryorder="array",
                categoryarray=bins,
            )
            fig.update_yaxes(title=t("proposals.backlog.y", lang))
            charts.base_layout(fig, height=340)
            fig.update_layout(hovermode="closest")
            st.plotly_chart(fig, key="proposals_backlog_chart")
            if not overdue.is_empty():
                st.markdown(f"**{t('proposals.backlog.table', lang)}**")
                st.caption(t("click.unit.row", lang))
                tables.long_table(
                    overdue.select(
                        pl.col("proposal_id").alias(t("col.p.id", lang)),
                        pl.col(f"title_{suffix}").alias(t("col.title", lang)),
                        pl.col(f"unit_{suffix}").alias(t("col.unit", lang)),
                        pl.col(f"team_{suffix}").fill_null("—").alias(t("col.team", lang)),
                        pl.col("category")
                        .replace_strict(
                            {c: label("category", c, lang) for c in overdue["category"].unique()}
                        )
                        .alias(t("col.category", lang)),
                        pl.col("submitted_on").alias(t("col.submitted_on", lang)),
                        pl.col("age_days").alias(t("col.p.age", lang)),
                    ),
                    lang,
                    file_name=f"overdue_proposals_{f.end:%Y-%m-%d}",
                    hide_index=True,
                    key="proposals_overdue_table",
                    on_select=routing.on_row_click(
                        "proposals_overdue_table",
                        "unit",
                        overdue["unit_id"].head(tables.ROW_LIMIT).to_list(),
                    ),
                    selection_mode="single-row",
                    column_config={t("col.submitted_on", lang): day},
                )

    elif section == "search":
        # --- search
        if not has_proposals:
            st.info(t("proposals.none", lang))
        else:
            st.subheader(t("proposals.search.title", lang))
            text = url.text(
                "p_search",
                t("proposals.search.box", lang),
                placeholder=t("proposals.search.placeholder", lang),
            )
            found = cache.proposals_search(f, text or "")
            if found.is_empty():
                st.info(t("proposals.search.none", lang))
            else:
                matches = found["matches_total"][0]
                if matches > found.height:
                    st.caption(
                        t(
                            "proposals.search.limited",
                            lang,
                            matches=fmt.num(matches),
                            shown=fmt.num(found.height),
                        )
                    )
                else:
                    st.caption(t("proposals.search.count", lang, n=fmt.num(matches)))
                statuses = ("pending", "adopted", "implemented", "rejected")
                st.caption(t("click.unit.row", lang))
                st.dataframe(
                    found.select(
                        pl.col("proposal_id").alias(t("col.p.id", lang)),
                        pl.col(f"title_{suffix}").alias(t("col.title", lang)),
                        pl.col(f"unit_{suffix}").alias(t("col.unit", lang)),
                        pl.col(f"team_{suffix}").fill_null("—").alias(t("col.team", lang)),
                        pl.col("category")
                        .replace_strict(
                            {c: label("category", c, lang) for c in found["category"].unique()}
                        )
                        .alias(t("col.category", lang)),
                        pl.col("status_at_end")
                        .replace_strict({s: label("status", s, lang) for s in statuses})
                        .alias(t("col.p.status", lang)),
                        pl.col("submitted_on").alias(t("col.submitted_on", lang)),
                        pl.col("decided_on").alias(t("col.decided_on", lang)),
                        pl.col("implemented_on").alias(t("col.p.implemented_on", lang)),
                        pl.col("est_saving_yuan").alias(t("col.saving", lang)),
                        fmt.mark("solves_key_problem", t("value.yes", lang)).alias(
                            t("col.key_problem", lang)
                        ),
                    ),
                    hide_index=True,
                    placeholder="—",
                    key="proposals_search_table",
                    on_select=routing.on_row_click(
                        "proposals_search_table", "unit", found["unit_id"].to_list()
                    ),
                    selection_mode="single-row",
                    column_config={
                        t("col.saving", lang): whole,
                        t("col.submitted_on", lang): day,
                        t("col.decided_on", lang): day,
                        t("col.p.implemented_on", lang): day,
                        t("col.title", lang): st.column_config.TextColumn(width="medium"),
                    },
                )
