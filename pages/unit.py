"""One factory or mine: everything about it, reached by choice, by ?unit=ID or by a click."""

import polars as pl
import streamlit as st

from pages.common import cache, charts, fmt, safe, sidebar, url
from pages.common.catalog import label, t

# Dates as dates: a Date column is otherwise shown with a midnight time.
DAY = st.column_config.DateColumn(format="YYYY-MM-DD")

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters
name_col = "name_zh" if lang == "zh" else "name_en"
names = fmt.distinct_names(ctx.units["unit_id"].to_list(), ctx.units[name_col].to_list())

# --- which unit -------------------------------------------------------------------------
chosen = list(st.session_state.get("unit") or [])


def _pick() -> None:
    # The page follows the sidebar's unit filter, so the link (?unit=ID) reopens this view.
    st.session_state["unit"] = [st.session_state["unit_pick"]]


st.session_state["unit_pick"] = chosen[0] if chosen else None
st.selectbox(
    t("col.unit", lang),
    list(names),
    format_func=lambda u: names.get(u, u),
    placeholder=t("unit.choose.help", lang),
    help=t("unit.choose.help", lang),
    key="unit_pick",
    on_change=_pick,
)
if not chosen:
    st.title(t("nav.unit", lang))
    st.info(t("unit.none", lang))
    st.stop()
if len(chosen) > 1:
    st.caption(t("unit.several", lang, n=len(chosen)))
unit_id = chosen[0]

profile = cache.unit_profile(unit_id, f)
if profile.is_empty():
    st.title(t("nav.unit", lang))
    st.warning(t("unit.unknown", lang, unit=safe.md(unit_id)))
    st.stop()
u = profile.row(0, named=True)
other = "name_en" if lang == "zh" else "name_zh"

# --- header -----------------------------------------------------------------------------
st.title(safe.md(u[name_col]), anchor=False)  # a heading link would carry the name
st.caption(
    f"{safe.md(u[other])} · {safe.md(unit_id)} · "
    + t("unit.scope_note", lang, start=f"{f.start:%Y-%m-%d}", end=f"{f.end:%Y-%m-%d}")
)
facts = (
    ("col.bureau", u["bureau_zh" if lang == "zh" else "bureau_en"]),
    ("col.industry", label("industry", u["industry"], lang)),
    ("col.ownership", label("ownership", u["ownership"], lang)),
    (
        "unit.location",
        f"{u['city']}, {label('province', u['province'], lang)} "
        f"({u['latitude']:.2f}° N, {u['longitude']:.2f}° E)",
    ),
    (
        "col.launched_on",
        f"{u['launched_on']:%Y-%m-%d}" if u["launched_on"] else t("unit.preparing", lang),
    ),
)
# Long names (bureaus) do not fit a metric card; facts read as a compact list instead.
for column, (key, value) in zip(st.columns([3, 2, 2, 3, 2]), facts, strict=True):
    column.caption(t(key, lang))
    column.markdown(f"**{safe.md(value)}**")
size = st.columns(3)
size[0].metric(t("coverage.workers", lang), fmt.num(u["workers"]), border=True)
size[0].caption(t("unit.workers.caption", lang, joined=fmt.num(u["workers_joined"])))
size[1].metric(
    t("col.teams_joined", lang),
    t("unit.teams.value", lang, joined=u["teams_joined"], total=u["teams"]),
    border=True,
)
size[2].metric(t("coverage.workshops", lang), fmt.num(u["workshops"]), border=True)

# --- standing among peers ---------------------------------------------------------------
standing = cache.unit_industry_standing(unit_id, f)
mine = standing.filter(pl.col("unit_id") == unit_id).row(0, named=True)
st.subheader(
    t(
        "unit.standing",
        lang,
        n=standing.height,
        industry=label("industry", u["industry"], lang),
    )
)
st.caption(t("unit.standing.caption", lang))
cards = st.columns(4)
measures = (
    ("index_change", "unit.index_change", lambda v: fmt.signed(v, 1)),
    ("plan_fulfilment_pct", "kpi.plan_fulfilment", lambda v: fmt.num(v, 1) + "%"),
    ("defect_rate", "kpi.defect_rate", lambda v: fmt.pct(v, 2)),
    ("accident_frequency_rate", "kpi.accident_frequency", lambda v: fmt.num(v, 1)),
)
for card, (column, key, show) in zip(cards, measures, strict=True):
    value, rank = mine[column], mine[f"{column}_rank"]
    if value is None or rank is None:
        card.metric(t(key, lang), "—", help=t("unit.standing.none", lang), border=True)
        continue
    card.metric(
        t(key, lang),
        show(value),
        help=t("unit.index_change.help", lang) if column == "index_change" else None,
        border=True,
    )
    card.caption(
        t("unit.standing.value", lang, rank=rank, peers=mine[f"{column}_peers"])
        + " · "
        + t("unit.standing.percentile", lang, pct=fmt.pct(mine[f"{column}_percentile"], 0))
    )

unit_scope = cache.Filters(f.start, f.end, unit_ids=(unit_id,))
teams = cache.unit_teams(unit_id, f)
joins = teams.filter(pl.col("joined_on").is_not_null())
first_join, last_join = u["first_joined_on"], u["last_joined_on"]
events = cache.coverage_events(unit_scope, 1)

# Only the open tab runs (a tab's queries and charts cost nothing until it is opened, which
# reruns the page); the choice is kept while the investigator moves from unit to unit.
TABS = (
    "nav.rollout",
    "nav.productivity",
    "nav.quality",
    "nav.proposals",
    "events.legend",
    "tab.download",
    "nav.cost",
)
labels = [t(key, lang) for key in TABS]
# The tabs remember the open one by its label: after a language switch, the same tab's
# label in the new language (else Streamlit would fall back to the first tab).
opened = st.session_state.get("unit_tab")
if opened is not None and opened not in labels:
    same = [key for key in TABS if opened in (t(key, "en"), t(key, "zh"))]
    st.session_state["unit_tab"] = t(same[0], lang) if same else labels[0]
tabs = st.tabs(labels, key="unit_tab", on_change="rerun")

# --- rollout inside the unit ------------------------------------------------------------
if tabs[0].open:
    with tabs[0]:
        st.subheader(t("unit.timeline.title", lang))
        st.caption(t("unit.timeline.caption", lang))
        # the Rollout page's flag, at its default threshold
        rushed_threshold = cache.settings.rushed_threshold
        pace = cache.rushed_units(unit_scope, rushed_threshold).filter(pl.col("unit_id") == unit_id)
        if not pace.is_empty():
            row = pace.row(0, named=True)
            text = t(
                "unit.rushed" if row["rushed"] else "unit.gradual",
                lang,
                share=fmt.pct(row["max_7day_join_share"], 0),
                joined=row["max_teams_joined_in_7_days"],
                n=row["teams_total"],
                threshold=fmt.pct(rushed_threshold, 0),
            )
            (st.warning if row["rushed"] else st.caption)(text)
        if joins.is_empty():
            st.info(t("unit.timeline.none", lang))
        else:
            ws_col = "workshop_name_zh" if lang == "zh" else "workshop_name_en"
            team_col = "name_zh" if lang == "zh" else "name_en"
            cov = cache.coverage_by_day(unit_scope)
            traces = []
            traces.append(
                charts.scatter(
                    x=joins["joined_on"].to_list(),
                    y=joins[ws_col].to_list(),
                    mode="markers",
                    marker={"size": (joins["members"] * 1.5 + 4).to_list(), "opacity": 0.75},
                    text=[
                        f"{tm} · {m} {t('col.members', lang)}"
                        for tm, m in zip(joins[team_col], joins["members"], strict=True)
                    ],
                    hovertemplate="%{x|%Y-%m-%d} · %{y}<br>%{text}<extra></extra>",
                    showlegend=False,
                )
            )
            traces.append(
                charts.scatter(
                    x=cov["day"].to_list(),
                    y=cov["coverage_share"].to_list(),
                    mode="lines",
                    yaxis="y2",
                    name=t("coverage.workers_share", lang),
                    hovertemplate="%{x|%Y-%m-%d}: %{y:.0%}<extra></extra>",
                )
            )
            fig = charts.figure(data=traces)
            fig.update_layout(
                yaxis={"title": t("col.workshop", lang)},
                yaxis2={
                    "title": t("coverage.workers_share", lang),
                    "overlaying": "y",
                    "side": "right",
                    "tickformat": ".0%",
                    "range": [0, 1.05],
                },
            )
            charts.mark_events(fig, events, lang, y=joins[ws_col].to_list()[0])
            charts.date_axis(fig, f.start, f.end)
            st.plotly_chart(
                charts.base_layout(fig).update_layout(hovermode="closest"), key="unit_timeline"
            )
        waiting = teams.filter(pl.col("joined_on").is_null())
        if not waiting.is_empty():
            st.caption(
                t(
                    "unit.timeline.not_joined",
                    lang,
                    n=waiting.height,
                    workers=t("count.workers", lang, n=fmt.num(waiting["members"].sum())),
                )
            )

# --- productivity -----------------------------------------------------------------------
if tabs[1].open:
    with tabs[1]:
        st.subheader(t("unit.workshops.title", lang))
        weeks = cache.unit_workshop_weeks(unit_id, f)
        if weeks.is_empty():
            st.info(t("empty.no_output", lang))
        else:
            measure = url.choice(
                "unit_measure",
                t("measure", lang),
                ["productivity_index", "plan_fulfilment_pct"],
                "productivity_index",
                lambda m: t(f"unit.measure.{m}", lang),
            )
            ws_col = "workshop_name_zh" if lang == "zh" else "workshop_name_en"
            fig = charts.figure(
                data=[
                    charts.scatter(
                        x=part["week_on"].to_list(),
                        y=part[measure].to_list(),
                        mode="lines",
                        name=ws,
                        hovertemplate="%{y:.1f}",
                    )
                    for (ws,), part in weeks.group_by(ws_col, maintain_order=True)
                ]
            )
            if first_join:
                charts.mark_day(fig, first_join, t("unit.first_join", lang))
            fig.update_xaxes(title=t("grain.week", lang))
            charts.date_axis(fig, f.start, f.end)
            fig.update_yaxes(title=t(f"unit.measure.{measure}", lang))
            st.plotly_chart(charts.base_layout(fig), key="unit_workshops")

        st.subheader(t("coverage.teams", lang))
        st.caption(t("unit.teams.caption", lang))
        team_col = "name_zh" if lang == "zh" else "name_en"
        ws_col = "workshop_name_zh" if lang == "zh" else "workshop_name_en"
        table = teams.select(
            pl.col(team_col).alias(t("col.team", lang)),
            pl.col(ws_col).alias(t("col.workshop", lang)),
            pl.col("members").alias(t("col.members", lang)),
            pl.col("joined_on").alias(t("col.joined_on", lang)),
            pl.col("productivity_index").alias(t("col.productivity_index", lang)),
            pl.col("plan_fulfilment_pct").alias(t("col.plan_fulfilment", lang)),
            pl.col("team_plan_vs_factory_pct").alias(t("col.team_plan_vs_factory", lang)),
            (pl.col("team_plan_above_share") * 100).alias(t("col.team_plan_above", lang)),
            (pl.col("defect_rate") * 100).alias(t("col.defect_rate", lang)),
            pl.col("days").alias(t("data.col.days", lang)),
        )
        picked = st.dataframe(
            table,
            hide_index=True,
            placeholder="—",
            key="unit_teams",
            on_select="rerun",
            selection_mode="single-row",
            column_config={
                t("col.joined_on", lang): DAY,
                t("col.productivity_index", lang): st.column_config.NumberColumn(format="%.1f"),
                t("col.plan_fulfilment", lang): st.column_config.NumberColumn(format="%.1f"),
                t("col.team_plan_vs_factory", lang): st.column_config.NumberColumn(format="%.1f"),
                t("col.team_plan_above", lang): st.column_config.NumberColumn(format="%.0f%%"),
                t("col.defect_rate", lang): st.column_config.NumberColumn(format="%.2f"),
            },
        )
        rows = picked.selection.rows if picked else []
        if not rows:
            st.caption(t("unit.team_days.pick", lang))
        else:
            team = teams.row(rows[0], named=True)
            st.subheader(
                t("unit.team_days.title", lang, team=safe.md(team[team_col])), anchor=False
            )
            daily = cache.unit_team_days(unit_id, team["team_id"], f)
            fig = charts.figure(
                data=[
                    charts.scatter(
                        x=daily["day"].to_list(),
                        y=daily["output_qty"].to_list(),
                        mode="lines",
                        name=t("col.output_qty", lang, unit=team["output_unit"]),
                    ),
                    charts.scatter(
                        x=daily["day"].to_list(),
                        y=daily["plan_qty"].to_list(),
                        mode="lines",
                        line={"dash": "dot"},
                        name=t("col.plan_qty", lang),
                    ),
                ]
            )
            if team["joined_on"]:
                charts.mark_day(fig, team["joined_on"], t("col.joined_on", lang))
            charts.date_axis(fig, f.start, f.end)
            st.plotly_chart(charts.base_layout(fig, height=300), key="unit_team_days_chart")
            st.dataframe(
                daily.select(
                    pl.col("day").alias(t("col.day", lang)),
                    pl.col("output_qty").alias(t("col.output_qty", lang, unit=team["output_unit"])),
                    pl.col("plan_qty").alias(t("col.plan_qty", lang)),
                    pl.col("team_plan_qty").alias(t("col.team_plan_qty", lang)),
                    pl.col("worker_hours").alias(t("col.worker_hours", lang)),
                    pl.col("inspected_qty").alias(t("col.inspected_qty", lang)),
                    pl.col("rejected_qty").alias(t("col.rejected_qty", lang)),
                    pl.col("is_joined").alias(t("col.is_joined", lang)),
                ),
                hide_index=True,
                placeholder="—",
                key="unit_team_days_table",
            )

# --- quality and safety -----------------------------------------------------------------
if tabs[2].open:
    with tabs[2]:
        st.subheader(t("unit.quality.title", lang))
        st.caption(t("unit.quality.caption", lang))
        q = cache.unit_quality_weeks(unit_id, f)
        if q.is_empty():
            st.info(t("empty.no_output", lang))
        else:
            fig = charts.figure(
                data=[
                    charts.bar(
                        x=q["week_on"].to_list(),
                        y=q["injury_accidents"].to_list(),
                        name=t("col.accidents", lang),
                        marker={"color": "#e0a0a0"},
                        yaxis="y2",
                        hovertemplate="%{y}",
                    ),
                    charts.scatter(
                        x=q["week_on"].to_list(),
                        y=q["defect_rate"].to_list(),
                        mode="lines",
                        name=t("kpi.defect_rate", lang),
                        hovertemplate="%{y:.2%}",
                    ),
                ]
            )
            for day, key in ((first_join, "unit.first_join"), (last_join, "unit.last_join")):
                if day:
                    charts.mark_day(fig, day, t(key, lang))
            fig.update_layout(
                yaxis={"title": t("kpi.defect_rate", lang), "tickformat": ".1%"},
                yaxis2={
                    "title": t("col.accidents", lang),
                    "overlaying": "y",
                    "side": "right",
                    "rangemode": "tozero",
                },
            )
            charts.date_axis(fig, f.start, f.end)
            st.plotly_chart(charts.base_layout(fig), key="unit_quality")

        st.subheader(t("unit.accidents.title", lang))
        acc = cache.unit_accidents(unit_id, f)
        if acc.is_empty():
            st.info(t("unit.accidents.none", lang))
        else:
            desc = "description_zh" if lang == "zh" else "description_en"
            st.dataframe(
                acc.select(
                    pl.col("occurred_on").alias(t("col.day", lang)),
                    fmt.each(acc, "severity", lambda s: label("severity", s, lang)).alias(
                        t("col.severity", lang)
                    ),
                    pl.col("injured").alias(t("col.injured", lang)),
                    pl.col("deaths").alias(t("col.deaths", lang)),
                    pl.col("lost_days").alias(t("col.lost_days", lang)),
                    fmt.each(acc, "cause", lambda c: label("cause", c, lang)).alias(
                        t("col.cause", lang)
                    ),
                    pl.col("team_name_zh" if lang == "zh" else "team_name_en").alias(
                        t("col.team", lang)
                    ),
                    pl.col(desc).alias(t("col.description", lang)),
                ),
                hide_index=True,
                placeholder="—",
                key="unit_accidents",
                column_config={t("col.day", lang): DAY},
            )

# --- proposals --------------------------------------------------------------------------
if tabs[3].open:
    with tabs[3]:
        funnel = cache.proposal_funnel(unit_scope).row(0, named=True)
        st.subheader(t("unit.proposals.title", lang))
        if funnel["submitted_proposals"] == 0:
            st.info(t("unit.proposals.none", lang))
        else:
            steps = ("submitted", "decided", "adopted", "implemented", "rejected", "pending")
            counts = [funnel[f"{s}_proposals"] for s in steps]
            fig = charts.figure(
                charts.bar(
                    x=counts,
                    y=[t(f"proposals.kpi.{s}", lang) for s in steps],
                    orientation="h",
                    text=[fmt.num(c) for c in counts],
                    textposition="outside",
                    marker={"color": "#b22222"},
                    hovertemplate="%{y}: %{x:,}<extra></extra>",
                )
            )
            fig.update_yaxes(autorange="reversed")
            st.plotly_chart(
                charts.base_layout(fig, height=260).update_layout(hovermode="closest"),
                key="unit_proposal_funnel",
            )
            st.caption(
                t(
                    "unit.proposals.rates",
                    lang,
                    adoption=fmt.pct(funnel["adoption_rate"]),
                    adopted=fmt.num(funnel["adopted_proposals"]),
                    decided=fmt.num(funnel["decided_proposals"]),
                    implementation=fmt.pct(funnel["implementation_rate"]),
                    implemented=fmt.num(funnel["implemented_proposals"]),
                    per100=fmt.num(funnel["proposals_per_100_workers"], 1),
                )
            )
            title = "title_zh" if lang == "zh" else "title_en"
            team = "team_zh" if lang == "zh" else "team_en"
            # the Proposals page's default
            overdue_days = cache.settings.overdue_days
            late = cache.proposals_overdue(unit_scope, overdue_days)
            st.subheader(t("unit.proposals.backlog", lang, days=overdue_days, n=late.height))
            if not late.is_empty():
                st.dataframe(
                    late.select(
                        pl.col("submitted_on").alias(t("col.submitted_on", lang)),
                        pl.col("age_days").alias(t("col.age_days", lang)),
                        pl.col(team).alias(t("col.team", lang)),
                        fmt.each(late, "category", lambda c: label("category", c, lang)).alias(
                            t("col.category", lang)
                        ),
                        pl.col(title).alias(t("col.title", lang)),
                    ),
                    hide_index=True,
                    placeholder="—",
                    column_config={t("col.submitted_on", lang): DAY},
                )
            found = cache.proposals_search(unit_scope, "")
            st.subheader(t("unit.proposals.table", lang, n=fmt.num(found.height)))
            st.dataframe(
                found.select(
                    pl.col("submitted_on").alias(t("col.submitted_on", lang)),
                    pl.col(title).alias(t("col.title", lang)),
                    pl.col(team).alias(t("col.team", lang)),
                    fmt.each(found, "category", lambda c: label("category", c, lang)).alias(
                        t("col.category", lang)
                    ),
                    fmt.each(found, "status_at_end", lambda s: label("status", s, lang)).alias(
                        t("col.status", lang)
                    ),
                    pl.col("decided_on").alias(t("col.decided_on", lang)),
                    pl.col("est_saving_yuan").alias(t("col.saving", lang)),
                    pl.col("solves_key_problem").alias(t("col.key_problem", lang)),
                ),
                hide_index=True,
                placeholder="—",
                column_config={
                    t("col.submitted_on", lang): DAY,
                    t("col.decided_on", lang): DAY,
                    t("col.saving", lang): st.column_config.NumberColumn(format="%,.0f"),
                },
            )

# --- events -----------------------------------------------------------------------------
if tabs[4].open:
    with tabs[4]:
        st.subheader(t("events.legend", lang))
        if events.is_empty():
            st.info(t("empty.no_events", lang))
        else:
            title = "title_zh" if lang == "zh" else "title_en"
            st.dataframe(
                events.select(
                    pl.col("held_on").alias(t("col.day", lang)),
                    fmt.each(events, "kind", lambda k: label("event", k, lang)).alias(
                        t("col.kind", lang)
                    ),
                    pl.col(title).alias(t("col.title", lang)),
                ),
                hide_index=True,
                placeholder="—",
                key="unit_events",
                column_config={t("col.day", lang): DAY},
            )

# --- download ---------------------------------------------------------------------------
if tabs[5].open:
    with tabs[5]:
        st.caption(t("unit.download.caption", lang))
        if not cache.can(cache.RECORDS):
            st.info(t("access.records_only", lang))
        else:
            name = cache.unit_export_name(unit_id, f.start, f.end)
            # counted, not fetched: the records themselves are read when a download is clicked
            counts = cache.unit_record_counts(unit_id, f)
            st.caption(
                " · ".join(
                    t("unit.download.rows", lang, table=k, n=fmt.num(v)) for k, v in counts.items()
                )
            )
            left, right = st.columns(2)
            left.download_button(
                t("unit.download.xlsx", lang),
                data=cache.later(cache.unit_records_xlsx, unit_id, f),
                file_name=f"{name}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/table:",
                key="unit_download_xlsx",
            )
            right.download_button(
                t("unit.download.zip", lang),
                data=cache.later(cache.unit_records_zip, unit_id, f),
                file_name=f"{name}.zip",
                mime="application/zip",
                icon=":material/folder_zip:",
                key="unit_download_zip",
            )

# --- cost and staff (the economic accounting system) ------------------------------------
if tabs[6].open:
    with tabs[6]:
        st.subheader(t("unit.cost.title", lang))
        months = cache.cost_unit_months(unit_scope)
        if not cache.has_cost_data():
            st.info(t("cost.none", lang))
        elif months.is_empty():
            st.info(t("unit.cost.none", lang))
        else:
            mine_cost = cache.cost_summary(unit_scope).row(0, named=True)
            cards = st.columns(4)
            cards[0].metric(
                t("cost.kpi.cost_per_100", lang),
                fmt.num(mine_cost["cost_per_100_yuan"], 2),
                help=t("cost.kpi.cost_per_100.help", lang),
                border=True,
            )
            cards[0].caption(
                t(
                    "cost.kpi.cost_per_100.caption",
                    lang,
                    cost=fmt.num(mine_cost["cost_yuan"]),
                    output=fmt.num(mine_cost["costed_output_value_yuan"]),
                )
            )
            cards[1].metric(
                t("cost.kpi.against_plan", lang),
                fmt.pct(
                    None
                    if mine_cost["cost_against_plan_pct"] is None
                    else mine_cost["cost_against_plan_pct"] / 100
                ),
                help=t("cost.kpi.against_plan.help", lang),
                border=True,
            )
            cards[1].caption(
                t(
                    "cost.kpi.plan_saving.caption",
                    lang,
                    pct=fmt.signed(mine_cost["plan_saving_pct"], 1, "%") or "—",
                )
            )
            cards[2].metric(
                t("cost.kpi.reduction", lang),
                fmt.signed(mine_cost["cost_reduction_pct"], 1, "%") or "—",
                help=t("cost.kpi.reduction.help", lang),
                border=True,
            )
            cards[2].caption(
                t(
                    "cost.kpi.reduction.caption",
                    lang,
                    saving=fmt.num(mine_cost["cost_reduction_yuan"]),
                    n=mine_cost["baseline_months"],
                )
            )
            cards[3].metric(
                t("cost.kpi.management_share", lang),
                fmt.pct(mine_cost["management_share"]),
                help=t("cost.kpi.management_share.help", lang),
                border=True,
            )
            cards[3].caption(
                t(
                    "cost.kpi.management_share.caption",
                    lang,
                    management=fmt.num(mine_cost["management_staff"]),
                    staff=fmt.num(mine_cost["staff_total"]),
                )
            )
            month_list = months["month"].to_list()
            fig = charts.figure(
                data=[
                    charts.scatter(
                        x=month_list,
                        y=months["cost_per_100_yuan"].to_list(),
                        mode="lines+markers",
                        name=t("cost.series.actual", lang),
                        hovertemplate="%{y:.2f}<extra></extra>",
                    ),
                    charts.scatter(
                        x=month_list,
                        y=months["plan_cost_per_100_yuan"].to_list(),
                        mode="lines+markers",
                        name=t("cost.series.plan", lang),
                        line={"dash": "dash"},
                        hovertemplate="%{y:.2f}<extra></extra>",
                    ),
                ]
            )
            fig.update_yaxes(title=t("cost.axis.per_100", lang))
            fig.update_xaxes(title=t("cost.axis.month", lang))
            st.plotly_chart(charts.base_layout(fig, height=320), key="unit_cost_chart")
            st.dataframe(
                months.select(
                    pl.col("month").alias(t("cost.axis.month", lang)),
                    pl.col("cost_per_100_yuan").alias(t("cost.kpi.cost_per_100", lang)),
                    pl.col("plan_cost_per_100_yuan").alias(
                        t("explore.metric.plan_cost_per_100_yuan", lang)
                    ),
                    pl.col("cost_against_plan_pct").alias(t("cost.kpi.against_plan", lang)),
                    pl.col("cost_reduction_pct").alias(t("cost.kpi.reduction", lang)),
                    pl.col("capital_turnover_days").alias(t("cost.kpi.turnover", lang)),
                    (pl.col("management_share") * 100).alias(t("cost.kpi.management_share", lang)),
                    pl.col("mean_management_levels").alias(t("cost.kpi.levels", lang)),
                ),
                hide_index=True,
                placeholder="—",
                key="unit_cost_months",
                column_config={
                    t("cost.axis.month", lang): st.column_config.DateColumn(format="YYYY-MM"),
                    t("cost.kpi.cost_per_100", lang): st.column_config.NumberColumn(format="%.2f"),
                    t("explore.metric.plan_cost_per_100_yuan", lang): st.column_config.NumberColumn(
                        format="%.2f"
                    ),
                    t("cost.kpi.against_plan", lang): st.column_config.NumberColumn(
                        format="%.1f%%"
                    ),
                    t("cost.kpi.reduction", lang): st.column_config.NumberColumn(format="%+.1f%%"),
                    t("cost.kpi.turnover", lang): st.column_config.NumberColumn(format="%.1f"),
                    t("cost.kpi.management_share", lang): st.column_config.NumberColumn(
                        format="%.1f%%"
                    ),
                    t("cost.kpi.levels", lang): st.column_config.NumberColumn(format="%.0f"),
                },
            )
