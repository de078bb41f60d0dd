-- The days each dated table covers: first, last and how many distinct days have a row.
-- daily_output's days are read from unit_days, which has a row for every unit and day with
-- a daily_output row (the loader admits no row of an unknown team), at a thirtieth the size.
with dated as (
    select 1 as ord, 'daily_output' as table_name, 'day' as column_name, day as d
    from unit_days
    union all select 2, 'accidents', 'occurred_on', occurred_on from accidents
    union all select 3, 'proposals', 'submitted_on', submitted_on from proposals
    union all select 4, 'events', 'held_on', held_on from events
),

tables as (
    select 1 as ord, 'daily_output' as table_name, 'day' as column_name
    union all select 2, 'accidents', 'occurred_on'
    union all select 3, 'proposals', 'submitted_on'
    union all select 4, 'events', 'held_on'
),

final as (
    select
        t.table_name,
        t.column_name,
        min(d.d) as first_day,
        max(d.d) as last_day,
        count(distinct d.d) as days
    from tables as t
    left join dated as d on d.ord = t.ord
    group by t.ord, t.table_name, t.column_name
    order by t.ord
)

select * from final
