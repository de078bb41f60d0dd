-- The output units (kinds of product) of the teams in scope with output in the period,
-- most teams first: physical productivity and quotas are only compared within one of them.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

teams_with_output as (
    select output_unit, count(distinct team_id) as teams
    from team_months_in($start, $end)
    where unit_id in (select unit_id from units_in_scope)
    group by output_unit
),

final as (
    select o.output_unit, o.name_zh, o.name_en, t.teams
    from teams_with_output as t
    inner join output_units as o on o.output_unit = t.output_unit
)

select * from final
order by teams desc, output_unit
