-- Quality and safety sums per week or month ($grain) of the period, for the whole scope or
-- per bureau, industry or unit ($by). A period's first and last week or month may be cut
-- short by the period; its rates are still ratios of what falls inside.
with units_in_scope as (
    select
        unit_id,
        case $by
            when 'bureau' then bureau_en
            when 'industry' then industry
            when 'unit' then unit_id
            else 'all'
        end as group_id,
        case $by
            when 'bureau' then bureau_en
            when 'industry' then industry
            when 'unit' then name_en
        end as group_en,
        case $by
            when 'bureau' then bureau_zh
            when 'industry' then industry
            when 'unit' then name_zh
        end as group_zh
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

output as (
    select
        date_trunc($grain, d.day)::date as period_start,
        u.group_id,
        sum(d.rejected_value_yuan) as rejected_value_yuan,
        sum(d.inspected_value_yuan) as inspected_value_yuan,
        sum(d.worker_hours) as worker_hours
    from unit_days as d
    inner join units_in_scope as u on u.unit_id = d.unit_id
    where d.day between $start::date and $end::date
    group by all
),

safety as (
    select
        date_trunc($grain, a.occurred_on)::date as period_start,
        u.group_id,
        count(*) filter (where a.is_injury_accident) as injury_accidents,
        sum(a.deaths)::bigint as deaths,
        sum(a.lost_days)::bigint as lost_days
    from accidents_flagged as a
    inner join units_in_scope as u on u.unit_id = a.unit_id
    where a.occurred_on between $start::date and $end::date
    group by all
),

names as (
    select group_id, any_value(group_en) as group_en, any_value(group_zh) as group_zh
    from units_in_scope
    group by group_id
),

final as (
    select
        coalesce(o.period_start, s.period_start) as period_start,
        coalesce(o.group_id, s.group_id) as group_id,
        n.group_en,
        n.group_zh,
        coalesce(o.rejected_value_yuan, 0) as rejected_value_yuan,
        coalesce(o.inspected_value_yuan, 0) as inspected_value_yuan,
        coalesce(o.worker_hours, 0) as worker_hours,
        coalesce(s.injury_accidents, 0) as injury_accidents,
        coalesce(s.deaths, 0) as deaths,
        coalesce(s.lost_days, 0) as lost_days
    from output as o
    full join safety as s on s.period_start = o.period_start and s.group_id = o.group_id
    inner join names as n on n.group_id = coalesce(o.group_id, s.group_id)
)

select * from final
order by group_id, period_start
