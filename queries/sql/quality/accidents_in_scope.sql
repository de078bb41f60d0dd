-- Every accident in scope and period, newest first, with its unit and team names.
with units_in_scope as (
    select unit_id, name_zh, name_en
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select
        a.accident_id,
        a.occurred_on,
        a.unit_id,
        u.name_zh as unit_zh,
        u.name_en as unit_en,
        t.name_zh as team_zh,
        t.name_en as team_en,
        a.severity,
        a.injured,
        a.deaths,
        a.lost_days,
        a.cause,
        a.description_zh,
        a.description_en,
        a.is_injury_accident
    from accidents_flagged as a
    inner join units_in_scope as u on u.unit_id = a.unit_id
    left join teams as t on t.team_id = a.team_id
    where a.occurred_on between $start::date and $end::date
)

select * from final
order by occurred_on desc, accident_id
