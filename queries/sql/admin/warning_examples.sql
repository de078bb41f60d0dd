-- The first rows of each kind of warning, as the report lists them.
with findings as (
    select
        table_name,
        column_name,
        rule,
        file,
        "row" as row_number,
        value
    from load_findings
    where severity = 'warning'
),

numbered as (
    select
        *,
        row_number() over (
            partition by table_name, column_name, rule order by row_number nulls last, value
        ) as nth
    from findings
),

final as (
    select
        table_name,
        column_name,
        rule,
        file,
        row_number,
        value
    from numbered
    where nth <= $per_kind
)

select * from final
order by table_name, rule, row_number nulls last, value
