-- Explore source: the daily output of the teams of units in scope, every column, plus the
-- team's output unit: without it a sum of output_qty could add tonnes to bales.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select d.*, t.output_unit
    from daily_output as d
    inner join team_units as t on t.team_id = d.team_id
    where t.unit_id in (select unit_id from units_in_scope)
)

select * from final
