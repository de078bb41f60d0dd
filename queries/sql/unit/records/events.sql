-- Events in the period that concern the unit: its own, its bureau's, and region-wide ones.
with final as (
    select e.*
    from events as e
    where e.held_on between $start::date and $end::date
      and (
          e.unit_id = $unit_id
          or (e.unit_id is null and e.bureau_en is null)
          or (
              e.unit_id is null
              and e.bureau_en = (select bureau_en from units where unit_id = $unit_id)
          )
      )
)

select * from final
order by held_on, event_id
