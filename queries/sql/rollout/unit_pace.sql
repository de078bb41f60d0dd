-- How each unit launched by the end of the period spread the emulation, as of that day:
-- its first team's joining date and the first days on which at least half and at least 90%
-- of its workers were in teams that had joined. Joins after the period are not yet known.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
    where launched_on <= $end::date
),

teams_in_scope as (
    select
        t.team_id,
        t.members,
        case when t.joined_on <= $end::date then t.joined_on end as joined_on,
        t.unit_id
    from team_units as t
    where t.unit_id in (select unit_id from units_in_scope)
),

unit_joins as (
    select
        unit_id,
        count(joined_on) as teams_joined,
        coalesce(sum(members) filter (where joined_on is not null), 0)::bigint as members_covered,
        min(joined_on) as first_joined_on
    from teams_in_scope
    group by unit_id
),

joins_by_day as (
    select unit_id, joined_on, sum(members) as members
    from teams_in_scope
    where joined_on is not null
    group by unit_id, joined_on
),

cumulative as (
    select
        unit_id,
        joined_on,
        sum(members) over (partition by unit_id order by joined_on) as members_covered
    from joins_by_day
),

marks as (
    select
        c.unit_id,
        min(c.joined_on) filter (where c.members_covered >= 0.5 * s.members_total)
            as reached_50_on,
        min(c.joined_on) filter (where c.members_covered >= 0.9 * s.members_total)
            as reached_90_on
    from cumulative as c
    inner join unit_sizes as s on s.unit_id = c.unit_id
    group by c.unit_id
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
        coalesce(s.workshops_with_teams, 0) as workshops_total,
        coalesce(s.teams_total, 0) as teams_total,
        coalesce(s.members_total, 0) as members_total,
        coalesce(j.teams_joined, 0) as teams_joined,
        coalesce(j.members_covered, 0) as members_covered,
        j.first_joined_on,
        m.reached_50_on,
        m.reached_90_on,
        date_diff('day', j.first_joined_on, m.reached_50_on) as days_to_50,
        date_diff('day', j.first_joined_on, m.reached_90_on) as days_to_90
    from units_in_scope as u
    left join unit_sizes as s on s.unit_id = u.unit_id
    left join unit_joins as j on j.unit_id = u.unit_id
    left join marks as m on m.unit_id = u.unit_id
)

select * from final
order by launched_on, unit_id
