-- Per unit in scope with output in the period: the productivity-index sums of its joined
-- teams before and from their joining day, and the unit's plan-fulfilment sums (all teams).
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

months as (
    select m.*, t.joined_on
    from team_months_in($start, $end) as m
    inner join teams as t on t.team_id = m.team_id
    where m.unit_id in (select unit_id from units_in_scope)
),

-- a joined team's days before its joining day are its month sums less the joined part
sums as (
    select
        unit_id,
        count(distinct team_id) filter (where joined_on is not null) as teams_joined,
        coalesce(
            sum(index_output - joined_index_output) filter (where joined_on is not null), 0
        ) as index_output_before,
        coalesce(
            sum(index_worker_hours - joined_index_worker_hours)
                filter (where joined_on is not null),
            0
        ) as index_worker_hours_before,
        coalesce(sum(joined_index_output) filter (where joined_on is not null), 0)
            as index_output_since,
        coalesce(sum(joined_index_worker_hours) filter (where joined_on is not null), 0)
            as index_worker_hours_since,
        sum(output_value_yuan) as output_value_yuan,
        sum(plan_value_yuan) as plan_value_yuan
    from months
    group by unit_id
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
        s.teams_joined,
        s.index_output_before,
        s.index_worker_hours_before,
        s.index_output_since,
        s.index_worker_hours_since,
        s.output_value_yuan,
        s.plan_value_yuan
    from sums as s
    inner join units_in_scope as u on u.unit_id = s.unit_id
)

select * from final
order by unit_id
