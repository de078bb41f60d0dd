-- The proposals submitted in the period by scope, with their status at the period's end:
-- decided (adopted, implemented or rejected by then), adopted (adopted or implemented),
-- implemented, rejected, and pending (not decided by the end). With the workers in scope.
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
    select status, is_adopted, decided_on, implemented_on
    from proposals_flagged
    where submitted_on between $start::date and $end::date
      and unit_id in (select unit_id from units_in_scope)
),

counts as (
    select
        count(*) as submitted_proposals,
        count(*) filter (where decided_on <= $end::date) as decided_proposals,
        count(*) filter (where decided_on <= $end::date and is_adopted) as adopted_proposals,
        count(*) filter (where implemented_on <= $end::date) as implemented_proposals,
        count(*) filter (
            where decided_on <= $end::date and status = 'rejected'
        ) as rejected_proposals,
        count(*) filter (
            where decided_on is null or decided_on > $end::date
        ) as pending_proposals
    from cohort
),

final as (
    select c.*, m.members_total
    from counts as c
    cross join members as m
)

select * from final
