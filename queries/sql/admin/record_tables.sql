-- Which of the loader's record tables this database has (older or hand-built ones lack them).
with final as (
    select table_name
    from duckdb_tables()
    where table_name in ('load_files', 'load_findings')
)

select * from final
