-- Explore source: one row per team and day (team_days, with its value and index columns)
-- beside the attributes of its team, workshop and unit, for the units in scope.
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
        d.workshop_id,
        t.workshop_name_zh as workshop_zh,
        t.workshop_name_en as workshop_en,
        d.team_id,
        t.team_name_zh as team_zh,
        t.team_name_en as team_en,
        t.members,
        t.joined_on,
        d.is_joined,
        d.output_unit,
        d.output_qty,
        d.plan_qty,
        d.team_plan_qty,
        d.inspected_qty,
        d.rejected_qty,
        d.worker_hours,
        d.output_value_yuan,
        d.plan_value_yuan,
        d.inspected_value_yuan,
        d.rejected_value_yuan,
        d.index_output,
        d.index_worker_hours
    from team_days as d
    inner join units_in_scope as u on u.unit_id = d.unit_id
    inner join team_units as t on t.team_id = d.team_id
)

select * from final
