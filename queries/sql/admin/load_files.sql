-- The files every load of this database read, latest load first.
with final as (
    select
        loaded_at,
        mode,
        table_name,
        file,
        format,
        encoding,
        rows
    from load_files
)

select * from final
order by loaded_at desc, table_name
