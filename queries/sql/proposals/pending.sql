-- The backlog at the period's end: proposals in scope submitted by then and not decided by
-- then (whenever they were submitted), with their age in days at the end, oldest first.
with units_in_scope as (
    select unit_id, name_zh, name_en
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select
        p.proposal_id,
        p.unit_id,
        u.name_zh as unit_zh,
        u.name_en as unit_en,
        t.name_zh as team_zh,
        t.name_en as team_en,
        p.category,
        p.title_zh,
        p.title_en,
        p.submitted_on,
        ($end::date - p.submitted_on)::bigint as age_days
    from proposals as p
    inner join units_in_scope as u on u.unit_id = p.unit_id
    left join teams as t on t.team_id = p.team_id
    where p.submitted_on <= $end::date
      and (p.decided_on is null or p.decided_on > $end::date)
)

select * from final
order by age_days desc, proposal_id
