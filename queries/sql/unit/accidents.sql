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
        t.name_zh as team_name_zh,
        t.name_en as team_name_en,
        w.name_zh as workshop_name_zh,
        w.name_en as workshop_name_en,
        a.description_zh,
        a.description_en
    from accidents as a
    left join teams as t on t.team_id = a.team_id
    left join workshops as w on w.workshop_id = t.workshop_id
    where a.unit_id = $unit_id
      and a.occurred_on between $start::date and $end::date
)

select * from final
order by occurred_on, accident_id
