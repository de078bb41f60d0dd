-- The proposals submitted in the period in scope whose title (either language), unit name
-- or id contains $search (all when empty), newest first, at most $row_limit of them, each
-- with its status at the period's end and how many matched in all.
with units_in_scope as (
    select unit_id, name_zh, name_en
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

-- the keys of every match: narrow, because they are read twice (the newest and the total);
-- the row id fetches the newest rows' columns without a join over every proposal
matches as (
    select p.rowid as proposal_row, p.proposal_id, p.submitted_on
    from proposals as p
    inner join units_in_scope as u on u.unit_id = p.unit_id
    where p.submitted_on between $start::date and $end::date
      and (
          $search = ''
          or contains(lower(p.title_en), lower($search))
          or contains(p.title_zh, $search)
          or contains(lower(u.name_en), lower($search))
          or contains(u.name_zh, $search)
          or lower(p.proposal_id) = lower($search)
      )
),

-- the newest $row_limit first; only they get their columns: carrying every match's
-- columns through the sort and the count was ten times slower on a ministry's proposals
newest as (
    select proposal_row
    from matches
    order by submitted_on desc, proposal_id
    limit $row_limit
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
        case
            when p.implemented_on <= $end::date then 'implemented'
            when p.decided_on <= $end::date and p.status = 'implemented' then 'adopted'
            when p.decided_on <= $end::date then p.status
            else 'pending'
        end as status_at_end,
        p.submitted_on,
        p.decided_on,
        p.implemented_on,
        p.est_saving_yuan,
        p.solves_key_problem,
        c.matches_total
    from newest as n
    inner join proposals as p on p.rowid = n.proposal_row
    inner join units_in_scope as u on u.unit_id = p.unit_id
    left join teams as t on t.team_id = p.team_id
    cross join (select count(*) as matches_total from matches) as c
)

select * from final
order by submitted_on desc, proposal_id
