-- The unit's unit_funds records for the months that begin in the period.
with final as (
    select * from unit_funds
    where unit_id = $unit_id
      and month between $start::date and $end::date
)

select * from final
order by month
