-- The Overview's headline sums for the chosen period and for the period of equal length
-- before it, one row each. Rates are computed from these sums in queries/metrics.py.
with periods as (
    select 'current' as period, $start::date as start_on, $end::date as end_on
    union all
    select 'previous', $prev_start::date, $prev_end::date
),

units_in_scope as (
    select unit_id, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

teams_in_scope as (
    select team_id, members, joined_on
    from team_units
    where unit_id in (select unit_id from units_in_scope)
),

sizes as (
    select
        coalesce(sum(members_total), 0)::bigint as members_total,
        coalesce(sum(teams_total), 0)::bigint as teams_total
    from unit_sizes
    where unit_id in (select unit_id from units_in_scope)
),

launches as (
    select
        p.period,
        count(*) as units_total,
        count(*) filter (where u.launched_on <= p.end_on) as units_launched
    from periods as p
    cross join units_in_scope as u
    group by p.period
),

coverage as (
    select
        p.period,
        coalesce(sum(t.members) filter (where t.joined_on <= p.end_on), 0)::bigint
            as members_covered,
        count(*) filter (where t.joined_on <= p.end_on) as teams_covered
    from periods as p
    cross join teams_in_scope as t
    group by p.period
),

-- Two plain filtered scans rather than a range join against the periods: the join would
-- make DuckDB compare every day with both periods.
output_days as (
    select 'current' as period, d.*
    from unit_days as d
    where d.day between $start::date and $end::date
      and d.unit_id in (select unit_id from units_in_scope)
    union all
    select 'previous' as period, d.*
    from unit_days as d
    where d.day between $prev_start::date and $prev_end::date
      and d.unit_id in (select unit_id from units_in_scope)
),

output as (
    select
        period,
        count(distinct day) as days_with_output,
        sum(output_value_yuan) as output_value_yuan,
        sum(plan_value_yuan) as plan_value_yuan,
        sum(index_output) as index_output,
        sum(index_worker_hours) as index_worker_hours,
        sum(rejected_value_yuan) as rejected_value_yuan,
        sum(inspected_value_yuan) as inspected_value_yuan,
        sum(worker_hours) as worker_hours
    from output_days
    group by period
),

safety as (
    select
        p.period,
        count(*) filter (where a.is_injury_accident) as injury_accidents,
        sum(a.deaths)::bigint as deaths,
        sum(a.lost_days)::bigint as lost_days
    from accidents_flagged as a
    inner join periods as p on a.occurred_on between p.start_on and p.end_on
    where a.unit_id in (select unit_id from units_in_scope)
    group by p.period
),

proposals_in_scope as (
    select submitted_on, decided_on, status, is_adopted
    from proposals_flagged
    where unit_id in (select unit_id from units_in_scope)
),

submitted as (
    select p.period, count(*) as submitted_proposals
    from proposals_in_scope as r
    inner join periods as p on r.submitted_on between p.start_on and p.end_on
    group by p.period
),

decided as (
    select
        p.period,
        count(*) as decided_proposals,
        count(*) filter (where r.is_adopted) as adopted_proposals,
        count(*) filter (where r.status = 'implemented') as implemented_proposals
    from proposals_in_scope as r
    inner join periods as p on r.decided_on between p.start_on and p.end_on
    group by p.period
),

final as (
    select
        p.period,
        p.start_on,
        p.end_on,
        coalesce(l.units_total, 0) as units_total,
        coalesce(l.units_launched, 0) as units_launched,
        z.members_total,
        coalesce(c.members_covered, 0) as members_covered,
        z.teams_total,
        coalesce(c.teams_covered, 0) as teams_covered,
        coalesce(o.days_with_output, 0) as days_with_output,
        coalesce(o.output_value_yuan, 0) as output_value_yuan,
        coalesce(o.plan_value_yuan, 0) as plan_value_yuan,
        coalesce(o.index_output, 0) as index_output,
        coalesce(o.index_worker_hours, 0) as index_worker_hours,
        coalesce(o.rejected_value_yuan, 0) as rejected_value_yuan,
        coalesce(o.inspected_value_yuan, 0) as inspected_value_yuan,
        coalesce(o.worker_hours, 0) as worker_hours,
        coalesce(s.injury_accidents, 0) as injury_accidents,
        coalesce(s.deaths, 0) as deaths,
        coalesce(s.lost_days, 0) as lost_days,
        coalesce(sub.submitted_proposals, 0) as submitted_proposals,
        coalesce(dec.decided_proposals, 0) as decided_proposals,
        coalesce(dec.adopted_proposals, 0) as adopted_proposals,
        coalesce(dec.implemented_proposals, 0) as implemented_proposals
    from periods as p
    left join launches as l on l.period = p.period
    cross join sizes as z
    left join coverage as c on c.period = p.period
    left join output as o on o.period = p.period
    left join safety as s on s.period = p.period
    left join submitted as sub on sub.period = p.period
    left join decided as dec on dec.period = p.period
)

select * from final
order by period
