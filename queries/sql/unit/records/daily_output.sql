-- The unit's daily output in the period, as loaded.
with final as (
    select d.*
    from daily_output as d
    inner join team_units as t on t.team_id = d.team_id
    where t.unit_id = $unit_id
      and d.day between $start::date and $end::date
)

select * from final
order by team_id, day
