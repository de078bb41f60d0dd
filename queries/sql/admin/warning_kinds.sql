-- The warnings of the load that built this database, one row per kind, most frequent first.
with findings as (
    select
        table_name,
        column_name,
        rule,
        file
    from load_findings
    where severity = 'warning'
),

final as (
    select
        table_name,
        column_name,
        rule,
        min(file) as file,
        count(*) as findings
    from findings
    group by table_name, column_name, rule
)

select * from final
order by findings desc, table_name, rule
