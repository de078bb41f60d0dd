-- One unit's identity and size: names, bureau, place, launch, workers, teams, workshops.
with unit as (
    select * from units where unit_id = $unit_id
),

teams_of_unit as (
    select t.team_id, t.members, t.joined_on, t.workshop_id
    from teams as t
    inner join workshops as w on w.workshop_id = t.workshop_id
    where w.unit_id = $unit_id
),

size as (
    select
        coalesce(sum(members), 0)::bigint as workers,
        count(*) as teams,
        count(distinct workshop_id) as workshops,
        count(joined_on) as teams_joined,
        coalesce(sum(members) filter (where joined_on is not null), 0)::bigint as workers_joined,
        min(joined_on) as first_joined_on,
        max(joined_on) as last_joined_on
    from teams_of_unit
),

final as (
    select u.*, s.*
    from unit as u
    cross join size as s
)

select * from final
