-- The unit's own row.
with final as (
    select * from units where unit_id = $unit_id
)

select * from final
