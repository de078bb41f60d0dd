-- Every unit of one industry with the period's sums behind the measures a unit is ranked
-- on among its peers: productivity index before and after its teams joined, plan
-- fulfilment, defect rate, accident frequency. Peers are the whole industry, whatever
-- the sidebar's other filters, so a unit's rank does not change with them; but only the
-- units the viewer may see ($within, null for all), so that no rank reveals the others.
with peers as (
    select unit_id, name_zh, name_en
    from units
    where industry = (select industry from units where unit_id = $unit_id)
      and ($within::varchar[] is null or list_contains($within::varchar[], unit_id))
),

output as (
    select
        unit_id,
        sum(output_value_yuan) as output_value_yuan,
        sum(plan_value_yuan) as plan_value_yuan,
        sum(joined_index_output) as joined_index_output,
        sum(joined_index_worker_hours) as joined_index_worker_hours,
        sum(index_output - coalesce(joined_index_output, 0)) as before_index_output,
        sum(index_worker_hours - coalesce(joined_index_worker_hours, 0))
            as before_index_worker_hours,
        sum(rejected_value_yuan) as rejected_value_yuan,
        sum(inspected_value_yuan) as inspected_value_yuan,
        sum(worker_hours) as worker_hours
    from unit_days
    where day between $start::date and $end::date
      and unit_id in (select unit_id from peers)
    group by unit_id
),

safety as (
    select unit_id, count(*) filter (where is_injury_accident) as injury_accidents
    from accidents_flagged
    where occurred_on between $start::date and $end::date
      and unit_id in (select unit_id from peers)
    group by unit_id
),

final as (
    select
        p.unit_id,
        p.name_zh,
        p.name_en,
        coalesce(o.output_value_yuan, 0) as output_value_yuan,
        coalesce(o.plan_value_yuan, 0) as plan_value_yuan,
        coalesce(o.joined_index_output, 0) as joined_index_output,
        coalesce(o.joined_index_worker_hours, 0) as joined_index_worker_hours,
        coalesce(o.before_index_output, 0) as before_index_output,
        coalesce(o.before_index_worker_hours, 0) as before_index_worker_hours,
        coalesce(o.rejected_value_yuan, 0) as rejected_value_yuan,
        coalesce(o.inspected_value_yuan, 0) as inspected_value_yuan,
        coalesce(o.worker_hours, 0) as worker_hours,
        coalesce(s.injury_accidents, 0) as injury_accidents
    from peers as p
    left join output as o on o.unit_id = p.unit_id
    left join safety as s on s.unit_id = p.unit_id
)

select * from final
order by unit_id
