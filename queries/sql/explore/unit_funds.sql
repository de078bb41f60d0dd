-- Explore source: the unit_funds records of the units in scope, every column.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select r.*
    from unit_funds as r
    where r.unit_id in (select unit_id from units_in_scope)
)

select * from final
