-- Coverage on every day of the period per group of units: the whole scope ('all'), or each
-- bureau or industry ($split). Workers, teams, workshops and units whose (first) team had
-- joined by that day, with the group's totals. Joins before the period are the starting level.
with units_in_scope as (
    select
        unit_id,
        case $split
            when 'bureau' then bureau_en
            when 'industry' then industry
            else 'all'
        end as group_key,
        case $split when 'bureau' then bureau_en end as group_en,
        case $split when 'bureau' then bureau_zh end as group_zh
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

groups as (
    select distinct group_key, group_en, group_zh
    from units_in_scope
),

teams_in_scope as (
    select t.team_id, t.members, t.joined_on, t.workshop_id, t.unit_id, u.group_key
    from team_units as t
    inner join units_in_scope as u on u.unit_id = t.unit_id
),

-- the workshops and units counted are those with a team; a group without any has no row
totals as (
    select
        u.group_key,
        sum(s.members_total)::bigint as members_total,
        sum(s.teams_total)::bigint as teams_total,
        sum(s.workshops_with_teams)::bigint as workshops_total,
        count(*) as units_total
    from unit_sizes as s
    inner join units_in_scope as u on u.unit_id = s.unit_id
    where s.teams_total > 0
    group by u.group_key
),

workshop_joins as (
    select group_key, workshop_id, min(joined_on) as on_day
    from teams_in_scope
    group by group_key, workshop_id
),

unit_joins as (
    select group_key, unit_id, min(joined_on) as on_day
    from teams_in_scope
    group by group_key, unit_id
),

join_events as (
    select group_key, joined_on as on_day, members, 1 as teams, 0 as workshops, 0 as units
    from teams_in_scope
    where joined_on is not null
    union all
    select group_key, on_day, 0, 0, 1, 0 from workshop_joins where on_day is not null
    union all
    select group_key, on_day, 0, 0, 0, 1 from unit_joins where on_day is not null
),

before_period as (
    select
        group_key,
        sum(members)::bigint as members,
        sum(teams)::bigint as teams,
        sum(workshops)::bigint as workshops,
        sum(units)::bigint as units
    from join_events
    where on_day < $start::date
    group by group_key
),

in_period as (
    select
        group_key,
        on_day,
        sum(members)::bigint as members,
        sum(teams)::bigint as teams,
        sum(workshops)::bigint as workshops,
        sum(units)::bigint as units
    from join_events
    where on_day between $start::date and $end::date
    group by group_key, on_day
),

days as (
    select unnest(generate_series($start::date, $end::date, interval 1 day))::date as day
),

final as (
    select
        d.day,
        g.group_key,
        g.group_en,
        g.group_zh,
        (coalesce(b.members, 0) + sum(coalesce(i.members, 0)) over w)::bigint as members_covered,
        t.members_total,
        (coalesce(b.teams, 0) + sum(coalesce(i.teams, 0)) over w)::bigint as teams_covered,
        t.teams_total,
        (coalesce(b.workshops, 0) + sum(coalesce(i.workshops, 0)) over w)::bigint
            as workshops_covered,
        t.workshops_total,
        (coalesce(b.units, 0) + sum(coalesce(i.units, 0)) over w)::bigint as units_covered,
        t.units_total
    from groups as g
    inner join totals as t on t.group_key = g.group_key
    cross join days as d
    left join before_period as b on b.group_key = g.group_key
    left join in_period as i on i.group_key = g.group_key and i.on_day = d.day
    window w as (
        partition by g.group_key order by d.day rows between unbounded preceding and current row
    )
)

select * from final
order by group_key, day
