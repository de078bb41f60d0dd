-- Run after derive.sql (a full load) and after derive_append.sql (an append): rebuilt
-- whole, as it is a few rows per unit and month, from unit_days and the cost tables.

-- One row per unit and calendar month with a cost, funds or staff record (the optional
-- tables of the economic accounting system, 经济核算制): the additive sums every figure of
-- cost, working capital and staff is made from (rates in queries/analytics/metrics.py).
-- Cost is set against gross output value at 1952 constant prices (unit_days), never against
-- physical quantities. A month counts for cost only when the unit has both cost records and
-- output in it (costed_months); the other groups of columns are counted the same way
-- (planned_, baseline_, funded_, verified_, staff_months). The baseline is each unit's cost
-- per yuan of output over the whole months of campaign_settings' baseline period.
create or replace table unit_cost_months as
with settings as (
    select baseline_start_on, baseline_end_on
    from campaign_settings
),

output_months as (
    select
        unit_id,
        date_trunc('month', day)::date as month,
        sum(output_value_yuan) as output_value_yuan,
        sum(plan_value_yuan) as plan_value_yuan
    from unit_days
    group by unit_id, date_trunc('month', day)
),

cost_months as (
    select
        unit_id,
        month,
        sum(cost_yuan) as cost_yuan,
        sum(plan_cost_yuan) as plan_cost_yuan
    from unit_costs
    group by unit_id, month
),

-- each unit's cost per yuan of output over the whole months of the baseline period
baseline_rates as (
    select
        c.unit_id,
        sum(c.cost_yuan) / sum(o.output_value_yuan) as baseline_cost_rate
    from cost_months as c
    inner join output_months as o on o.unit_id = c.unit_id and o.month = c.month
    cross join settings as s
    where c.month >= s.baseline_start_on
      and last_day(c.month) <= s.baseline_end_on
      and o.output_value_yuan > 0
    group by c.unit_id
    having sum(o.output_value_yuan) > 0
),

record_months as (
    select unit_id, month from cost_months
    union
    select unit_id, month from unit_funds
    union
    select unit_id, month from unit_staff
),

rows as (
    select
        m.unit_id,
        m.month,
        coalesce(o.output_value_yuan, 0) as output_value_yuan,
        coalesce(o.plan_value_yuan, 0) as plan_value_yuan,
        c.cost_yuan is not null and coalesce(o.output_value_yuan, 0) > 0 as is_costed,
        c.cost_yuan,
        c.plan_cost_yuan,
        b.baseline_cost_rate,
        f.working_capital_yuan,
        f.verified_funds_yuan,
        s.production_workers,
        s.management_staff,
        s.management_levels
    from record_months as m
    left join output_months as o on o.unit_id = m.unit_id and o.month = m.month
    left join cost_months as c on c.unit_id = m.unit_id and c.month = m.month
    left join baseline_rates as b on b.unit_id = m.unit_id
    left join unit_funds as f on f.unit_id = m.unit_id and f.month = m.month
    left join unit_staff as s on s.unit_id = m.unit_id and s.month = m.month
),

final as (
    select
        r.unit_id,
        r.month,
        r.output_value_yuan,
        r.plan_value_yuan,
        r.is_costed::int as costed_months,
        case when r.is_costed then r.cost_yuan else 0 end as cost_yuan,
        case when r.is_costed then r.plan_cost_yuan else 0 end as plan_cost_yuan,
        case when r.is_costed then r.output_value_yuan else 0 end as costed_output_value_yuan,
        case when r.is_costed then r.plan_value_yuan else 0 end as costed_plan_value_yuan,
        -- the plan's cost of the output actually made: the plan's cost per yuan of planned
        -- output times the output (按实际产量计算的计划成本)
        (r.is_costed and r.plan_value_yuan > 0)::int as planned_months,
        case when r.is_costed and r.plan_value_yuan > 0 then r.cost_yuan else 0 end
            as cost_with_plan_yuan,
        case
            when r.is_costed and r.plan_value_yuan > 0
                then r.plan_cost_yuan * r.output_value_yuan / r.plan_value_yuan
            else 0
        end as plan_cost_of_output_yuan,
        case
            when r.is_costed and r.plan_value_yuan > 0
                then r.plan_cost_yuan * r.output_value_yuan / r.plan_value_yuan - r.cost_yuan
            else 0
        end as plan_saving_yuan,
        -- what the output would have cost at the unit's own baseline cost per yuan of output
        (r.is_costed and r.baseline_cost_rate is not null)::int as baseline_months,
        case when r.is_costed and r.baseline_cost_rate is not null then r.cost_yuan else 0 end
            as cost_with_baseline_yuan,
        case
            when r.is_costed and r.baseline_cost_rate is not null
                then r.baseline_cost_rate * r.output_value_yuan
            else 0
        end as baseline_cost_of_output_yuan,
        case
            when r.is_costed and r.baseline_cost_rate is not null
                then r.baseline_cost_rate * r.output_value_yuan - r.cost_yuan
            else 0
        end as cost_reduction_yuan,
        -- working capital: capital-days over the output value they turned over
        (r.working_capital_yuan is not null and r.output_value_yuan > 0)::int as funded_months,
        case
            when r.working_capital_yuan is not null and r.output_value_yuan > 0
                then r.working_capital_yuan * day(last_day(r.month))
            else 0
        end as capital_days_yuan,
        case
            when r.working_capital_yuan is not null and r.output_value_yuan > 0
                then r.output_value_yuan
            else 0
        end as funded_output_value_yuan,
        (r.verified_funds_yuan is not null)::int as verified_months,
        case when r.verified_funds_yuan is not null then r.working_capital_yuan else 0 end
            as working_capital_verified_yuan,
        coalesce(r.verified_funds_yuan, 0) as verified_funds_yuan,
        (r.production_workers is not null)::int as staff_months,
        coalesce(r.production_workers, 0) as production_workers,
        coalesce(r.management_staff, 0) as management_staff,
        coalesce(r.production_workers + r.management_staff, 0) as staff_total,
        coalesce(r.management_levels, 0) as management_levels
    from rows as r
    inner join units as u on u.unit_id = r.unit_id
)

select * from final
order by unit_id, month;
