-- Per workshop of one unit and week (Monday start), the sums behind productivity index and
-- plan fulfilment.
with days as (
    select
        d.workshop_id,
        date_trunc('week', d.day)::date as week_on,
        d.output_value_yuan,
        d.plan_value_yuan,
        d.index_output,
        d.index_worker_hours
    from team_days as d
    where d.unit_id = $unit_id
      and d.day between $start::date and $end::date
),

final as (
    select
        w.workshop_id,
        w.name_zh as workshop_name_zh,
        w.name_en as workshop_name_en,
        d.week_on,
        sum(d.output_value_yuan) as output_value_yuan,
        sum(d.plan_value_yuan) as plan_value_yuan,
        sum(d.index_output) as index_output,
        sum(d.index_worker_hours) as index_worker_hours
    from days as d
    inner join workshops as w on w.workshop_id = d.workshop_id
    group by all
)

select * from final
order by workshop_id, week_on
