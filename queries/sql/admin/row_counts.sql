-- Rows per contract table and in the derived team_days, in the contract's order.
with counts as (
    select 1 as ord, 'units' as table_name, count(*) as row_count from units
    union all select 2, 'workshops', count(*) from workshops
    union all select 3, 'output_units', count(*) from output_units
    union all select 4, 'teams', count(*) from teams
    union all select 5, 'daily_output', count(*) from daily_output
    union all select 6, 'accidents', count(*) from accidents
    union all select 7, 'proposals', count(*) from proposals
    union all select 8, 'events', count(*) from events
    union all select 9, 'team_days', count(*) from team_days
),

final as (
    select
        table_name,
        row_count
    from counts
    order by ord
)

select * from final
