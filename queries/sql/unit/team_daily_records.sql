-- One team's daily records in the period, as recorded, with the factory target beside them.
with final as (
    select
        d.day,
        d.output_qty,
        d.plan_qty,
        d.team_plan_qty,
        d.worker_hours,
        d.inspected_qty,
        d.rejected_qty,
        d.is_joined
    from team_days as d
    where d.team_id = $team_id
      and d.unit_id = $unit_id
      and d.day between $start::date and $end::date
)

select * from final
order by day
