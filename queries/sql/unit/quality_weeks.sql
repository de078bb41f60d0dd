-- One unit by week: the sums behind defect rate and accident frequency, and the accidents.
with output as (
    select
        date_trunc('week', day)::date as week_on,
        sum(rejected_value_yuan) as rejected_value_yuan,
        sum(inspected_value_yuan) as inspected_value_yuan,
        sum(worker_hours) as worker_hours
    from team_days
    where unit_id = $unit_id
      and day between $start::date and $end::date
    group by 1
),

safety as (
    select
        date_trunc('week', occurred_on)::date as week_on,
        count(*) filter (where is_injury_accident) as injury_accidents,
        sum(deaths)::bigint as deaths
    from accidents_flagged
    where unit_id = $unit_id
      and occurred_on between $start::date and $end::date
    group by 1
),

final as (
    select
        o.week_on,
        o.rejected_value_yuan,
        o.inspected_value_yuan,
        o.worker_hours,
        coalesce(s.injury_accidents, 0) as injury_accidents,
        coalesce(s.deaths, 0) as deaths
    from output as o
    left join safety as s on s.week_on = o.week_on
)

select * from final
order by week_on
