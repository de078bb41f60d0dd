-- Per unit in scope, the period's sums behind plan fulfilment, productivity, quality and
-- safety. Coarser groupings (bureau, industry) are summed from these rows, not averaged.
with units_in_scope as (
    select *
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

output as (
    select
        unit_id,
        sum(output_value_yuan) as output_value_yuan,
        sum(plan_value_yuan) as plan_value_yuan,
        sum(index_output) as index_output,
        sum(index_worker_hours) as index_worker_hours,
        sum(rejected_value_yuan) as rejected_value_yuan,
        sum(inspected_value_yuan) as inspected_value_yuan,
        sum(worker_hours) as worker_hours
    from unit_days
    where day between $start::date and $end::date
      and unit_id in (select unit_id from units_in_scope)
    group by unit_id
),

safety as (
    select
        unit_id,
        count(*) filter (where is_injury_accident) as injury_accidents,
        sum(deaths)::bigint as deaths,
        sum(lost_days)::bigint as lost_days
    from accidents_flagged
    where occurred_on between $start::date and $end::date
      and unit_id in (select unit_id from units_in_scope)
    group by unit_id
),

final as (
    select
        u.unit_id,
        u.name_zh,
        u.name_en,
        u.bureau_zh,
        u.bureau_en,
        u.industry,
        u.launched_on,
        coalesce(o.output_value_yuan, 0) as output_value_yuan,
        coalesce(o.plan_value_yuan, 0) as plan_value_yuan,
        coalesce(o.index_output, 0) as index_output,
        coalesce(o.index_worker_hours, 0) as index_worker_hours,
        coalesce(o.rejected_value_yuan, 0) as rejected_value_yuan,
        coalesce(o.inspected_value_yuan, 0) as inspected_value_yuan,
        coalesce(o.worker_hours, 0) as worker_hours,
        coalesce(s.injury_accidents, 0) as injury_accidents,
        coalesce(s.deaths, 0) as deaths,
        coalesce(s.lost_days, 0) as lost_days
    from units_in_scope as u
    left join output as o on o.unit_id = u.unit_id
    left join safety as s on s.unit_id = u.unit_id
)

select * from final
order by unit_id
