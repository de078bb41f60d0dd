-- Per unit in scope and week or month ($grain) of the period: the sums behind plan
-- fulfilment and the productivity index, and the team-days with a team plan (小组计划) and
-- with one above the factory-set target (厂定指标). Bureaus, industries and the whole scope
-- are summed from these rows in queries/productivity.py.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

output as (
    select
        unit_id,
        date_trunc($grain, day)::date as period_start,
        sum(output_value_yuan) as output_value_yuan,
        sum(plan_value_yuan) as plan_value_yuan,
        sum(index_output) as index_output,
        sum(index_worker_hours) as index_worker_hours,
        sum(worker_hours) as worker_hours,
        sum(team_days) as team_days,
        sum(team_days_with_team_plan) as team_days_with_team_plan,
        sum(team_days_plan_above) as team_days_plan_above
    from unit_days
    where day between $start::date and $end::date
      and unit_id in (select unit_id from units_in_scope)
    group by unit_id, date_trunc($grain, day)
),

final as (
    select
        o.period_start,
        u.unit_id,
        u.name_zh,
        u.name_en,
        u.bureau_zh,
        u.bureau_en,
        u.industry,
        o.output_value_yuan,
        o.plan_value_yuan,
        o.index_output,
        o.index_worker_hours,
        o.worker_hours,
        o.team_days,
        o.team_days_with_team_plan,
        o.team_days_plan_above
    from output as o
    inner join units_in_scope as u on u.unit_id = o.unit_id
)

select * from final
order by period_start, unit_id
