-- One row per unit in scope and calendar month the period covers whole (a month the data
-- begin or end in counts when the period reaches the data's first or last day), for the
-- units and months with a cost, funds or staff record: the sums of unit_cost_months
-- (derive.sql) beside the unit's names, bureau, industry and launch.
with units_in_scope as (
    select unit_id, name_zh, name_en, bureau_zh, bureau_en, industry, launched_on
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
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
        m.* exclude (unit_id)
    from unit_cost_months as m
    inner join units_in_scope as u on u.unit_id = m.unit_id
    where (m.month >= $start::date or $start::date <= (select first_day from data_span))
      and (last_day(m.month) <= $end::date or $end::date >= (select last_day from data_span))
      -- a month after the data's last day holds no output to set a cost against
      and m.month <= (select last_day from data_span)
)

select * from final
order by unit_id, month
