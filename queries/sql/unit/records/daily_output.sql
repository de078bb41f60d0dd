-- The unit's daily output in the period, as loaded.
with final as (
    select d.*
    from daily_output as d
    inner join teams as t on t.team_id = d.team_id
    inner join workshops as w on w.workshop_id = t.workshop_id
    where w.unit_id = $unit_id
      and d.day between $start::date and $end::date
)

select * from final
order by team_id, day
