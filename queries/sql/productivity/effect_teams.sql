-- The teams of units in scope that have a baseline, with their joining day, joining week
-- (its Monday) and joining wave (the month in which the joining week starts): the
-- team-level half of the campaign-effect panel (team_week_index.sql is the weekly half).
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select
        t.team_key,
        t.team_id,
        t.joined_on,
        date_trunc('week', t.joined_on)::date as join_week,
        strftime(date_trunc('week', t.joined_on), '%Y-%m') as wave
    from team_units as t
    inner join team_baselines as b
        on b.team_id = t.team_id and b.baseline_productivity is not null
    where t.unit_id in (select unit_id from units_in_scope)
)

select * from final
order by team_id
