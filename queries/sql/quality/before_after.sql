-- Per unit in scope, the sums behind productivity, quality and safety in two windows of
-- $window_days days each: the days before its first team joined, and the days from the day
-- its last team joined (when the whole unit was in the emulation). Both windows are clipped
-- to the period. Units with no team joined have no windows and are left out.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

joins as (
    select
        unit_id,
        min(joined_on) as first_joined_on,
        max(joined_on) as last_joined_on
    from team_units
    where unit_id in (select unit_id from units_in_scope)
      and joined_on is not null
    group by unit_id
),

windows as (
    select
        unit_id,
        'before' as phase,
        greatest(first_joined_on - $window_days::integer, $start::date) as start_on,
        least(first_joined_on - 1, $end::date) as end_on
    from joins
    union all
    select
        unit_id,
        'after' as phase,
        greatest(last_joined_on, $start::date) as start_on,
        least(last_joined_on + ($window_days::integer - 1), $end::date) as end_on
    from joins
),

output as (
    select
        w.unit_id,
        w.phase,
        count(*) as days_with_output,
        sum(d.index_output) as index_output,
        sum(d.index_worker_hours) as index_worker_hours,
        sum(d.rejected_value_yuan) as rejected_value_yuan,
        sum(d.inspected_value_yuan) as inspected_value_yuan,
        -- sum(quantity × price²): with the value it gives the binomial's effective count
        sum(d.inspected_value_price) as inspected_value_price,
        sum(d.worker_hours) as worker_hours
    from windows as w
    inner join unit_days as d
        on d.unit_id = w.unit_id and d.day between w.start_on and w.end_on
    group by w.unit_id, w.phase
),

safety as (
    select
        w.unit_id,
        w.phase,
        count(*) filter (where a.is_injury_accident) as injury_accidents,
        sum(a.deaths)::bigint as deaths,
        sum(a.lost_days)::bigint as lost_days
    from windows as w
    inner join accidents_flagged as a
        on a.unit_id = w.unit_id and a.occurred_on between w.start_on and w.end_on
    group by w.unit_id, w.phase
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
        j.first_joined_on,
        j.last_joined_on,
        w.phase,
        w.start_on,
        w.end_on,
        greatest(w.end_on - w.start_on + 1, 0) as days_in_period,
        coalesce(o.days_with_output, 0) as days_with_output,
        coalesce(o.index_output, 0) as index_output,
        coalesce(o.index_worker_hours, 0) as index_worker_hours,
        coalesce(o.rejected_value_yuan, 0) as rejected_value_yuan,
        coalesce(o.inspected_value_yuan, 0) as inspected_value_yuan,
        coalesce(o.inspected_value_price, 0) as inspected_value_price,
        coalesce(o.worker_hours, 0) as worker_hours,
        coalesce(s.injury_accidents, 0) as injury_accidents,
        coalesce(s.deaths, 0) as deaths,
        coalesce(s.lost_days, 0) as lost_days
    from windows as w
    inner join joins as j on j.unit_id = w.unit_id
    inner join units_in_scope as u on u.unit_id = w.unit_id
    left join output as o on o.unit_id = w.unit_id and o.phase = w.phase
    left join safety as s on s.unit_id = w.unit_id and s.phase = w.phase
)

select * from final
order by unit_id, phase desc
