-- Explore source: cost, working capital and staff per unit and month (unit_cost_months,
-- derive.sql) beside the unit's attributes, for the units in scope: its sums give the cost
-- metrics (cost per 100 yuan of output, against plan, reduction, turnover, staff shares).
with units_in_scope as (
    select *
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select
        m.month,
        m.unit_id,
        u.name_zh as unit_zh,
        u.name_en as unit_en,
        u.bureau_zh,
        u.bureau_en,
        u.industry,
        u.ownership,
        u.province,
        u.city,
        u.launched_on,
        m.* exclude (unit_id, month)
    from unit_cost_months as m
    inner join units_in_scope as u on u.unit_id = m.unit_id
)

select * from final
