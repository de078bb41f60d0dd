-- Every team of one unit with its period sums: productivity index, plan fulfilment, its own
-- plan against the factory-set target (same output unit, so quantities may be compared),
-- defect rate.
with teams_of_unit as (
    select
        team_id,
        team_name_zh as name_zh,
        team_name_en as name_en,
        members,
        joined_on,
        output_unit,
        workshop_id,
        workshop_name_zh,
        workshop_name_en
    from team_units
    where unit_id = $unit_id
),

sums as (
    select
        team_id,
        count(*) as days,
        sum(output_value_yuan) as output_value_yuan,
        sum(plan_value_yuan) as plan_value_yuan,
        sum(index_output) as index_output,
        sum(index_worker_hours) as index_worker_hours,
        sum(rejected_value_yuan) as rejected_value_yuan,
        sum(inspected_value_yuan) as inspected_value_yuan,
        count(team_plan_qty) as team_plan_days,
        count(*) filter (where team_plan_qty > plan_qty) as team_plan_above_days,
        sum(team_plan_qty) as team_plan_qty,
        sum(plan_qty) filter (where team_plan_qty is not null) as plan_qty_with_team_plan
    from team_days
    where unit_id = $unit_id
      and day between $start::date and $end::date
    group by team_id
),

final as (
    select
        t.*,
        coalesce(s.days, 0) as days,
        coalesce(s.output_value_yuan, 0) as output_value_yuan,
        coalesce(s.plan_value_yuan, 0) as plan_value_yuan,
        coalesce(s.index_output, 0) as index_output,
        coalesce(s.index_worker_hours, 0) as index_worker_hours,
        coalesce(s.rejected_value_yuan, 0) as rejected_value_yuan,
        coalesce(s.inspected_value_yuan, 0) as inspected_value_yuan,
        coalesce(s.team_plan_days, 0) as team_plan_days,
        coalesce(s.team_plan_above_days, 0) as team_plan_above_days,
        coalesce(s.team_plan_qty, 0) as team_plan_qty,
        coalesce(s.plan_qty_with_team_plan, 0) as plan_qty_with_team_plan
    from teams_of_unit as t
    left join sums as s on s.team_id = t.team_id
)

select * from final
order by workshop_id, joined_on nulls last, team_id
