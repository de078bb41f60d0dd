-- Per category, the proposals submitted in the period in scope and what had become of them
-- by its end (as proposals_by_unit), with all the workers in scope as the denominator of
-- proposals per 100 workers.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

members as (
    select coalesce(sum(members_total), 0)::bigint as members_total
    from unit_sizes
    where unit_id in (select unit_id from units_in_scope)
),

cohort as (
    select
        category,
        submitted_on,
        decided_on <= $end::date as is_decided,
        decided_on <= $end::date and is_adopted as is_adopted_by_end,
        decided_on,
        implemented_on,
        est_saving_yuan,
        solves_key_problem
    from proposals_flagged
    where submitted_on between $start::date and $end::date
      and unit_id in (select unit_id from units_in_scope)
),

final as (
    select
        c.category,
        any_value(m.members_total) as members_total,
        count(*) as submitted_proposals,
        count(*) filter (where c.is_decided) as decided_proposals,
        count(*) filter (where c.is_adopted_by_end) as adopted_proposals,
        count(*) filter (where c.implemented_on <= $end::date) as implemented_proposals,
        count(*) filter (where c.is_adopted_by_end and c.solves_key_problem) as key_problems_solved,
        coalesce(sum(c.est_saving_yuan) filter (where c.is_adopted_by_end), 0) as est_saving_yuan,
        median(c.decided_on - c.submitted_on) filter (where c.is_decided)
            as median_days_to_decision
    from cohort as c
    cross join members as m
    group by c.category
)

select * from final
order by category
