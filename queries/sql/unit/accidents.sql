-- Every accident of one unit in the period, with the team's and workshop's names.
with final as (
    select
        a.accident_id,
        a.occurred_on,
        a.severity,
        a.injured,
        a.deaths,
        a.lost_days,
        a.cause,
        a.team_id,
        t.team_name_zh,
        t.team_name_en,
        t.workshop_name_zh,
        t.workshop_name_en,
        a.description_zh,
        a.description_en
    from accidents as a
    left join team_units as t on t.team_id = a.team_id
    where a.unit_id = $unit_id
      and a.occurred_on between $start::date and $end::date
)

select * from final
order by occurred_on, accident_id
