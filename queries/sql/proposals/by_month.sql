-- Proposals submitted and proposals decided in each month of the period, in scope. A
-- proposal counts in the month it was submitted and again in the month it was decided.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

in_scope as (
    select submitted_on, decided_on
    from proposals
    where unit_id in (select unit_id from units_in_scope)
),

submitted as (
    select date_trunc('month', submitted_on)::date as month, count(*) as submitted_proposals
    from in_scope
    where submitted_on between $start::date and $end::date
    group by all
),

decided as (
    select date_trunc('month', decided_on)::date as month, count(*) as decided_proposals
    from in_scope
    where decided_on between $start::date and $end::date
    group by all
),

final as (
    select
        coalesce(s.month, d.month) as month,
        coalesce(s.submitted_proposals, 0) as submitted_proposals,
        coalesce(d.decided_proposals, 0) as decided_proposals
    from submitted as s
    full join decided as d on d.month = s.month
)

select * from final
order by month
