-- Events in the period that concern the scope: region-wide ones, those of a bureau with a
-- unit in scope, and those of a unit in scope. Unit launches are kept only when asked for,
-- since thirty-five January launches would bury the other events on a region-wide chart.
with units_in_scope as (
    select unit_id, bureau_en
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select
        e.event_id,
        e.held_on,
        e.unit_id,
        e.bureau_en,
        e.kind,
        e.title_zh,
        e.title_en
    from events as e
    where e.held_on between $start::date and $end::date
      and (
          (e.unit_id is null and e.bureau_en is null)
          or (e.unit_id is null and e.bureau_en in (select bureau_en from units_in_scope))
          or (
              e.unit_id in (select unit_id from units_in_scope)
              and (e.kind <> 'launch' or $include_unit_launches)
          )
      )
)

select * from final
order by held_on, event_id
