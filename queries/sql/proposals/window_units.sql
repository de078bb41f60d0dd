-- Units in scope with proposals submitted between $window_start and $window_end (the
-- report's own window, whatever the period), by how many, with their workers.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

counts as (
    select
        unit_id,
        count(*) as submitted_proposals,
        count(*) filter (where is_adopted) as adopted_proposals,
        count(*) filter (where status <> 'pending') as decided_proposals,
        count(*) filter (where solves_key_problem) as key_problems_solved
    from proposals_flagged
    where submitted_on between $window_start::date and $window_end::date
      and unit_id in (select unit_id from units_in_scope)
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
        c.submitted_proposals,
        c.decided_proposals,
        c.adopted_proposals,
        c.key_problems_solved
    from counts as c
    inner join units_in_scope as u on u.unit_id = c.unit_id
    inner join unit_sizes as s on s.unit_id = c.unit_id
)

select * from final
order by submitted_proposals desc, unit_id
