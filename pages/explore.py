"""Explore: ad-hoc questions, by picking a table, filters, groups and measures, or in SQL."""

import math
from datetime import date, timedelta
from io import BytesIO

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from pages.common import cache, charts, fmt, routing, safe, sidebar, url
from pages.common.cache import explore, sandbox
from pages.common.catalog import STRINGS, label, t

ctx = sidebar.context()
lang, f = ctx.lang, ctx.filters

st.title(t("nav.explore", lang))
st.caption(t("explore.caption", lang))

# Category codes shown in words, by the catalog kind that translates them.
CODE_KINDS = {
    "industry": "industry",
    "ownership": "ownership",
    "province": "province",
    "severity": "severity",
    "status": "status",
    "kind": "event",
    "cause": "cause",
    "category": "category",
}
# A first view worth looking at for each source; any choice replaces it.
DEFAULT_GROUPS = {
    "output_detail": ("industry",),
    "units": ("industry",),
    "workshops": ("unit_id",),
    "teams": ("output_unit",),
    "daily_output": ("output_unit",),
    "accidents": ("cause",),
    "proposals": ("status",),
    "events": ("kind",),
}
DEFAULT_MEASURES = {
    "output_detail": ("metric:plan_fulfilment_pct", "metric:productivity_index"),
    "teams": ("sum:members",),
    "daily_output": ("sum:output_qty", "sum:worker_hours"),
    "accidents": ("sum:injured", "sum:deaths"),
    "proposals": ("sum:est_saving_yuan",),
}
BUILDER_KEYS = ("x_group", "x_measures", "x_filters", "x_chart", "x_grain")
FILTER_PREFIXES = ("x_range_", "x_in_", "x_has_")
CHART_BARS = 40
CHART_SERIES = 10
GROUPED_BAR_SERIES = 4
HEATMAP_SIDE = 40
AROUND_100 = ("plan_fulfilment_pct", "productivity_index")
GOOD, BAD = "#2e7d32", "#c62828"

name_col, bureau_col = ("name_zh", "bureau_zh") if lang == "zh" else ("name_en", "bureau_en")
unit_names = fmt.distinct_names(ctx.units["unit_id"].to_list(), ctx.units[name_col].to_list())
bureau_names = dict(zip(ctx.units["bureau_en"], ctx.units[bureau_col], strict=True))


def col_label(name: str) -> str:
    key = f"explore.col.{name}"
    return t(key, lang) if key in STRINGS else name


def value_label(column: str, value) -> str:
    """A value as the reader should see it: words for codes, names for ids."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return t(f"explore.bool.{str(value).lower()}", lang)
    if column in CODE_KINDS:
        return label(CODE_KINDS[column], value, lang)
    if column == "unit_id":
        return unit_names.get(value, value)
    if column == "bureau_en":
        return bureau_names.get(value, value)
    return str(value)


def metric_label(name: str) -> str:
    key = f"explore.metric.{name}"
    return t(key, lang) if key in STRINGS else name


def measure_label(code: str, cols: dict[str, str]) -> str:
    m = explore.parse_measure(code, cols)
    if m.metric:
        return metric_label(m.metric.name)
    return t(f"explore.agg.{m.kind}", lang, column=col_label(m.column))


def downloads(frame: pl.DataFrame, name: str, key: str) -> None:
    parquet = BytesIO()
    frame.write_parquet(parquet)
    row = st.container(horizontal=True)
    row.download_button(
        t("download.csv", lang),
        cache.export.to_csv(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        t("explore.download.parquet", lang),
        parquet.getvalue(),
        file_name=f"{name}.parquet",
        mime="application/vnd.apache.parquet",
        key=f"{key}_parquet",
        on_click="ignore",
        icon=":material/download:",
    )


# --- filters -----------------------------------------------------------------------------


def _nice_step(low: float, high: float) -> float:
    return 10 ** math.floor(math.log10((high - low) / 200)) if high > low else 1.0


def range_filter(column: str, kind: str, prof: explore.Profile) -> explore.Filter | None:
    key = f"x_range_{column}"
    low, high = prof.low, prof.high
    if low is None:
        st.caption(t("explore.filter.no_values", lang, column=col_label(column)))
        return None
    if low == high:
        st.caption(t("explore.filter.only_value", lang, column=col_label(column), value=low))
        return None
    if kind == explore.DATE:
        step, parse, shown = timedelta(days=1), date.fromisoformat, "YYYY-MM-DD"
    elif kind == explore.INT:
        step, parse, shown = 1, lambda v: int(float(v)), None
    else:
        step = _nice_step(low, high)
        digits = max(0, -int(math.log10(step)))
        low = round(math.floor(low / step) * step, digits)
        high = round(math.ceil(high / step) * step, digits)
        step, parse, shown = step, float, f"%.{digits}f"
    picked = url.range_slider(key, col_label(column), low, high, parse, step=step, format=shown)
    return None if picked is None else explore.Filter(column, "between", picked)


def values_filter(column: str, kind: str, prof: explore.Profile) -> explore.Filter | None:
    if kind == explore.TEXT and prof.values is None:
        key = f"x_has_{column}"
        text = url.text(key, t("explore.filter.contains", lang, column=col_label(column))).strip()
        return explore.Filter(column, "contains", (text,)) if text else None
    if kind == explore.BOOL:
        options, to_value = ["true", "false"], {"true": True, "false": False}
    else:
        options = [str(v) for v in prof.values or ()]
        to_value = {v: v for v in options}
    chosen = url.multi(
        f"x_in_{column}",
        col_label(column),
        options,
        lambda v: value_label(column, to_value.get(v, v)),
        placeholder=t("filters.all", lang),
    )
    return explore.Filter(column, "in", tuple(to_value[v] for v in chosen)) if chosen else None


# --- chart -------------------------------------------------------------------------------


def top_by_rows(res: pl.DataFrame, column: str, n: int) -> list:
    return charts.top_values(res, column, explore.ROWS, n)


def value_text(v, y: str, whole: bool) -> str:
    if v is None:
        return ""
    if cache.is_share(y):
        return fmt.pct(v, 2)
    if whole or abs(v) >= 1000:
        return fmt.num(v)
    return fmt.num(v, 1 if abs(v) >= 10 else 2)


# A chart grouped by one of these columns stands for things the dashboard can open or
# narrow to: a click on a bar opens the unit, or filters to the bureau or industry.
CLICK_KIND = {"unit_id": "unit", "bureau_en": "bureau", "industry": "industry"}


def bars(
    values: list,
    labels: list,
    y: str,
    whole: bool,
    name: str | None = None,
    ids: list | None = None,
) -> go.Bar:
    """Horizontal bars; a measure whose 100 means "as planned" or "as before the campaign"
    grows from 100, so that above and below read at a glance (as on the Overview). Values
    are written beside the bars of a single series only: in groups they would crowd. With
    ids, each bar carries its own (customdata [id, text]) for a click to read."""
    around = y in AROUND_100
    shown_values = [None if v is None else v - 100 for v in values] if around else values
    colors = [GOOD if (v or 0) >= 0 else BAD for v in shown_values] if around and not name else None
    texts = [value_text(v, y, whole) for v in values]
    return charts.bar(
        x=shown_values,
        y=labels,
        base=100 if around else None,
        orientation="h",
        name=name,
        marker={"color": colors} if colors else None,
        customdata=texts if ids is None else [[i, x] for i, x in zip(ids, texts, strict=True)],
        text=None if name else texts,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{customdata" + ("" if ids is None else "[1]") + "}<extra></extra>",
    )


def draw_chart(res: pl.DataFrame, groups: list[str], cols: dict[str, str], y: str, y_label: str):
    if not groups:
        st.caption(t("explore.chart.none", lang))
        return
    if res[y].null_count() == res.height:
        st.info(t("explore.chart.no_values", lang, measure=y_label))
        return
    whole = res.schema[y].is_integer()
    shown = res.with_columns(
        fmt.each(res, g, lambda v, g=g: value_label(g, v)).alias(f"{g}__label")
        for g in groups
        if cols[g] != explore.DATE
    )
    dates = [g for g in groups if cols[g] == explore.DATE]
    others = [g for g in groups if cols[g] != explore.DATE]
    fig = charts.figure()
    note = None
    height = 420
    click_kind = None
    if dates:
        x = dates[0]
        # the other group, a date too perhaps (day by joined_on), draws one line per value
        rest = [g for g in groups if g != x]
        if rest:
            series_col = rest[0]
            keep = top_by_rows(shown, series_col, CHART_SERIES)
            if len(keep) < shown[series_col].n_unique():
                note = (len(keep), shown[series_col].n_unique())
            for value in keep:
                part = shown.filter(pl.col(series_col).eq_missing(value)).sort(x)
                fig.add_trace(
                    charts.scatter(
                        x=part[x].to_list(),
                        y=part[y].to_list(),
                        mode="lines+markers" if part.height < 60 else "lines",
                        name=value_label(series_col, value),
                    )
                )
        else:
            part = shown.sort(x)
            fig.add_trace(
                charts.scatter(
                    x=part[x].to_list(),
                    y=part[y].to_list(),
                    mode="lines+markers" if part.height < 60 else "lines",
                    name=y_label,
                )
            )
        fig.update_xaxes(title=col_label(x))
        fig.update_yaxes(title=y_label)
    elif len(others) == 1:
        g = others[0]
        keep = top_by_rows(shown, g, CHART_BARS)
        if len(keep) < shown.height:
            note = (len(keep), shown.height)
        part = shown.filter(pl.col(g).is_in(keep)).sort(y, descending=True, nulls_last=True)
        click_kind = CLICK_KIND.get(g)
        fig.add_trace(
            bars(
                part[y].to_list(),
                part[f"{g}__label"].to_list(),
                y,
                whole,
                ids=part[g].to_list() if click_kind else None,
            )
        )
        fig.update_yaxes(autorange="reversed", title=col_label(g))
        fig.update_xaxes(title=y_label)
        height = max(220, 28 * part.height + 120)
    else:
        g1, g2 = others
        if shown[g2].n_unique() <= GROUPED_BAR_SERIES:
            keep = top_by_rows(shown, g1, CHART_BARS // 2)
            if len(keep) < shown[g1].n_unique():
                note = (len(keep), shown[g1].n_unique())
            part = shown.filter(pl.col(g1).is_in(keep))
            for value in part[g2].unique(maintain_order=True).to_list():
                series = part.filter(pl.col(g2).eq_missing(value))
                fig.add_trace(
                    bars(
                        series[y].to_list(),
                        series[f"{g1}__label"].to_list(),
                        y,
                        whole,
                        name=value_label(g2, value),
                    )
                )
            fig.update_layout(barmode="group")
            fig.update_yaxes(autorange="reversed", title=col_label(g1))
            fig.update_xaxes(title=y_label)
            height = max(320, 18 * len(keep) * (1 + part[g2].n_unique() // 2) + 140)
        else:
            rows_kept = top_by_rows(shown, g1, HEATMAP_SIDE)
            cols_kept = top_by_rows(shown, g2, HEATMAP_SIDE)
            if len(rows_kept) < shown[g1].n_unique() or len(cols_kept) < shown[g2].n_unique():
                note = (len(rows_kept) * len(cols_kept), shown.height)
            part = shown.filter(pl.col(g1).is_in(rows_kept) & pl.col(g2).is_in(cols_kept))
            grid = part.pivot(on=f"{g2}__label", index=f"{g1}__label", values=y)
            x_labels = [c for c in grid.columns if c != f"{g1}__label"]
            fig.add_trace(
                charts.heatmap(
                    z=grid.select(x_labels).to_numpy().tolist(),
                    x=x_labels,
                    y=grid[f"{g1}__label"].to_list(),
                    colorscale="Blues",
                    xgap=2,
                    ygap=2,
                    texttemplate="%{z:.1%}" if cache.is_share(y) else "%{z:,.4~g}",
                    colorbar={"title": {"text": y_label}},
                    hovertemplate="%{y} · %{x}: %{z:,.4g}<extra></extra>",
                )
            )
            fig.update_xaxes(title=col_label(g2))
            fig.update_yaxes(title=col_label(g1), autorange="reversed")
            height = max(320, 22 * len(rows_kept) + 160)
    if y in AROUND_100 and not dates:
        charts.add_marks(fig, shapes=[charts.vline(100, {"color": "#555", "width": 1})])
        # room on both sides of 100 and for the labels, however close to 100 the bars are
        values = [v for v in res[y].to_list() if v is not None] + [100.0]
        pad = max((max(values) - min(values)) * 0.15, 1.0)
        fig.update_xaxes(range=[min(values) - pad, max(values) + pad])
    if cache.is_share(y):
        (fig.update_yaxes if dates else fig.update_xaxes)(tickformat=".1%")
    charts.base_layout(fig, height=height)
    fig.update_layout(hovermode="closest", showlegend=len(fig.data) > 1)
    routing.chart(
        fig, "explore_chart", click_kind, click_kind and t(f"click.{click_kind}.bar", lang)
    )
    if note:
        st.caption(t("explore.chart.top", lang, shown=note[0], total=note[1]))


# --- the table ---------------------------------------------------------------------------


def result_labels(
    res: pl.DataFrame, groups: list[str], cols: dict[str, str], measures: list[str]
) -> dict[str, str]:
    """The words for each result column, in the page's language."""
    names: dict[str, str] = {g: col_label(g) for g in groups}
    names[explore.ROWS] = t("data.col.rows", lang)
    for code in measures:
        m = explore.parse_measure(code, cols)
        if m.metric:
            for sum_col in (m.metric.numerator, m.metric.denominator):
                names.setdefault(sum_col, t("explore.agg.sum", lang, column=col_label(sum_col)))
            names[m.alias] = metric_label(m.alias)
            names[f"{m.alias}_is_small"] = f"{t('explore.col.few', lang)}: {metric_label(m.alias)}"
        else:
            names[m.alias] = measure_label(code, cols)
    names.setdefault(explore.OUTPUT_UNIT, col_label(explore.OUTPUT_UNIT))
    names[explore.OUTPUT_UNITS] = t("explore.output_units", lang)
    return names


def show_table(res: pl.DataFrame, groups: list[str], cols: dict[str, str], measures: list[str]):
    """Labels for columns, words for codes. A column whose label repeats another's is the
    same sum (a metric's denominator also picked as a measure), so it is shown once."""
    names = result_labels(res, groups, cols, measures)
    config: dict[str, st.column_config.Column] = {}
    for code in measures:
        m = explore.parse_measure(code, cols)
        if m.metric:
            # Shares read as percentages; the rest (per cent already, per million hours,
            # output per hour) as numbers.
            config[names[m.alias]] = st.column_config.NumberColumn(
                format="%.2f%%" if cache.is_share(m.alias) else "%,.2f"
            )

    # What was asked for first (rates, then other measures); the sums behind rates after.
    aliases = [explore.parse_measure(c, cols).alias for c in measures]
    first = [*groups, explore.ROWS, *aliases]
    first += [c for c in res.columns if c.endswith("_is_small")]
    first += [c for c in (explore.OUTPUT_UNIT, explore.OUTPUT_UNITS) if c not in groups]
    order = [c for c in first if c in res.columns]
    order += [c for c in res.columns if c not in order]

    shown, seen = [], set()
    for column in order:
        title = names.get(column, column)
        if title in seen:
            continue
        seen.add(title)
        expr = pl.col(column)
        if column in groups and cols[column] == explore.DATE:
            config[title] = st.column_config.DateColumn(format="YYYY-MM-DD")
        elif column in groups:
            expr = fmt.each(res, column, lambda v, c=column: value_label(c, v))
        elif cache.is_share(column):
            expr = expr * 100
        elif column.endswith("_is_small"):
            expr = fmt.small_mark(column.removesuffix("_is_small"))
        elif res.schema[column].is_float() and title not in config:
            config[title] = st.column_config.NumberColumn(format="%,.2f")
        elif res.schema[column].is_integer() and title not in config:
            config[title] = st.column_config.NumberColumn(format="%,.0f")
        shown.append(expr.alias(title))
    st.dataframe(
        res.select(shown),
        hide_index=True,
        placeholder="—",
        key="explore_table",
        column_config=config,
    )


# --- the builder -------------------------------------------------------------------------


def reset_builder() -> None:
    """A new table starts from its own first view, not from another table's columns."""
    url.forget(lambda key: key in BUILDER_KEYS or key.startswith(FILTER_PREFIXES))


def builder() -> None:
    source = url.select(
        "x_src",
        t("data.col.table", lang),
        explore.offered_sources(cache.has_cost_data()),
        "output_detail",
        lambda s: t(f"explore.source.{s}", lang),
        on_change=reset_builder,
    )
    src = explore.SOURCES[source]
    if src.scoped and src.period_column:
        st.caption(t("explore.applies.both", lang, column=col_label(src.period_column)))
    elif src.scoped:
        st.caption(t("explore.applies.scope", lang))
    else:
        st.caption(t("explore.applies.none", lang))
    if source == "daily_output":
        st.caption(t("explore.daily_output.note", lang))
    if src.scoped and ctx.scope.is_empty():
        st.info(t("empty.no_units", lang))
        return

    cols = cache.explore_columns(source)
    left, right = st.columns(2)
    with left:
        groups = url.multi(
            "x_group",
            t("explore.group_by", lang),
            explore.group_columns(cols),
            col_label,
            default=DEFAULT_GROUPS.get(source, ()),
            max_selections=explore.MAX_GROUPS,
            placeholder=t("explore.group_by.none", lang),
        )
    with right:
        codes = explore.measure_codes(cols)
        measures = url.multi(
            "x_measures",
            t("explore.measures", lang),
            codes,
            lambda c: measure_label(c, cols),
            default=DEFAULT_MEASURES.get(source, ()),
            help=t("explore.measures.help", lang),
            placeholder=t("explore.measures.none", lang),
        )
    grain = "day"
    if any(cols[g] == explore.DATE for g in groups):
        grain = url.choice(
            "x_grain",
            t("explore.grain", lang),
            list(explore.GRAINS),
            "month",
            lambda g: t(f"grain.{g}", lang),
        )

    with st.container(border=True):
        filter_cols = url.multi(
            "x_filters",
            t("explore.filters", lang),
            list(cols),
            col_label,
            help=t("explore.filters.help", lang, cap=explore.OPTION_CAP),
            placeholder=t("explore.filters.none", lang),
        )
        filters: list[explore.Filter] = []
        used_keys: set[str] = set()
        grid = st.columns(3) if filter_cols else []
        for i, column in enumerate(filter_cols):
            kind = cols[column]
            prof = cache.explore_profile(f, source, column)
            with grid[i % 3]:
                if kind in (explore.TEXT, explore.BOOL):
                    flt = values_filter(column, kind, prof)
                    used_keys.add(
                        f"x_has_{column}"
                        if kind == explore.TEXT and prof.values is None
                        else f"x_in_{column}"
                    )
                else:
                    flt = range_filter(column, kind, prof)
                    used_keys.add(f"x_range_{column}")
            if flt:
                filters.append(flt)
        # A filter taken off leaves nothing behind in the link.
        url.unpublish(lambda key: key.startswith(FILTER_PREFIXES) and key not in used_keys)

    spec = explore.Spec(source, tuple(filters), tuple(groups), tuple(measures), grain)
    result = cache.explore_aggregate(f, spec)
    res = result.frame
    if res.is_empty() or res[explore.ROWS].sum() == 0:
        st.info(t("explore.empty", lang))
        return

    st.subheader(t("explore.result", lang))
    st.caption(
        t(
            "explore.result.caption",
            lang,
            n=fmt.num(res.height),
            records=t("count.rows", lang, n=fmt.num(res[explore.ROWS].sum())),
        )
    )
    if result.capped:
        st.warning(t("explore.capped", lang, cap=fmt.num(explore.ROW_CAP)))
    if result.mixed_groups:
        names = result_labels(res, groups, cols, measures)
        st.warning(
            t(
                "explore.mixed",
                lang,
                n=result.mixed_groups,
                total=t("count.groups", lang, n=res.height),
                measures=", ".join(dict.fromkeys(names.get(r, r) for r in result.refused)),
            )
        )

    chartable = [explore.ROWS] + [explore.parse_measure(c, cols).alias for c in measures]
    chart_labels = {explore.ROWS: t("data.col.rows", lang)} | {
        explore.parse_measure(c, cols).alias: measure_label(c, cols) for c in measures
    }
    y = url.choice(
        "x_chart",
        t("explore.chart_measure", lang),
        chartable,
        # the first measure that has values (a refused physical sum has none)
        next((c for c in chartable[1:] if res[c].null_count() < res.height), explore.ROWS),
        chart_labels.get,
    )
    draw_chart(res, groups, cols, y, chart_labels[y])
    show_table(res, groups, cols, measures)
    if any(c.endswith("_is_small") for c in res.columns):
        st.caption(t("explore.small", lang))
    downloads(res, f"explore-{source}", "explore_download")


# --- the SQL box -------------------------------------------------------------------------


def sql_box() -> None:
    st.caption(
        t(
            "explore.sql.caption",
            lang,
            seconds=f"{sandbox.TIME_LIMIT:g}",
            cap=fmt.num(sandbox.ROW_CAP),
        )
    )
    with st.form("explore_sql_form", border=False):
        text = url.text(
            "x_sql",
            t("explore.sql.label", lang),
            area=True,
            height=160,
            placeholder=t("explore.sql.prompt", lang),
        ).strip()
        st.form_submit_button(t("explore.sql.run", lang), type="primary")

    with st.expander(t("explore.sql.tables", lang)):
        tables = cache.explore_catalog(sandbox.CAMPAIGN_TABLES)
        st.dataframe(
            tables.select(
                pl.col("table_name").alias(t("data.col.table", lang)),
                pl.col("column_name").alias(t("data.col.column", lang)),
                pl.col("data_type").alias(t("explore.sql.col.type", lang)),
                fmt.each(tables, "column_name", col_label).alias(
                    t("explore.sql.col.meaning", lang)
                ),
            ),
            hide_index=True,
            placeholder="—",
            height=320,
            key="explore_sql_tables",
        )

    if not text:
        st.info(t("explore.sql.prompt", lang))
        return
    outcome = cache.run_sql(text)
    if outcome.status == sandbox.REFUSED:
        st.warning(t(f"explore.sql.refused.{outcome.reason}", lang, detail=safe.md(outcome.detail)))
        return
    if outcome.status == sandbox.TIMEOUT:
        st.warning(t("explore.sql.timeout", lang, detail=safe.md(outcome.detail)))
        return
    if outcome.status == sandbox.ERROR:
        st.warning(t("explore.sql.error", lang, detail=safe.md(outcome.detail)))
        return
    frame = outcome.frame
    if frame is None or frame.is_empty():
        st.info(t("explore.sql.no_rows", lang))
        return
    if outcome.capped:
        st.warning(t("explore.sql.capped", lang, cap=fmt.num(sandbox.ROW_CAP)))
    st.caption(t("explore.sql.ok", lang, n=fmt.num(frame.height), seconds=f"{outcome.seconds:.2f}"))
    st.dataframe(frame, hide_index=True, placeholder="—", key="explore_sql_result")
    downloads(frame, "explore-sql", "explore_sql_download")


mode = url.choice(
    "x_mode",
    t("explore.mode", lang),
    # the SQL box reads records: investigators and the central staff (with login on)
    ["build", "sql"] if cache.can(cache.RECORDS) else ["build"],
    "build",
    lambda m: t(f"explore.mode.{m}", lang),
)
if mode == "sql":
    sql_box()
else:
    builder()
