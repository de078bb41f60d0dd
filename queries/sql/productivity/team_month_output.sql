-- Per team in scope measuring its output in $output_unit, and per month of the period: its
-- output and worker-hours. Quotas (定额) are set from these team-months in
-- queries/productivity.py, since a quota is one level for every team alike.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select team_id, unit_id, output_unit, month, output_qty, worker_hours
    from team_months_in($start, $end)
    where unit_id in (select unit_id from units_in_scope)
      and output_unit = $output_unit
)

select * from final
order by month, team_id
