"""Quality and safety: is quantity being bought with quality or safety?"""

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from pages.common import cache, charts, fmt, routing, selection, sidebar, tables, url
from pages.common.catalog import label, t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters
name_col = "name_zh" if lang == "zh" else "name_en"

st.title(t("nav.quality", lang))
st.caption(t("quality.caption", lang))

if ctx.scope.is_empty():
    st.info(t("empty.no_units", lang))
    st.stop()

LOG_TICKS = [0.5, 1, 5, 10, 50, 100, 500, 1000, 5000, 10_000, 50_000, 100_000]
RED, ORANGE, GREY, BLUE = "#c62828", "#ef6c00", "#78909c", "#1565c0"
PHASE_COLORS = {"before": "#90a4ae", "after": "#c62828"}
HARM_COLORS = {"fatal": "#4a148c", "serious": "#c62828", "minor": "#ef9a9a", "no_injury": "#cfd8dc"}

# --- charts with a point per unit, built once per filter, choice and language -----------
# (cache.figure): at a ministry's scale building them cost more than the rest of a run.


def point_colors(df: pl.DataFrame, m: str) -> list[str]:
    return [
        RED if worse else ORANGE if warn else GREY
        for worse, warn in zip(df[f"{m}_worse"], df[f"{m}_warning"], strict=True)
    ]


def quadrants(fig: go.Figure, kind: str, lang: str) -> None:
    corners = (
        ("more_worse" if kind == "defect" else "more_riskier", 0.99, 0.99, "right", "top"),
        ("more_better" if kind == "defect" else "more_safer", 0.99, 0.01, "right", "bottom"),
        ("less_worse" if kind == "defect" else "less_riskier", 0.01, 0.99, "left", "top"),
        ("less_better" if kind == "defect" else "less_safer", 0.01, 0.01, "left", "bottom"),
    )
    charts.add_marks(
        fig,
        shapes=[
            charts.hline(0, {"color": "#555", "width": 1}),
            charts.vline(0, {"color": "#555", "width": 1}),
        ],
        annotations=[
            {
                "text": t(f"quality.quadrant.{key}", lang),
                "xref": "paper",
                "yref": "paper",
                "x": x,
                "y": y,
                "xanchor": xa,
                "yanchor": ya,
                "showarrow": False,
                "font": {
                    "size": 12,
                    "color": RED if "worse" in key or "riskier" in key else BLUE,
                },
            }
            for key, x, y, xa, ya in corners
        ],
    )


@cache.figure
def tradeoff_figure(f: cache.Filters, days: int, kind: str, lang: str) -> go.Figure | None:
    """Each compared unit's change in productivity index against its change in the defect
    rate or accident frequency, flagged units coloured; None when no unit has a rate."""
    df = cache.tradeoff_points(cache.quality_before_after(f, days), kind)
    name_col = "name_zh" if lang == "zh" else "name_en"
    if kind == "defect":
        y = (df["defect_rate_change"] * 100).to_list()
        small = df.select(cache.any_small("after_defect_rate", "before_defect_rate"))
        hover = [
            t("quality.hover.tradeoff_defect", lang, ib=ib, ia=ia, db=b, da=a)
            for ib, ia, b, a in zip(
                df["before_productivity_index"],
                df["after_productivity_index"],
                df["before_defect_rate"],
                df["after_defect_rate"],
                strict=True,
            )
        ]
        y_title = t("quality.axis.defect_change", lang)
    else:
        y = df["accident_frequency_rate_change"].to_list()
        small = df.select(
            cache.any_small("after_accident_frequency_rate", "before_accident_frequency_rate")
        )
        hover = [
            t("quality.hover.tradeoff_accident", lang, ib=ib, ia=ia, cb=b, n=a)
            for ib, ia, b, a in zip(
                df["before_productivity_index"],
                df["after_productivity_index"],
                df["before_injury_accidents"],
                df["after_injury_accidents"],
                strict=True,
            )
        ]
        y_title = t("quality.axis.afr_change", lang)
    if df.is_empty():
        return None
    names = df[name_col].to_list()
    points = charts.marker_groups(
        x=df["productivity_index_change"].to_list(),
        y=y,
        customdata=list(
            zip(
                df["unit_id"].to_list(),
                [f"<b>{n}</b><br>{h}" for n, h in zip(names, hover, strict=True)],
                strict=True,
            )
        ),
        colors=point_colors(df, kind),
        symbols=["circle-open" if s else "circle" for s in small.to_series()],
        marker={"size": 11},
        outline=2,
        hovertemplate="%{customdata[1]}<extra></extra>",
    )
    fig = charts.figure(data=points)
    quadrants(fig, kind, lang)
    # Symmetric axes put the origin in the middle, so each named corner is its quadrant.
    x_reach = max((abs(v) for v in df["productivity_index_change"] if v is not None), default=1)
    y_reach = max((abs(v) for v in y if v is not None), default=1)
    charts.base_layout(fig, height=420)
    fig.update_layout(
        hovermode="closest",
        margin={"t": 20},
        xaxis={
            "range": [-x_reach * 1.15, x_reach * 1.15],
            "title": {"text": t("quality.axis.index_change", lang)},
            "zeroline": False,
        },
        yaxis={
            "range": [-y_reach * 1.15, y_reach * 1.15],
            "title": {"text": y_title},
            "zeroline": False,
        },
    )
    return fig


@cache.figure
def funnel_figure(f: cache.Filters, days: int, kind: str, lang: str) -> go.Figure | None:
    """Each compared unit's observed/expected ratio against its expected count, inside the
    funnel of 95% and 99.8% control limits; None when there is nothing to plot."""
    lines = cache.quality_funnel_lines(f, days)
    name_col = "name_zh" if lang == "zh" else "name_en"
    pts = cache.funnel_points(cache.quality_before_after(f, days), kind)
    own = lines.filter(pl.col("metric") == kind)
    if pts.is_empty() or own.is_empty():
        return None
    traces = []
    for name, dash, legend in (
        ("upper_998", "solid", "quality.funnel.limit_998"),
        ("lower_998", "solid", None),
        ("upper_95", "dash", "quality.funnel.limit_95"),
        ("lower_95", "dash", None),
    ):
        line = own.filter(pl.col("limit") == name)
        traces.append(
            charts.scatter(
                x=charts.arr(line["expected"]),
                y=charts.arr(line["ratio"]),
                mode="lines",
                line={"color": "#546e7a", "width": 1, "dash": dash},
                name=t(legend, lang) if legend else None,
                showlegend=legend is not None,
                legendgroup=name[-3:],
                hoverinfo="skip",
            )
        )
    traces.append(
        charts.scatter(
            x=charts.arr(pts[f"{kind}_expected"]),
            y=charts.arr(pts[f"{kind}_limit_ratio_998"]),
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 14, "color": "#263238"},
            name=t("quality.funnel.own_limit", lang),
            hoverinfo="skip",
        )
    )
    hover = [
        f"<b>{n}</b><br>" + t("quality.hover.funnel", lang, observed=o, expected=e, limit=u)
        for n, o, e, u in zip(
            pts[name_col],
            pts[f"{kind}_observed"],
            pts[f"{kind}_expected"],
            pts[f"{kind}_upper_998"],
            strict=True,
        )
    ]
    traces += charts.marker_groups(
        x=pts[f"{kind}_expected"].to_list(),
        y=pts[f"{kind}_ratio"].to_list(),
        customdata=list(zip(pts["unit_id"].to_list(), hover, strict=True)),
        colors=point_colors(pts, kind),
        marker={"size": 10},
        hovertemplate="%{customdata[1]}<extra></extra>",
    )
    fig = charts.figure(data=traces)
    charts.add_marks(fig, shapes=[charts.hline(1, {"color": "#555", "width": 1})])
    ticks = [v for v in LOG_TICKS if v <= pts[f"{kind}_expected"].max() * 2]
    fig.update_xaxes(
        type="log",
        title=t("quality.funnel.x", lang),
        tickvals=ticks,
        ticktext=[fmt.num(v, 1 if v < 1 else 0) for v in ticks],
    )
    fig.update_yaxes(title=t("quality.funnel.y", lang), rangemode="tozero")
    charts.base_layout(fig, height=420)
    fig.update_layout(hovermode="closest")
    return fig


one = st.column_config.NumberColumn(format="%.1f")
two = st.column_config.NumberColumn(format="%.2f")
whole = st.column_config.NumberColumn(format="%,.0f")
day = st.column_config.DateColumn(format="YYYY-MM-DD")


def days_choice() -> int:
    """The days before and after joining that three sections compare."""
    return int(
        url.choice(
            "q_days",
            t("quality.ba.days", lang),
            ["30", "60", "90"],
            str(cache.settings.window_days),
            lambda d: t("count.days", lang, n=d),
        )
    )


# One section at a time: the page held seven charts, which took the browser seconds to draw.
SECTIONS = ["time", "joining", "limits", "rushed", "accidents"]
section, tab = url.tabs("q_view", SECTIONS, "time", lambda v: t(f"quality.view.{v}", lang))
with tab:
    if section == "time":
        # --- over time ----------------------------------------------------------------------------
        st.subheader(t("quality.time.title", lang))
        c1, c2, c3 = st.columns([3, 1.2, 2.4])
        with c1:
            metric = url.choice(
                "q_metric",
                t("measure", lang),
                ["defect_rate", "accident_frequency_rate", "severity_rate", "deaths"],
                "defect_rate",
                lambda m: t(f"quality.metric.{m}", lang),
            )
        with c2:
            grain = url.choice(
                "q_grain",
                t("grain", lang),
                ["week", "month"],
                "month",
                lambda g: t(f"grain.{g}", lang),
            )
        with c3:
            by = url.choice(
                "q_by",
                t("split.by", lang),
                ["all", "bureau", "industry", "unit"],
                "all",
                lambda b: t(f"quality.by.{b}", lang),
            )

        series = cache.quality_over_time(f, grain, by)
        num_col, den_col = cache.measure_counts(metric)
        if series.is_empty():
            st.info(t("empty.no_output", lang))
        elif metric == "defect_rate" and series["inspected_value_yuan"].sum() == 0:
            st.info(t("quality.no_inspection", lang))
        else:
            st.caption(t("quality.time.caption", lang, grain=t(f"grain.{grain}", lang).lower()))
            groups_total = series["groups_in_scope"][0]
            shown_groups = series["group_id"].unique(maintain_order=True).to_list()
            if groups_total > len(shown_groups):
                key = "quality.time.top" if by == "unit" else "quality.time.top_groups"
                st.caption(t(key, lang, shown=len(shown_groups), total=groups_total))

            def group_name(row: dict) -> str:
                if by == "all":
                    return t("quality.all_scope", lang)
                if by == "industry":
                    return label("industry", row["group_id"], lang)
                return row["group_zh"] if lang == "zh" else row["group_en"]

            scale = 100 if metric == "defect_rate" else 1
            lines = []
            for gid in shown_groups:
                g = series.filter(pl.col("group_id") == gid)
                hover = [
                    t(f"quality.hover.{metric}", lang, n=n, den=d)
                    for n, d in zip(g[num_col].to_list(), g[den_col].to_list(), strict=True)
                ]
                y = g[metric] * scale if metric != "deaths" else g["deaths"]
                lines.append(
                    charts.scatter(
                        x=charts.arr(g["period_start"]),
                        y=charts.arr(y),
                        mode="lines+markers",
                        name=group_name(g.row(0, named=True)),
                        customdata=charts.arr(
                            list(zip(g["group_id"].to_list(), hover, strict=True))
                        ),
                        hovertemplate="%{y:,.2f} · %{customdata[1]}",
                    )
                )
            fig = charts.figure(data=lines)
            top = (series[metric] * scale).max() if metric != "deaths" else series["deaths"].max()
            events = cache.coverage_events(f, ctx.scope.height)
            charts.mark_events(fig, events, lang, y=float(top or 1) * 1.08)
            axis = t(f"quality.axis.{metric}", lang)
            fig.update_yaxes(
                title=axis + (" %" if metric == "defect_rate" else ""),
                rangemode="tozero",
                showgrid=True,
            )
            fig.update_xaxes(title=t("col.day", lang))
            charts.base_layout(fig, height=400)
            # a click on a unit's line opens the unit; on a bureau's or industry's, narrows to it
            click_kind = selection.kind_of_split(by)
            routing.chart(
                fig if click_kind is None else charts.clickable_lines(fig),
                "quality_time_chart",
                click_kind,
                click_kind and t(f"click.{click_kind}.point", lang),
            )

    elif section == "joining":
        # --- before and after joining
        st.subheader(t("quality.ba.title", lang))
        days = days_choice()
        st.caption(t("quality.ba.caption", lang, days=days))
        ba = cache.quality_before_after(f, days)
        compared = ba.filter("comparable")
        left_out = ctx.scope.height - compared.height
        if left_out:
            st.caption(
                t(
                    "quality.ba.left_out",
                    lang,
                    n=left_out,
                    total=t("count.units", lang, n=ctx.scope.height),
                )
            )
        if compared.is_empty():
            st.info(t("quality.ba.none", lang))

        # The sections that compare units need units to compare.
        if not compared.is_empty():

            def beyond_limits(r: dict) -> str:
                """Which rates rose beyond which limit, in words."""
                parts = []
                for m in ("defect", "accident"):
                    if r[f"{m}_worse"]:
                        parts.append(t(f"quality.flag.{m}", lang, level="99.8%"))
                    elif r[f"{m}_warning"]:
                        parts.append(t(f"quality.flag.{m}", lang, level="95%"))
                return t("quality.reason.sep", lang).join(parts)

            ordered = compared.sort("productivity_index_change", descending=True, nulls_last=True)
            ba_table = ordered.select(
                pl.col(name_col).alias(t("col.unit", lang)),
                pl.col("first_joined_on").alias(t("col.first_joined_on", lang)),
                pl.col("last_joined_on").alias(t("col.q.last_joined", lang)),
                pl.col("before_days_in_period").alias(t("col.q.before_days", lang)),
                pl.col("after_days_in_period").alias(t("col.q.after_days", lang)),
                pl.col("before_productivity_index").alias(t("col.q.index_before", lang)),
                pl.col("after_productivity_index").alias(t("col.q.index_after", lang)),
                pl.col("productivity_index_change").alias(t("col.q.index_change", lang)),
                (pl.col("before_defect_rate") * 100).alias(t("col.q.defect_before", lang)),
                (pl.col("after_defect_rate") * 100).alias(t("col.q.defect_after", lang)),
                (pl.col("defect_rate_change") * 100).alias(t("col.q.defect_change", lang)),
                pl.col("after_inspected_value_yuan").alias(t("col.q.inspected_after", lang)),
                pl.col("before_injury_accidents").alias(t("col.q.accidents_before", lang)),
                pl.col("after_injury_accidents").alias(t("quality.funnel.accidents", lang)),
                pl.col("before_accident_frequency_rate").alias(t("col.q.afr_before", lang)),
                pl.col("after_accident_frequency_rate").alias(t("col.q.afr_after", lang)),
                pl.col("after_worker_hours").alias(t("col.q.hours_after", lang)),
                pl.Series(
                    t("col.q.flag", lang),
                    [beyond_limits(r) for r in ordered.iter_rows(named=True)],
                    dtype=pl.String,
                ),
                fmt.small_mark(
                    "after_accident_frequency_rate",
                    "before_accident_frequency_rate",
                    "after_defect_rate",
                    "before_defect_rate",
                ).alias(t("col.small", lang)),
            )
            st.caption(t("click.unit.row", lang))
            st.dataframe(
                ba_table,
                hide_index=True,
                placeholder="—",
                key="quality_ba_table",
                on_select=routing.on_row_click(
                    "quality_ba_table", "unit", ordered["unit_id"].to_list()
                ),
                selection_mode="single-row",
                column_config={
                    t("col.first_joined_on", lang): day,
                    t("col.q.last_joined", lang): day,
                    t("col.q.index_before", lang): one,
                    t("col.q.index_after", lang): one,
                    t("col.q.index_change", lang): st.column_config.NumberColumn(format="%+.1f"),
                    t("col.q.defect_before", lang): two,
                    t("col.q.defect_after", lang): two,
                    t("col.q.defect_change", lang): st.column_config.NumberColumn(format="%+.2f"),
                    t("col.q.inspected_after", lang): whole,
                    t("col.q.afr_before", lang): one,
                    t("col.q.afr_after", lang): one,
                    t("col.q.hours_after", lang): whole,
                },
            )
            st.caption(t("small.note", lang))

            # --- the tradeoff ---------------------------------------------------------------------
            st.subheader(t("quality.tradeoff.title", lang))
            st.caption(t("quality.tradeoff.caption", lang))

            def tradeoff_chart(kind: str) -> None:
                fig = tradeoff_figure(f, days, kind, lang)
                if fig is None:
                    st.info(t("quality.no_defects", lang))
                else:
                    routing.chart(fig, f"quality_tradeoff_{kind}", "unit")

            left, right = st.columns(2)
            with left:
                st.markdown(f"**{t('kpi.defect_rate', lang)}**")
                tradeoff_chart("defect")
            with right:
                st.markdown(f"**{t('kpi.accident_frequency', lang)}**")
                tradeoff_chart("accident")

    elif section == "limits":
        days = days_choice()
        compared = cache.quality_before_after(f, days).filter("comparable")
        if compared.is_empty():
            st.info(t("quality.ba.none", lang))
        else:
            # --- control limits -------------------------------------------------------------------
            st.subheader(t("quality.funnel.title", lang))
            st.caption(t("quality.funnel.caption", lang))
            st.caption(t("click.unit.dot", lang))

            def funnel_chart(kind: str) -> None:
                fig = funnel_figure(f, days, kind, lang)
                if fig is None:
                    st.info(
                        t("quality.no_defects", lang)
                        if kind == "defect"
                        else t("empty.no_output", lang)
                    )
                else:
                    routing.chart(fig, f"quality_funnel_{kind}", "unit")

            left, right = st.columns(2)
            with left:
                st.markdown(f"**{t('quality.funnel.defects', lang)}**")
                funnel_chart("defect")
            with right:
                st.markdown(f"**{t('quality.funnel.accidents', lang)}**")
                funnel_chart("accident")

            # --- flagged units --------------------------------------------------------------------
            st.subheader(t("quality.flagged.title", lang))
            flagged = cache.quality_flagged(f, days)
            if flagged.is_empty():
                st.success(t("quality.flagged.none", lang))
            else:
                st.caption(t("quality.flagged.caption", lang))
                sep = t("quality.reason.sep", lang)

                def reason(r: dict) -> str:
                    parts = [
                        t(
                            "quality.reason.index",
                            lang,
                            before=r["before_productivity_index"],
                            after=r["after_productivity_index"],
                        )
                    ]
                    if r["accident_worse"]:
                        parts.append(
                            t(
                                "quality.reason.accidents",
                                lang,
                                n=r["after_injury_accidents"],
                                expected=r["accident_expected"],
                                limit=r["accident_upper_998"],
                            )
                        )
                    if r["defect_worse"]:
                        parts.append(
                            t(
                                "quality.reason.defects",
                                lang,
                                before=r["before_defect_rate"],
                                after=r["after_defect_rate"],
                                limit=r["defect_rate_limit_998"],
                                rejected=r["after_rejected_value_yuan"],
                                inspected=r["after_inspected_value_yuan"],
                            )
                        )
                    return sep.join(parts)

                if flagged.height <= tables.CARDS_LIMIT:
                    for r in flagged.iter_rows(named=True):
                        with st.container(border=True, key=f"flagged_{r['unit_id']}"):
                            text, link = st.columns([5, 1], vertical_alignment="center")
                            text.markdown(f"**{r[name_col]}** — {reason(r)}")
                            link.button(
                                t("quality.flagged.open", lang),
                                key=f"open_{r['unit_id']}",
                                on_click=routing.follow,
                                args=(selection.target_for("unit", [r["unit_id"]]),),
                                icon=":material/arrow_forward:",
                            )
                else:
                    # a ministry can have a hundred: a card each would be a page of its own
                    st.caption(t("click.unit.row", lang))
                    tables.long_table(
                        pl.DataFrame(
                            {
                                t("col.unit", lang): flagged[name_col].to_list(),
                                t("quality.flagged.why", lang): [
                                    reason(r) for r in flagged.iter_rows(named=True)
                                ],
                            }
                        ),
                        lang,
                        key="quality_flagged_table",
                        file_name=f"flagged_units_{f.start:%Y-%m-%d}_{f.end:%Y-%m-%d}",
                        hide_index=True,
                        on_select=routing.on_row_click(
                            "quality_flagged_table",
                            "unit",
                            flagged["unit_id"].head(tables.ROW_LIMIT).to_list(),
                        ),
                        selection_mode="single-row",
                        column_config={
                            t("quality.flagged.why", lang): st.column_config.TextColumn(
                                width="large"
                            )
                        },
                    )

    elif section == "rushed":
        # --- rushed against gradual ---------------------------------------------------------------
        st.subheader(t("quality.rushed.title", lang))
        days = days_choice()
        threshold = (
            int(
                url.choice(
                    "q_rush",
                    t("quality.rushed.threshold", lang),
                    ["50", "60", "70", "80", "90"],
                    str(round(cache.settings.rushed_threshold * 100)),
                    lambda v: f"{v}%",
                )
            )
            / 100
        )
        st.caption(t("quality.rushed.caption", lang, threshold=fmt.pct(threshold, 0)))
        groups = cache.quality_rushed_vs_gradual(f, threshold, days)
        if groups.filter(pl.col("rollout") == "rushed").is_empty():
            st.info(t("quality.rushed.none", lang))
        else:
            rushed = cache.rushed_units(f, threshold).filter("rushed")
            st.caption(
                t(
                    "quality.rushed.units",
                    lang,
                    names=fmt.named_list(rushed[name_col].to_list(), lang),
                )
            )
            # Two panels side by side, laid out as plotly.subplots.make_subplots would (a validated
            # figure of its own, 45 ms a run at 10M); each panel's title sits above its axis.
            titles = (
                t("kpi.defect_rate", lang) + " %",
                t("quality.axis.accident_frequency_rate", lang),
            )
            panels = {
                "xaxis": {"anchor": "y", "domain": [0.0, 0.44]},
                "yaxis": {"anchor": "x", "domain": [0.0, 1.0], "rangemode": "tozero"},
                "xaxis2": {"anchor": "y2", "domain": [0.56, 1.0]},
                "yaxis2": {"anchor": "x2", "domain": [0.0, 1.0], "rangemode": "tozero"},
                "annotations": [
                    {
                        "text": title,
                        "x": x,
                        "y": 1.0,
                        "xref": "paper",
                        "yref": "paper",
                        "xanchor": "center",
                        "yanchor": "bottom",
                        "showarrow": False,
                        "font": {"size": 16},
                    }
                    for title, x in zip(titles, (0.22, 0.78), strict=True)
                ],
            }
            bars = []
            for phase in ("before", "after"):
                g = groups.filter(pl.col("phase") == phase)
                x = [t(f"quality.rollout.{r}", lang) for r in g["rollout"]]
                defect_hover, accident_hover = (
                    [
                        t(f"quality.hover.{m}", lang, n=n, den=d)
                        for n, d in g.select(cache.measure_counts(m)).iter_rows()
                    ]
                    for m in ("defect_rate", "accident_frequency_rate")
                )
                common = {
                    "name": t(f"quality.phase.{phase}", lang),
                    "marker": {"color": PHASE_COLORS[phase]},
                    "legendgroup": phase,
                    "textposition": "outside",
                }
                bars.append(
                    charts.bar(
                        x=x,
                        y=(g["defect_rate"] * 100).to_list(),
                        text=[
                            fmt.num(v * 100, 2) if v is not None else "" for v in g["defect_rate"]
                        ],
                        customdata=defect_hover,
                        hovertemplate="%{x}: %{y:.2f}% · %{customdata}<extra></extra>",
                        **common,
                    )
                )
                bars.append(
                    charts.bar(
                        x=x,
                        y=g["accident_frequency_rate"].to_list(),
                        text=[fmt.num(v, 1) for v in g["accident_frequency_rate"]],
                        customdata=accident_hover,
                        hovertemplate="%{x}: %{y:.1f} · %{customdata}<extra></extra>",
                        showlegend=False,
                        xaxis="x2",
                        yaxis="y2",
                        **common,
                    )
                )
            fig = charts.figure(data=bars, layout=panels)
            charts.base_layout(fig, height=400)
            fig.update_layout(
                barmode="group", hovermode="closest", margin={"t": 90}, legend={"y": 1.18}
            )
            st.plotly_chart(fig, key="quality_rushed_chart")
            rushed_table = groups.select(
                pl.col("rollout")
                .replace_strict({r: t(f"quality.rollout.{r}", lang) for r in ("rushed", "gradual")})
                .alias(t("col.q.rollout", lang)),
                pl.col("phase")
                .replace_strict({p: t(f"quality.phase.{p}", lang) for p in ("before", "after")})
                .alias(t("quality.ba.days", lang)),
                pl.col("units").alias(t("col.units", lang)),
                pl.col("productivity_index").alias(t("col.productivity_index", lang)),
                (pl.col("defect_rate") * 100).alias(t("col.defect_rate", lang)),
                pl.col("rejected_value_yuan").alias(t("col.q.rejected", lang)),
                pl.col("inspected_value_yuan").alias(t("col.inspected", lang)),
                pl.col("accident_frequency_rate").alias(t("col.accident_frequency", lang)),
                pl.col("injury_accidents").alias(t("col.accidents", lang)),
                pl.col("worker_hours").alias(t("col.worker_hours", lang)),
            )
            st.dataframe(
                rushed_table,
                hide_index=True,
                placeholder="—",
                key="quality_rushed_table",
                column_config={
                    t("col.productivity_index", lang): one,
                    t("col.defect_rate", lang): two,
                    t("col.q.rejected", lang): whole,
                    t("col.inspected", lang): whole,
                    t("col.accident_frequency", lang): one,
                    t("col.worker_hours", lang): whole,
                },
            )

    elif section == "accidents":
        # --- accidents by severity and cause ------------------------------------------------------
        st.subheader(t("quality.accidents.title", lang))
        st.caption(t("quality.accidents.caption", lang))
        causes = cache.accidents_by_cause(f)
        if causes.is_empty():
            st.info(t("quality.accidents.none", lang))
            st.stop()

        def harm_label(code: str) -> str:
            return label("harm" if code == "no_injury" else "severity", code, lang)

        order = cache.cause_order(causes)
        stacks = []
        for harm in ("fatal", "serious", "minor", "no_injury"):
            h = causes.filter(pl.col("harm") == harm)
            if h.is_empty():
                continue
            stacks.append(
                charts.bar(
                    y=[label("cause", c, lang) for c in h["cause"]],
                    x=h["accidents"].to_list(),
                    orientation="h",
                    name=harm_label(harm),
                    marker={"color": HARM_COLORS[harm]},
                    hovertemplate="%{y}: %{x}<extra>" + harm_label(harm) + "</extra>",
                )
            )
        bar = charts.figure(data=stacks)
        bar.update_layout(barmode="stack", legend={"traceorder": "normal"})
        bar.update_yaxes(
            categoryorder="array", categoryarray=[label("cause", c, lang) for c in order]
        )
        bar.update_xaxes(title=t("quality.accidents.axis", lang))
        charts.base_layout(bar, height=max(260, 34 * len(order) + 110))
        bar.update_layout(hovermode="closest")
        st.plotly_chart(bar, key="quality_causes_chart")

        st.markdown(f"**{t('quality.accidents.table', lang)}**")
        acc = cache.accidents_in_scope(f)
        st.caption(
            t(
                "quality.accidents.count",
                lang,
                n=fmt.num(acc.height),
                injured=fmt.num(acc["injured"].sum()),
                deaths=fmt.num(acc["deaths"].sum()),
                lost=t("count.days_lost", lang, n=fmt.num(acc["lost_days"].sum())),
            )
        )
        suffix = "zh" if lang == "zh" else "en"
        accident_table = acc.select(
            pl.col("occurred_on").alias(t("col.day", lang)),
            pl.col(f"unit_{suffix}").alias(t("col.unit", lang)),
            pl.col(f"description_{suffix}").alias(t("col.description", lang)),
            fmt.each(acc, "harm", harm_label).alias(t("col.severity", lang)),
            pl.col("cause")
            .replace_strict(
                {c: label("cause", c, lang) for c in acc["cause"].unique()}, default=None
            )
            .alias(t("col.cause", lang)),
            pl.col("injured").alias(t("col.injured", lang)),
            pl.col("deaths").alias(t("col.deaths", lang)),
            pl.col("lost_days").alias(t("col.lost_days", lang)),
        )
        st.caption(t("click.unit.row", lang))
        tables.long_table(
            accident_table,
            lang,
            key="quality_accidents_table",
            file_name=f"accidents_{f.start:%Y-%m-%d}_{f.end:%Y-%m-%d}",
            hide_index=True,
            on_select=routing.on_row_click(
                "quality_accidents_table", "unit", acc["unit_id"].head(tables.ROW_LIMIT).to_list()
            ),
            selection_mode="single-row",
            column_config={
                t("col.day", lang): day,
                t("col.description", lang): st.column_config.TextColumn(width="large"),
            },
        )
