-- Explore's output_detail summed to one row per unit and day (unit_days), beside the unit's
-- attributes: the same answers as output_detail for questions that need no team, workshop
-- or product (queries/explore.py uses_rollup), from about twenty times fewer rows.
-- team_days counts the output_detail rows each row stands for.
with units_in_scope as (
    select *
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select
        d.day,
        d.unit_id,
        u.name_zh as unit_zh,
        u.name_en as unit_en,
        u.bureau_zh,
        u.bureau_en,
        u.industry,
        u.ownership,
        u.province,
        u.city,
        u.launched_on,
        d.team_days,
        d.worker_hours,
        d.output_value_yuan,
        d.plan_value_yuan,
        d.inspected_value_yuan,
        d.rejected_value_yuan,
        d.index_output,
        d.index_worker_hours
    from unit_days as d
    inner join units_in_scope as u on u.unit_id = d.unit_id
)

select * from final
