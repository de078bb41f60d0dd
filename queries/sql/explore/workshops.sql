-- Explore source: the workshops of the units the sidebar filters keep, every column.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select w.*
    from workshops as w
    where w.unit_id in (select unit_id from units_in_scope)
)

select * from final
