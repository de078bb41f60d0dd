-- Every unit with the attributes the filters and labels need, launched or not.
with final as (
    select
        unit_id,
        name_zh,
        name_en,
        ownership,
        industry,
        bureau_zh,
        bureau_en,
        province,
        city,
        launched_on
    from units
)

select * from final
order by launched_on nulls last, unit_id
