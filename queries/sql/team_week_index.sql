-- One row per team and week of the period (weeks start on Monday) for teams of units in
-- scope that have a baseline: the sums behind the team's weekly productivity index, its
-- joining week and its joining wave (the month in which the joining week starts). The
-- campaign-effect estimator (queries/did.py) works on these rows, never on team-days.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

team_weeks as (
    select
        d.team_id,
        d.unit_id,
        date_trunc('week', d.day)::date as week,
        sum(d.index_output) as index_output,
        sum(d.index_worker_hours) as index_worker_hours
    from team_days as d
    inner join team_baselines as b
        on b.team_id = d.team_id and b.baseline_productivity is not null
    where d.day between $start::date and $end::date
      and d.unit_id in (select unit_id from units_in_scope)
    group by d.team_id, d.unit_id, date_trunc('week', d.day)
),

final as (
    select
        w.team_id,
        w.unit_id,
        w.week,
        t.joined_on,
        date_trunc('week', t.joined_on)::date as join_week,
        strftime(date_trunc('week', t.joined_on), '%Y-%m') as wave,
        w.index_output,
        w.index_worker_hours
    from team_weeks as w
    inner join teams as t on t.team_id = w.team_id
)

select * from final
order by team_id, week
