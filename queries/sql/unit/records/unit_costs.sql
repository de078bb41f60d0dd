-- The unit's unit_costs records for the months that begin in the period.
with final as (
    select * from unit_costs
    where unit_id = $unit_id
      and month between $start::date and $end::date
)

select * from final
order by month, cost_item
