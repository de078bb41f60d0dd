-- The unit's accidents in the period.
with final as (
    select * from accidents
    where unit_id = $unit_id
      and occurred_on between $start::date and $end::date
)

select * from final
order by occurred_on, accident_id
