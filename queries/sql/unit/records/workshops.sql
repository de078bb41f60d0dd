-- The unit's workshops.
with final as (
    select * from workshops where unit_id = $unit_id
)

select * from final
order by workshop_id
