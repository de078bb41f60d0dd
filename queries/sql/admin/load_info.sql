-- When this database was loaded and from what (one row).
with final as (
    select
        loaded_at,
        source,
        source_hash
    from load_info
)

select * from final
