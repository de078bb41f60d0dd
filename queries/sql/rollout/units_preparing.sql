-- Units in scope that had not launched the emulation by the end of the period (no launch
-- date, or a later one), with their size: where the area is not yet reached.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, province, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
    where launched_on is null or launched_on > $end::date
),

sizes as (
    select
        w.unit_id,
        count(distinct w.workshop_id) as workshops_total,
        count(t.team_id) as teams_total,
        coalesce(sum(t.members), 0)::bigint as members_total
    from workshops as w
    left join teams as t on t.workshop_id = w.workshop_id
    where w.unit_id in (select unit_id from units_in_scope)
    group by w.unit_id
),

final as (
    select
        u.unit_id,
        u.name_zh,
        u.name_en,
        u.bureau_zh,
        u.bureau_en,
        u.industry,
        u.province,
        u.launched_on,
        coalesce(s.workshops_total, 0) as workshops_total,
        coalesce(s.teams_total, 0) as teams_total,
        coalesce(s.members_total, 0) as members_total
    from units_in_scope as u
    left join sizes as s on s.unit_id = u.unit_id
)

select * from final
order by members_total desc, unit_id
