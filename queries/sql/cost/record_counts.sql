-- How many rows the economic accounting tables hold: all three are optional, and a
-- campaign without them shows a "no cost data" state instead of zeros.
with final as (
    select
        (select count(*) from unit_costs) as unit_costs_rows,
        (select count(*) from unit_funds) as unit_funds_rows,
        (select count(*) from unit_staff) as unit_staff_rows
)

select * from final
