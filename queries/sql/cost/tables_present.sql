-- Which of the economic accounting tables this database has: one published before they
-- were part of the contract lacks them all, and has no cost data rather than an error.
with final as (
    select table_name
    from duckdb_tables()
    where table_name in ('unit_costs', 'unit_funds', 'unit_staff', 'unit_cost_months')
)

select * from final
