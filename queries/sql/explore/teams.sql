-- Explore source: the teams of the units the sidebar filters keep (through the team's
-- workshop), every column.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select t.*
    from teams as t
    inner join team_units as tu on tu.team_id = t.team_id
    where tu.unit_id in (select unit_id from units_in_scope)
)

select * from final
