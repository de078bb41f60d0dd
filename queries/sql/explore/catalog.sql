-- The campaign tables the SQL box may read, with their columns and types, in the order
-- $tables names them: the box shows this to help the user write a query.
with final as (
    select
        table_name,
        column_name,
        data_type,
        column_index
    from duckdb_columns()
    where database_name = current_database()
      and schema_name = 'main'
      and list_contains($tables::varchar[], table_name)
)

select * from final
order by list_position($tables::varchar[], table_name), column_index
