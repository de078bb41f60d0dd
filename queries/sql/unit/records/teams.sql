-- The unit's teams.
with final as (
    select t.*
    from teams as t
    where t.team_id in (select team_id from team_units where unit_id = $unit_id)
)

select * from final
order by team_id
