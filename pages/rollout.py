"""Rollout: how far and how fast the emulation spread from point to area (由点到面)."""

import polars as pl
import streamlit as st
from plotly.colors import get_colorscale

from pages.common import cache, charts, fmt, routing, selection, sidebar, url
from pages.common.catalog import label, t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters
name_col = "name_zh" if lang == "zh" else "name_en"
bureau_col = "bureau_zh" if lang == "zh" else "bureau_en"

st.title(t("nav.rollout", lang))
st.caption(t("rollout.caption", lang))

if ctx.scope.is_empty():
    st.info(t("empty.no_units", lang))
    st.stop()

# One section at a time: the quilt alone is a cell per unit and week, slow to draw.
SECTIONS = ["coverage", "quilt", "pace", "preparing"]
section, tab = url.tabs(
    "rollout_view", SECTIONS, "coverage", lambda v: t(f"rollout.view.{v}", lang)
)
with tab:
    if section == "coverage":
        # --- coverage over time -----------------------------------------------------------------
        st.subheader(t("rollout.coverage.title", lang))
        st.caption(t("rollout.coverage.caption", lang))
        split = url.choice(
            "rollout_split",
            t("rollout.split", lang),
            ["all", "bureau", "industry"],
            "all",
            lambda v: t(f"rollout.split.{v}", lang),
        )
        MEASURES = {
            "workers": ("coverage_share", "members_covered", "members_total", "coverage.workers"),
            "teams": ("team_coverage_share", "teams_covered", "teams_total", "coverage.teams"),
            "workshops": (
                "workshop_coverage_share",
                "workshops_covered",
                "workshops_total",
                "coverage.workshops",
            ),
            "units": ("unit_coverage_share", "units_covered", "units_total", "coverage.units"),
        }
        measure = "workers"
        if split != "all":
            measure = url.choice(
                "rollout_measure",
                t("rollout.measure", lang),
                list(MEASURES),
                "workers",
                lambda v: t(MEASURES[v][3], lang),
            )

        cov = cache.rollout_coverage(f, split)
        if cov.is_empty():
            st.info(t("rollout.no_teams", lang))
            st.stop()

        def group_name(key: str, en: str | None, zh: str | None) -> str:
            if split == "industry":
                return label("industry", key, lang)
            return (zh if lang == "zh" else en) or key

        def covered_hover(covered: pl.Series, total: pl.Series) -> list[str]:
            return [
                t("rollout.hover.covered", lang, covered=fmt.num(c), total=fmt.num(n))
                for c, n in zip(covered.to_list(), total.to_list(), strict=True)
            ]

        # Split by bureau or industry, a click on a group's line narrows the sidebar to that group.
        click_kind = selection.kind_of_split(split)
        traces = []
        if split == "all":
            for share, covered, total, key in MEASURES.values():
                traces.append(
                    charts.scatter(
                        x=charts.arr(cov["day"]),
                        y=charts.arr(cov[share]),
                        mode="lines",
                        name=t(key, lang),
                        customdata=charts.arr(covered_hover(cov[covered], cov[total])),
                        hovertemplate="%{y:.1%} · %{customdata}",
                    )
                )
        else:
            share, covered, total, _ = MEASURES[measure]
            for (key, en, zh), rows in cov.group_by(
                ["group_key", "group_en", "group_zh"], maintain_order=True
            ):
                traces.append(
                    charts.scatter(
                        x=charts.arr(rows["day"]),
                        y=charts.arr(rows[share]),
                        mode="lines",
                        name=group_name(key, en, zh),
                        customdata=charts.arr(
                            list(
                                zip(
                                    [key] * rows.height,
                                    covered_hover(rows[covered], rows[total]),
                                    strict=True,
                                )
                            )
                        ),
                        hovertemplate="%{y:.1%} · %{customdata[1]}",
                    )
                )
        fig = charts.figure(data=traces)
        charts.mark_events(fig, cache.coverage_events(f, ctx.scope.height), lang, y=1.04)
        fig.update_yaxes(title=t("coverage.axis", lang), tickformat=".0%", range=[0, 1.08])
        fig.update_xaxes(title=t("col.day", lang))
        charts.date_axis(fig, f.start, f.end)
        charts.base_layout(fig, height=420)
        routing.chart(
            fig if click_kind is None else charts.clickable_lines(fig),
            "rollout_coverage_chart",
            click_kind,
            click_kind and t(f"click.{click_kind}.point", lang),
        )

    elif section == "quilt":
        # --- the quilt --------------------------------------------------------------------------
        st.subheader(t("rollout.quilt.title", lang))
        st.caption(t("rollout.quilt.caption", lang))
        # A ministry's thousand units would make rows a pixel high: quilt_rows at a time, chosen
        # by their place in launch order.
        quilt_rows = cache.settings.quilt_rows
        units_total = ctx.scope.height
        first_row = 0
        if units_total > quilt_rows:
            windows = [str(i) for i in range(0, units_total, quilt_rows)]
            first_row = int(
                url.select(
                    "quilt_rows",
                    t("rollout.quilt.rows", lang),
                    windows,
                    "0",
                    lambda v: t(
                        "rollout.quilt.rows.option",
                        lang,
                        first=fmt.num(int(v) + 1),
                        last=fmt.num(min(int(v) + quilt_rows, units_total)),
                        total=fmt.num(units_total),
                    ),
                    persist_state="session",
                )
            )
        quilt = cache.rollout_quilt(f, first_row, quilt_rows)
        order = quilt.select("unit_id", name_col).unique(maintain_order=True)
        names = fmt.axis_labels(order["unit_id"].to_list(), order[name_col].to_list())
        weeks = quilt["week"].unique(maintain_order=True).sort().to_list()
        # the query's rows come unit by unit (launch order) and week by week: the grid, row by row
        z = quilt["coverage_share"].to_numpy().reshape(len(names), len(weeks))
        texts = [
            t(
                "rollout.quilt.hover",
                lang,
                unit=name,
                week=f"{w:%Y-%m-%d}",
                share=fmt.pct(share, 0),
                covered=fmt.num(covered),
                total=fmt.num(total),
            )
            for name, w, share, covered, total in quilt.select(
                name_col, "week", "coverage_share", "members_covered", "members_total"
            ).iter_rows()
        ]
        hover = [texts[i * len(weeks) : (i + 1) * len(weeks)] for i in range(len(names))]
        heat = charts.figure(
            charts.heatmap(
                x=weeks,
                y=names,
                z=z,
                zmin=0,
                zmax=1,
                # spelled out as Plotly's check would leave them: the browser gets these unchecked
                colorscale=get_colorscale("YlGn"),
                colorbar={
                    "title": {"text": t("coverage.workers_share", lang)},
                    "tickformat": ".0%",
                },
                xgap=1,
                ygap=1,
            )
        )
        heat.update_yaxes(autorange="reversed", automargin=True)
        heat.update_xaxes(title=t("rollout.quilt.week", lang))
        charts.base_layout(heat, height=max(260, 17 * len(names) + 110))
        # Plotly cannot select a heatmap's cell: an invisible marker on each cell takes its hover
        # text and the click, and carries the unit's id.
        charts.clickable_cells(
            heat, selection.cell_points(order["unit_id"].to_list(), names, weeks, hover)
        )
        routing.chart(heat, "rollout_quilt_chart", "unit", t("click.unit.cell", lang))

    elif section == "pace":
        # --- pace of each unit ------------------------------------------------------------------
        st.subheader(t("rollout.pace.title", lang))
        st.caption(t("rollout.pace.caption", lang))
        threshold_pct = url.slider(
            "rollout_threshold",
            t("rollout.threshold", lang),
            range(10, 101, 5),
            round(cache.settings.rushed_threshold * 100),
            format="%d%%",
            help=t("rollout.threshold.help", lang),
        )
        pace = cache.rollout_pace(f, threshold_pct / 100)
        if pace.is_empty():
            st.info(t("rollout.no_launched", lang))
        else:
            rushed = pace.filter(pl.col("rushed"))
            if rushed.is_empty():
                st.markdown(
                    t("rollout.rushed_none", lang, n=pace.height, threshold=f"{threshold_pct}%")
                )
            else:
                st.markdown(
                    t(
                        "rollout.rushed_summary",
                        lang,
                        rushed=rushed.height,
                        n=pace.height,
                        threshold=f"{threshold_pct}%",
                        names=fmt.named_list(rushed[name_col].to_list(), lang),
                    )
                )
            yes = t("value.yes", lang)
            table = pace.select(
                pl.col(name_col).alias(t("col.unit", lang)),
                pl.col("launched_on").alias(t("col.launched_on", lang)),
                pl.col("first_joined_on").alias(t("col.first_joined_on", lang)),
                pl.col("days_to_50").alias(t("rollout.col.days_to_50", lang)),
                pl.col("days_to_90").alias(t("rollout.col.days_to_90", lang)),
                pl.col("teams_joined").alias(t("col.teams_joined", lang)),
                pl.col("teams_total").alias(t("col.teams", lang)),
                (pl.col("coverage_share") * 100).alias(t("rollout.col.workers_covered", lang)),
                (pl.col("max_7day_join_share") * 100).alias(t("rollout.col.max_7day_share", lang)),
                fmt.mark("rushed", yes).alias(t("rollout.col.rushed", lang)),
                pl.col(bureau_col).alias(t("col.bureau", lang)),
            )
            st.caption(t("click.unit.row", lang))
            st.dataframe(
                table,
                hide_index=True,
                placeholder="—",
                key="rollout_pace_table",
                on_select=routing.on_row_click(
                    "rollout_pace_table", "unit", pace["unit_id"].to_list()
                ),
                selection_mode="single-row",
                column_config={
                    t("col.launched_on", lang): st.column_config.DateColumn(format="YYYY-MM-DD"),
                    t("col.first_joined_on", lang): st.column_config.DateColumn(
                        format="YYYY-MM-DD"
                    ),
                    t("rollout.col.workers_covered", lang): st.column_config.NumberColumn(
                        format="%.1f"
                    ),
                    t("rollout.col.max_7day_share", lang): st.column_config.NumberColumn(
                        format="%.1f"
                    ),
                },
            )
            st.download_button(
                t("download.csv", lang),
                cache.export.to_csv(table),
                file_name=f"rollout_pace_{f.start:%Y%m%d}_{f.end:%Y%m%d}.csv",
                mime="text/csv",
                icon=":material/download:",
                key="rollout_pace_csv",
            )

    elif section == "preparing":
        # --- units still preparing --------------------------------------------------------------
        st.subheader(t("rollout.preparing.title", lang))
        st.caption(t("rollout.preparing.caption", lang))
        preparing = cache.units_preparing(f)
        if preparing.is_empty():
            st.info(t("rollout.preparing.none", lang))
        else:
            st.markdown(
                t(
                    "rollout.preparing.summary",
                    lang,
                    n=preparing.height,
                    workers=t("count.workers", lang, n=fmt.num(preparing["members_total"].sum())),
                    teams=t("count.teams", lang, n=fmt.num(preparing["teams_total"].sum())),
                )
            )
            st.caption(t("click.unit.row", lang))
            st.dataframe(
                preparing.select(
                    pl.col(name_col).alias(t("col.unit", lang)),
                    pl.col(bureau_col).alias(t("col.bureau", lang)),
                    fmt.each(preparing, "industry", lambda c: label("industry", c, lang)).alias(
                        t("col.industry", lang)
                    ),
                    fmt.each(preparing, "province", lambda c: label("province", c, lang)).alias(
                        t("col.province", lang)
                    ),
                    pl.col("workshops_total").alias(t("rollout.col.workshops", lang)),
                    pl.col("teams_total").alias(t("col.teams", lang)),
                    pl.col("members_total").alias(t("rollout.col.workers", lang)),
                    # a later launch date, where the data hold one
                    *(
                        [pl.col("launched_on").alias(t("rollout.col.launches_on", lang))]
                        if preparing["launched_on"].is_not_null().any()
                        else []
                    ),
                ),
                hide_index=True,
                placeholder="—",
                key="rollout_preparing_table",
                on_select=routing.on_row_click(
                    "rollout_preparing_table", "unit", preparing["unit_id"].to_list()
                ),
                selection_mode="single-row",
                column_config={
                    t("rollout.col.launches_on", lang): st.column_config.DateColumn(
                        format="YYYY-MM-DD"
                    )
                },
            )
