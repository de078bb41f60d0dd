-- Accidents in scope and period by cause and by how bad they were: the recorded severity,
-- or 'no_injury' for an accident that hurt nobody (property damage only).
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select
        cause,
        case when is_injury_accident then severity else 'no_injury' end as harm,
        count(*) as accidents,
        sum(injured)::bigint as injured,
        sum(deaths)::bigint as deaths,
        sum(lost_days)::bigint as lost_days
    from accidents_flagged
    where occurred_on between $start::date and $end::date
      and unit_id in (select unit_id from units_in_scope)
    group by all
)

select * from final
order by cause, harm
