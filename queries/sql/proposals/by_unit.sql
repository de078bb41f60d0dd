-- Per unit in scope, the proposals submitted in the period and what had become of them by
-- its end: decided, adopted, implemented, key problems solved, estimated yearly savings of
-- those adopted, and the median days from submission to decision. Units without proposals
-- are kept (with zeros), since their absence is itself a finding.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

cohort as (
    select
        unit_id,
        status,
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

counts as (
    select
        unit_id,
        count(*) as submitted_proposals,
        count(*) filter (where is_decided) as decided_proposals,
        count(*) filter (where is_adopted_by_end) as adopted_proposals,
        count(*) filter (where implemented_on <= $end::date) as implemented_proposals,
        count(*) filter (where is_adopted_by_end and solves_key_problem) as key_problems_solved,
        coalesce(sum(est_saving_yuan) filter (where is_adopted_by_end), 0) as est_saving_yuan,
        median(decided_on - submitted_on) filter (where is_decided) as median_days_to_decision
    from cohort
    group by unit_id
),

final as (
    select
        u.unit_id,
        u.name_zh,
        u.name_en,
        u.bureau_zh,
        u.bureau_en,
        u.industry,
        u.launched_on,
        s.members_total,
        coalesce(c.submitted_proposals, 0) as submitted_proposals,
        coalesce(c.decided_proposals, 0) as decided_proposals,
        coalesce(c.adopted_proposals, 0) as adopted_proposals,
        coalesce(c.implemented_proposals, 0) as implemented_proposals,
        coalesce(c.key_problems_solved, 0) as key_problems_solved,
        coalesce(c.est_saving_yuan, 0) as est_saving_yuan,
        c.median_days_to_decision
    from units_in_scope as u
    inner join unit_sizes as s on s.unit_id = u.unit_id
    left join counts as c on c.unit_id = u.unit_id
)

select * from final
order by unit_id
