-- The output units the unit's teams report in.
with final as (
    select o.*
    from output_units as o
    where o.output_unit in (
        select output_unit from team_units where unit_id = $unit_id
    )
)

select * from final
order by output_unit
