-- Explore source: every output unit, every column. It names no factory or mine, so the
-- sidebar filters do not apply.
with final as (
    select *
    from output_units
)

select * from final
