-- For each unit launched by the end of the period: its teams, and the most of them that
-- joined within any 7 consecutive days (a window [d, d + 6] starting on a joining day),
-- counting joins up to the end of the period. The rushed flag (一轰而起) is derived from
-- these in queries/rollout.py.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
    where launched_on <= $end::date
),

teams_in_scope as (
    select team_id, joined_on, unit_id
    from team_units
    where unit_id in (select unit_id from units_in_scope)
),

windows as (
    select
        unit_id,
        count(*) over (
            partition by unit_id
            order by joined_on
            range between current row and interval 6 day following
        ) as teams_in_window
    from teams_in_scope
    where joined_on <= $end::date
),

unit_max as (
    select unit_id, max(teams_in_window) as max_teams_joined_in_7_days
    from windows
    group by unit_id
),

final as (
    select
        u.unit_id,
        u.name_zh,
        u.name_en,
        u.bureau_zh,
        u.bureau_en,
        u.industry,
        u.launched_on,
        coalesce(s.teams_total, 0) as teams_total,
        coalesce(m.max_teams_joined_in_7_days, 0) as max_teams_joined_in_7_days
    from units_in_scope as u
    left join unit_sizes as s on s.unit_id = u.unit_id
    left join unit_max as m on m.unit_id = u.unit_id
)

select * from final
order by unit_id
