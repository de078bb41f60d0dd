-- The unit's proposals submitted in the period.
with final as (
    select * from proposals
    where unit_id = $unit_id
      and submitted_on between $start::date and $end::date
)

select * from final
order by submitted_on, proposal_id
