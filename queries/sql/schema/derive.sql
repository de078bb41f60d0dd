-- Derived objects built once at load time, after the contract tables are in place.
-- They hold no new facts: each is a function of the contract tables, kept so that every
-- page query reads one wide table instead of repeating the same four joins.

-- The campaign's settings (campaign_settings, one row) are written just before this file
-- runs, by queries/sql/schema/campaign_settings.sql: the baseline period is read from there.

-- Every team with its workshop and its unit: the one place a team is placed in a unit. By
-- contract a team's workshop exists and a workshop belongs to one unit, so this has exactly
-- one row per team. team_key is the teams row's rowid, a small integer fixed in a published
-- (read-only) database: the campaign-effect panel joins its two halves on it in Polars.
create or replace view team_units as
with final as (
    select
        t.rowid as team_key,
        t.team_id,
        t.name_zh as team_name_zh,
        t.name_en as team_name_en,
        t.members,
        t.output_unit,
        t.joined_on,
        t.workshop_id,
        w.name_zh as workshop_name_zh,
        w.name_en as workshop_name_en,
        w.unit_id
    from teams as t
    inner join workshops as w on w.workshop_id = t.workshop_id
)

select * from final;

-- Every unit's size, its teams' members summed once: its workshops (all of them, and those
-- with at least one team), its teams and its workers. A unit without teams has zeros.
create or replace table unit_sizes as
with workshop_counts as (
    select unit_id, count(*) as workshops_total
    from workshops
    group by unit_id
),

team_sums as (
    select
        unit_id,
        count(distinct workshop_id) as workshops_with_teams,
        count(*) as teams_total,
        sum(members)::bigint as members_total
    from team_units
    group by unit_id
),

final as (
    select
        u.unit_id,
        coalesce(w.workshops_total, 0) as workshops_total,
        coalesce(t.workshops_with_teams, 0) as workshops_with_teams,
        coalesce(t.teams_total, 0) as teams_total,
        coalesce(t.members_total, 0) as members_total
    from units as u
    left join workshop_counts as w on w.unit_id = u.unit_id
    left join team_sums as t on t.unit_id = u.unit_id
)

select * from final
order by unit_id;

-- Every accident with what the pages count it as: an injury accident hurt or killed
-- someone (property damage only is an accident too, but not an injury accident).
create or replace view accidents_flagged as
with final as (
    select
        *,
        injured + deaths > 0 as is_injury_accident
    from accidents
)

select * from final;

-- Every proposal with whether its decision adopted it (status adopted, or implemented after
-- adoption). The decision is dated decided_on: a count of adoptions by a day asks both.
create or replace view proposals_flagged as
with final as (
    select
        *,
        status in ('adopted', 'implemented') as is_adopted
    from proposals
)

select * from final;

-- A team's baseline productivity: its output per worker-hour over the baseline period of
-- campaign_settings (the quarter before the campaign). Null when the team worked no hours or produced nothing then, so that the
-- productivity index leaves the team out instead of dividing by zero.
create or replace table team_baselines as
with baseline_days as (
    select team_id, output_qty, worker_hours
    from daily_output
    where day between (select baseline_start_on from campaign_settings)
        and (select baseline_end_on from campaign_settings)
),

final as (
    select
        team_id,
        sum(output_qty) as baseline_output_qty,
        sum(worker_hours) as baseline_worker_hours,
        case
            when sum(worker_hours) > 0 and sum(output_qty) > 0
                then sum(output_qty) / sum(worker_hours)
        end as baseline_productivity
    from baseline_days
    group by team_id
)

select * from final;

-- One row per team and day with everything a metric needs as an additive column:
-- every rate on screen is sum(numerator) / sum(denominator) over these rows. The macro
-- turns any table of daily_output's columns (daily, a table name) into team_days rows: the
-- load builds the table from daily_output, an append adds the rows of its new days.
create or replace macro team_days_of(daily) as table
with teams_full as (
    select
        t.team_id,
        t.workshop_id,
        t.unit_id,
        t.output_unit,
        t.joined_on,
        o.constant_price_yuan,
        b.baseline_productivity
    from team_units as t
    inner join output_units as o on o.output_unit = t.output_unit
    left join team_baselines as b on b.team_id = t.team_id
),

final as (
    select
        d.team_id,
        tf.workshop_id,
        tf.unit_id,
        d.day,
        tf.output_unit,
        d.output_qty,
        d.plan_qty,
        d.team_plan_qty,
        d.worker_hours,
        d.inspected_qty,
        d.rejected_qty,
        d.output_qty * tf.constant_price_yuan as output_value_yuan,
        d.plan_qty * tf.constant_price_yuan as plan_value_yuan,
        -- tonnes and bales are never added: quality across output units is weighed in value
        d.inspected_qty * tf.constant_price_yuan as inspected_value_yuan,
        d.rejected_qty * tf.constant_price_yuan as rejected_value_yuan,
        -- output in baseline-hours: what the baseline team would need this many hours for
        coalesce(d.output_qty / tf.baseline_productivity, 0) as index_output,
        case when tf.baseline_productivity is not null then d.worker_hours else 0 end
            as index_worker_hours,
        coalesce(tf.joined_on <= d.day, false) as is_joined
    from query_table(daily) as d
    inner join teams_full as tf on tf.team_id = d.team_id
)

select * from final;

-- Built in daily_output's order, unsorted: a unit's rows only need to sit in few row groups
-- (so that a filter on unit_id prunes by zone maps), and files written team by team already
-- put them there. Sorting 10 million wide rows under the load's memory limit took most of a
-- load's time. The loader re-sorts the table by unit_id and day when a unit's rows come
-- scattered (queries.ingest.build.cluster_team_days).
create or replace table team_days as
select * from team_days_of('daily_output');

-- The sidebar filters, applied in one place. Every page query starts from this macro; an
-- empty list means "no restriction" on that attribute.
create or replace macro scoped_units(bureaus, industries, provinces, ownerships, unit_ids) as table
select *
from units
where (len(bureaus::varchar[]) = 0 or list_contains(bureaus::varchar[], bureau_en))
  and (len(industries::varchar[]) = 0 or list_contains(industries::varchar[], industry))
  and (len(provinces::varchar[]) = 0 or list_contains(provinces::varchar[], province))
  and (len(ownerships::varchar[]) = 0 or list_contains(ownerships::varchar[], ownership))
  and (len(unit_ids::varchar[]) = 0 or list_contains(unit_ids::varchar[], unit_id));

-- team_days summed to one row per unit and day: every figure that needs no team detail
-- reads this instead (about 30 times fewer rows than team_days on the sample campaign).
-- The macro sums any table of team_days rows (days, a table name): an append re-sums the
-- unit-days its new rows touch.
create or replace macro unit_days_of(days) as table
with final as (
    select
        d.unit_id,
        d.day,
        count(*) as team_days,
        sum(d.output_value_yuan) as output_value_yuan,
        sum(d.plan_value_yuan) as plan_value_yuan,
        sum(d.index_output) as index_output,
        sum(d.index_worker_hours) as index_worker_hours,
        sum(d.inspected_value_yuan) as inspected_value_yuan,
        sum(d.rejected_value_yuan) as rejected_value_yuan,
        -- sum(quantity x price^2): with the value it gives the binomial's effective count
        sum(d.inspected_value_yuan * o.constant_price_yuan) as inspected_value_price,
        sum(d.worker_hours) as worker_hours,
        sum(d.index_output) filter (where d.is_joined) as joined_index_output,
        sum(d.index_worker_hours) filter (where d.is_joined) as joined_index_worker_hours,
        count(d.team_plan_qty) as team_days_with_team_plan,
        count(*) filter (where d.team_plan_qty > d.plan_qty) as team_days_plan_above
    from query_table(days) as d
    inner join output_units as o on o.output_unit = d.output_unit
    group by d.unit_id, d.day
)

select * from final;

create or replace table unit_days as
select * from unit_days_of('team_days')
order by unit_id, day;

-- team_days summed to one row per team and week or month (grain) over the days first_on to
-- last_on: the tables team_weeks and team_months, and the cut-short ends of a period in
-- team_weeks_in and team_months_in, all sum through this one list. The unit and output
-- unit are grouped on (a team has one of each) so that a filter on them reaches the scan.
create or replace macro team_days_by(grain, first_on, last_on) as table
select
    team_id,
    unit_id,
    output_unit,
    date_trunc(grain, day)::date as grain_start,
    count(*) as team_days,
    sum(output_qty) as output_qty,
    sum(output_value_yuan) as output_value_yuan,
    sum(plan_value_yuan) as plan_value_yuan,
    sum(index_output) as index_output,
    sum(index_worker_hours) as index_worker_hours,
    sum(worker_hours) as worker_hours,
    coalesce(sum(index_output) filter (where is_joined), 0) as joined_index_output,
    coalesce(sum(index_worker_hours) filter (where is_joined), 0) as joined_index_worker_hours
from team_days
where day >= first_on and day <= last_on
group by team_id, unit_id, output_unit, date_trunc(grain, day);

-- One row per team and week (Monday to Sunday): the campaign-effect panel reads the weeks a
-- period covers whole from here; team_weeks_in() adds the days of its cut-short ends.
create or replace table team_weeks as
select * rename (grain_start as week)
from team_days_by('week', date '0001-01-01', date '9999-12-31')
order by unit_id, week, team_id;

-- One row per team and calendar month: what needs each team but no week (quotas, the index
-- before and after joining, the output units in scope) reads about four times fewer rows
-- than team_weeks; team_months_in() adds the days of a month the period cuts short.
create or replace table team_months as
select * rename (grain_start as month)
from team_days_by('month', date '0001-01-01', date '9999-12-31')
order by unit_id, month, team_id;

-- The first and last day with team records: a week or month the data begin or end in is
-- whole for any period that starts on or before the data's first day (or ends on or after
-- its last).
create or replace table data_span as
select min(day) as first_day, max(day) as last_day
from team_days;

-- The bounds of the whole weeks or months (grain) of a period. first_whole: the period's
-- first day if that starts a week or month, or comes on or before the data's first day
-- (nothing before it to leave out), else the start of the next week or month. last_whole:
-- its last day if that ends a week or month, or comes on or after the data's last day,
-- else the end of the previous one.
create or replace macro first_whole(grain, on_day, first_day) as
    case
        when on_day::date <= first_day or date_trunc(grain, on_day::date) = on_day::date
            then on_day::date
        else (
            date_trunc(grain, on_day::date)
            + case grain when 'week' then interval 7 day else interval 1 month end
        )::date
    end;

create or replace macro last_whole(grain, on_day, last_day) as
    case
        when on_day::date >= last_day or date_trunc(grain, on_day::date + 1) = on_day::date + 1
            then on_day::date
        else date_trunc(grain, on_day::date)::date - 1
    end;

-- The team-weeks of a period, exact to the day: whole weeks from team_weeks, and the days
-- of a first or last week the period cuts short summed from team_days (one row per team
-- and week either way). The default period, the data's own span, cuts no week short. The
-- second cut starts no earlier than the first whole day, so a period inside one week is
-- summed once.
--
-- Every bound is one scalar subquery on data_span, computed whole inside it: DuckDB pushes
-- a comparison of a column with such a value into the scan (and prunes by zone maps), but
-- not one with an expression around it, nor bounds joined in from a one-row CTE; then every
-- team_days row is read (0.1 s at 10M rows, for one unit too).
create or replace macro team_weeks_in(period_start, period_end) as table
select *
from team_weeks
where week >= (select date_trunc('week', first_whole('week', period_start, first_day)) from data_span)
  and week <= (select date_trunc('week', last_whole('week', period_end, last_day)) from data_span)
union all by name
select * rename (grain_start as week)
from team_days_by(
    'week',
    period_start::date,
    (
        select least(period_end::date, first_whole('week', period_start, first_day) - 1)
        from data_span
    )
)
union all by name
select * rename (grain_start as week)
from team_days_by(
    'week',
    (
        select
            greatest(
                last_whole('week', period_end, last_day) + 1,
                first_whole('week', period_start, first_day)
            )
        from data_span
    ),
    period_end::date
);

-- The team-months of a period, exact to the day, as team_weeks_in is for weeks.
create or replace macro team_months_in(period_start, period_end) as table
select *
from team_months
where month >= (
        select date_trunc('month', first_whole('month', period_start, first_day)) from data_span
    )
  and month <= (
        select date_trunc('month', last_whole('month', period_end, last_day)) from data_span
    )
union all by name
select * rename (grain_start as month)
from team_days_by(
    'month',
    period_start::date,
    (
        select least(period_end::date, first_whole('month', period_start, first_day) - 1)
        from data_span
    )
)
union all by name
select * rename (grain_start as month)
from team_days_by(
    'month',
    (
        select
            greatest(
                last_whole('month', period_end, last_day) + 1,
                first_whole('month', period_start, first_day)
            )
        from data_span
    ),
    period_end::date
);
