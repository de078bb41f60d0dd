-- After an append: the derived tables of derive.sql updated for what the new rows touch,
-- instead of rebuilt from every row. The loader has inserted the new contract rows and put
-- the new daily rows (daily_output's columns) in the temporary table appended_daily. Every
-- derived row is still built by derive.sql's own macros (team_days_of, unit_days_of,
-- team_days_by), so an appended campaign holds what a full load of it would.

-- Teams whose baseline the new rows change: every one of their days is re-indexed.
create or replace temp table rebaselined as
select distinct a.team_id
from appended_daily as a, campaign_settings as s
where a.day between s.baseline_start_on and s.baseline_end_on;

delete from team_baselines where team_id in (select team_id from rebaselined);

insert into team_baselines by name
with final as (
    select
        d.team_id,
        sum(d.output_qty) as baseline_output_qty,
        sum(d.worker_hours) as baseline_worker_hours,
        case
            when sum(d.worker_hours) > 0 and sum(d.output_qty) > 0
                then sum(d.output_qty) / sum(d.worker_hours)
        end as baseline_productivity
    from daily_output as d, campaign_settings as s
    where d.team_id in (select team_id from rebaselined)
      and d.day between s.baseline_start_on and s.baseline_end_on
    group by d.team_id
)

select * from final;

-- The daily rows whose team_days rows are (re)built: the new ones, and every row of a
-- re-indexed team.
create or replace temp table appended_source as
select * from appended_daily
where team_id not in (select team_id from rebaselined)
union all by name
select d.* from daily_output as d
where d.team_id in (select team_id from rebaselined);

delete from team_days where team_id in (select team_id from rebaselined);

create or replace temp table appended_team_days as
select * from team_days_of('appended_source')
order by unit_id, day;

insert into team_days by name select * from appended_team_days;

-- The unit-days, team-weeks and team-months those rows fall in, summed again whole (a week
-- or month may hold days loaded before). The day bounds are scalars, so the scans prune.
create or replace temp table touched_unit_days as
select distinct unit_id, day from appended_team_days;

create or replace temp table touched_span as
select
    min(day) as first_day,
    max(day) as last_day,
    date_trunc('week', min(day))::date as first_week,
    (date_trunc('week', max(day)) + interval 6 day)::date as last_week_day,
    date_trunc('month', min(day))::date as first_month,
    (date_trunc('month', max(day)) + interval 1 month - interval 1 day)::date as last_month_day
from appended_team_days;

create or replace temp table touched_rows as
select d.*
from team_days as d
semi join touched_unit_days as t on t.unit_id = d.unit_id and t.day = d.day
where d.day >= (select first_day from touched_span)
  and d.day <= (select last_day from touched_span);

delete from unit_days as u
using touched_unit_days as t
where u.unit_id = t.unit_id and u.day = t.day;

insert into unit_days by name
select * from unit_days_of('touched_rows')
order by unit_id, day;

create or replace temp table touched_team_weeks as
select distinct team_id, date_trunc('week', day)::date as week from appended_team_days;

delete from team_weeks as w
using touched_team_weeks as t
where w.team_id = t.team_id and w.week = t.week;

insert into team_weeks by name
select w.* rename (grain_start as week)
from team_days_by(
    'week',
    (select first_week from touched_span),
    (select last_week_day from touched_span)
) as w
semi join touched_team_weeks as t on t.team_id = w.team_id and t.week = w.grain_start
order by unit_id, week, team_id;

create or replace temp table touched_team_months as
select distinct team_id, date_trunc('month', day)::date as month from appended_team_days;

delete from team_months as m
using touched_team_months as t
where m.team_id = t.team_id and m.month = t.month;

insert into team_months by name
select m.* rename (grain_start as month)
from team_days_by(
    'month',
    (select first_month from touched_span),
    (select last_month_day from touched_span)
) as m
semi join touched_team_months as t on t.team_id = m.team_id and t.month = m.grain_start
order by unit_id, month, team_id;

create or replace table data_span as
select
    least(s.first_day, n.first_day) as first_day,
    greatest(s.last_day, n.last_day) as last_day
from data_span as s, (select min(day) as first_day, max(day) as last_day from appended_team_days) as n;

-- A unit's size counts its teams: new teams or workshops change it (a small table).
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
