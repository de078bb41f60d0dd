-- One unit's identity and size: names, bureau, place, launch, workers, teams, workshops.
with unit as (
    select * from units where unit_id = $unit_id
),

teams_of_unit as (
    select team_id, members, joined_on
    from team_units
    where unit_id = $unit_id
),

-- the workshops counted are those with a team
size as (
    select
        members_total as workers,
        teams_total as teams,
        workshops_with_teams as workshops
    from unit_sizes
    where unit_id = $unit_id
),

joins as (
    select
        count(joined_on) as teams_joined,
        coalesce(sum(members) filter (where joined_on is not null), 0)::bigint as workers_joined,
        min(joined_on) as first_joined_on,
        max(joined_on) as last_joined_on
    from teams_of_unit
),

final as (
    select u.*, s.*, j.*
    from unit as u
    cross join size as s
    cross join joins as j
)

select * from final
