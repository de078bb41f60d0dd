-- The unit's teams.
with final as (
    select t.*
    from teams as t
    inner join workshops as w on w.workshop_id = t.workshop_id
    where w.unit_id = $unit_id
)

select * from final
order by team_id
