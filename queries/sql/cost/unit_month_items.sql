-- One row per unit in scope, calendar month the period covers whole (as in unit_months.sql)
-- and cost item,
-- for the months that count for cost (cost records and output in the month, as in
-- unit_months.sql): the items' cost and the plan's, to be set against the month's output
-- value from unit_months.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

output_months as (
    select
        unit_id,
        date_trunc('month', day)::date as month,
        sum(output_value_yuan) as output_value_yuan
    from unit_days
    where unit_id in (select unit_id from units_in_scope)
    group by unit_id, date_trunc('month', day)
),

final as (
    select
        c.unit_id,
        c.month,
        c.cost_item,
        c.cost_yuan,
        c.plan_cost_yuan
    from unit_costs as c
    inner join output_months as o on o.unit_id = c.unit_id and o.month = c.month
    where c.unit_id in (select unit_id from units_in_scope)
      and o.output_value_yuan > 0
      and (c.month >= $start::date or $start::date <= (select first_day from data_span))
      and (last_day(c.month) <= $end::date or $end::date >= (select last_day from data_span))
      -- a month after the data's last day holds no output to set a cost against
      and c.month <= (select last_day from data_span)
)

select * from final
order by unit_id, month, cost_item
