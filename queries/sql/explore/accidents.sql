-- Explore source: the accidents of the units in scope, every column.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select a.*
    from accidents as a
    where a.unit_id in (select unit_id from units_in_scope)
)

select * from final
