-- Units in scope that had not launched the emulation by the end of the period (no launch
-- date, or a later one), with their size: where the area is not yet reached.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, province, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
    where launched_on is null or launched_on > $end::date
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
        s.workshops_total,
        s.teams_total,
        s.members_total
    from units_in_scope as u
    inner join unit_sizes as s on s.unit_id = u.unit_id
)

select * from final
order by members_total desc, unit_id
