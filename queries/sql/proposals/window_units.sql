-- Units in scope with proposals submitted between $window_start and $window_end (the
-- report's own window, whatever the period), by how many, with their workers.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

members as (
    select w.unit_id, sum(t.members)::bigint as members_total
    from teams as t
    inner join workshops as w on w.workshop_id = t.workshop_id
    where w.unit_id in (select unit_id from units_in_scope)
    group by w.unit_id
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
        coalesce(m.members_total, 0) as members_total,
        c.submitted_proposals,
        c.decided_proposals,
        c.adopted_proposals,
        c.key_problems_solved
    from counts as c
    inner join units_in_scope as u on u.unit_id = c.unit_id
    left join members as m on m.unit_id = c.unit_id
)

select * from final
order by submitted_proposals desc, unit_id
