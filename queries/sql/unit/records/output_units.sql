-- The output units the unit's teams report in.
with final as (
    select o.*
    from output_units as o
    where o.output_unit in (
        select t.output_unit
        from teams as t
        inner join workshops as w on w.workshop_id = t.workshop_id
        where w.unit_id = $unit_id
    )
)

select * from final
order by output_unit
