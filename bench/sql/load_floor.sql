-- The loader's floor: DuckDB alone checking the campaign just read into its tables (no
-- casting from text, no report, no derived tables). One number: the problems found, which
-- must be zero on the benchmark's files. Keys unique, every range and allowed value, every
-- reference; the same work the loader's checks do, written by hand.
with
daily_keys as (
    select count(*) as n from (
        select team_id, day from daily_output group by team_id, day having count(*) > 1
    )
),

daily_rows as (
    select count(*) filter (
        where team_id is null or day is null or output_qty is null or output_qty < 0
            or plan_qty is null or plan_qty <= 0 or team_plan_qty < 0
            or worker_hours is null or worker_hours < 0 or inspected_qty is null
            or inspected_qty < 0 or rejected_qty is null or rejected_qty < 0
            or rejected_qty > inspected_qty
            or not isfinite(output_qty) or not isfinite(plan_qty)
            or not isfinite(worker_hours) or not isfinite(inspected_qty)
            or not isfinite(rejected_qty)
    ) as n
    from daily_output
),

daily_refs as (
    select count(*) as n from daily_output as d anti join teams as t on t.team_id = d.team_id
),

dims as (
    select
        (select count(*) - count(distinct unit_id) from units)
        + (select count(*) - count(distinct workshop_id) from workshops)
        + (select count(*) - count(distinct team_id) from teams)
        + (select count(*) - count(distinct output_unit) from output_units)
        + (select count(*) - count(distinct accident_id) from accidents)
        + (select count(*) - count(distinct proposal_id) from proposals)
        + (select count(*) - count(distinct event_id) from events)
        + (select count(*) from units where ownership not in ('state', 'local_state')
            or latitude not between -90 and 90 or longitude not between -180 and 180)
        + (select count(*) from teams where members <= 0)
        + (select count(*) from accidents
            where severity not in ('minor', 'serious', 'fatal') or injured < 0 or deaths < 0)
        + (select count(*) from workshops as w anti join units as u on u.unit_id = w.unit_id)
        + (select count(*) from teams as t anti join workshops as w
            on w.workshop_id = t.workshop_id)
        + (select count(*) from accidents as a anti join units as u on u.unit_id = a.unit_id)
        + (select count(*) from proposals as p anti join units as u on u.unit_id = p.unit_id)
        as n
)

select
    (select n from daily_keys) + (select n from daily_rows) + (select n from daily_refs)
    + (select n from dims) as problems
