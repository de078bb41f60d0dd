-- The rollout quilt: for each unit in scope and each week (Monday to Sunday) of the period,
-- the workers of the unit's teams that had joined by the week's last day (or the period's
-- last day, if earlier), with the unit's total. Units come in launch order, preparing last;
-- only the $row_count units from position $first_row (0-based) of that order, so that a
-- ministry's thousand units are shown a screenful at a time.
with ordered_units as (
    select
        unit_id,
        name_zh,
        name_en,
        launched_on,
        row_number() over (order by launched_on nulls last, unit_id) - 1 as unit_row
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

units_in_scope as (
    select unit_id, name_zh, name_en, launched_on, unit_row
    from ordered_units
    where unit_row >= $first_row and unit_row < $first_row + $row_count
),

teams_in_scope as (
    select members, joined_on, unit_id
    from team_units
    where unit_id in (select unit_id from units_in_scope)
),

weeks as (
    select
        week::date as week,
        least(week::date + 6, $end::date) as week_end
    from (
        select unnest(generate_series(
            date_trunc('week', $start::date), date_trunc('week', $end::date), interval 7 day
        )) as week
    )
),

covered as (
    select u.unit_id, k.week, coalesce(sum(t.members), 0)::bigint as members_covered
    from units_in_scope as u
    cross join weeks as k
    left join teams_in_scope as t on t.unit_id = u.unit_id and t.joined_on <= k.week_end
    group by u.unit_id, k.week
),

final as (
    select
        u.unit_id,
        u.name_zh,
        u.name_en,
        u.launched_on,
        u.unit_row,
        c.week,
        c.members_covered,
        coalesce(s.members_total, 0) as members_total
    from covered as c
    inner join units_in_scope as u on u.unit_id = c.unit_id
    left join unit_sizes as s on s.unit_id = c.unit_id
)

select * from final
order by unit_row, week
