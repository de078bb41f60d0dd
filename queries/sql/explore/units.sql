-- Explore source: the units the sidebar filters keep, every column.
with final as (
    select *
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
)

select * from final
