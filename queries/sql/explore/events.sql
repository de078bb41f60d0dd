-- Explore source: the events that concern the scope, every column: region-wide ones, those
-- of a bureau with a unit in scope, and those of a unit in scope (as on the Overview).
with units_in_scope as (
    select unit_id, bureau_en
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select e.*
    from events as e
    where (e.unit_id is null and e.bureau_en is null)
       or (e.unit_id is null and e.bureau_en in (select bureau_en from units_in_scope))
       or e.unit_id in (select unit_id from units_in_scope)
)

select * from final
