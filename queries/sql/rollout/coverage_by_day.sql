-- Coverage on every day of the period: workers, teams, workshops and units whose (first)
-- team had joined by that day, with the totals in scope. Joins before the period count.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

teams_in_scope as (
    select team_id, members, joined_on, workshop_id, unit_id
    from team_units
    where unit_id in (select unit_id from units_in_scope)
),

-- the workshops and units counted are those with at least one team
totals as (
    select
        sum(members_total)::bigint as members_total,
        coalesce(sum(teams_total), 0)::bigint as teams_total,
        coalesce(sum(workshops_with_teams), 0)::bigint as workshops_total,
        count(*) as units_total
    from unit_sizes
    where unit_id in (select unit_id from units_in_scope)
      and teams_total > 0
),

team_joins as (
    select joined_on as on_day, sum(members) as members, count(*) as teams
    from teams_in_scope
    where joined_on is not null
    group by joined_on
),

workshop_joins as (
    select min(joined_on) as on_day, workshop_id
    from teams_in_scope
    group by workshop_id
),

unit_joins as (
    select min(joined_on) as on_day, unit_id
    from teams_in_scope
    group by unit_id
),

join_events as (
    select joined_on as on_day, members, 1 as teams, 0 as workshops, 0 as units
    from teams_in_scope
    where joined_on is not null
    union all
    select on_day, 0, 0, 1, 0 from workshop_joins where on_day is not null
    union all
    select on_day, 0, 0, 0, 1 from unit_joins where on_day is not null
),

-- Joins before the period are the starting level; those inside it accumulate day by day.
before_period as (
    select
        coalesce(sum(members), 0)::bigint as members,
        coalesce(sum(teams), 0)::bigint as teams,
        coalesce(sum(workshops), 0)::bigint as workshops,
        coalesce(sum(units), 0)::bigint as units
    from join_events
    where on_day < $start::date
),

in_period as (
    select
        on_day,
        sum(members)::bigint as members,
        sum(teams)::bigint as teams,
        sum(workshops)::bigint as workshops,
        sum(units)::bigint as units
    from join_events
    where on_day between $start::date and $end::date
    group by on_day
),

days as (
    select unnest(generate_series($start::date, $end::date, interval 1 day))::date as day
),

final as (
    select
        d.day,
        (b.members + sum(coalesce(i.members, 0)) over w)::bigint as members_covered,
        t.members_total,
        (b.teams + sum(coalesce(i.teams, 0)) over w)::bigint as teams_covered,
        t.teams_total,
        (b.workshops + sum(coalesce(i.workshops, 0)) over w)::bigint as workshops_covered,
        t.workshops_total,
        (b.units + sum(coalesce(i.units, 0)) over w)::bigint as units_covered,
        t.units_total
    from days as d
    left join in_period as i on i.on_day = d.day
    cross join before_period as b
    cross join totals as t
    window w as (order by d.day rows between unbounded preceding and current row)
)

select * from final
order by day
