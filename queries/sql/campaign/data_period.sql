-- The first and last day with daily output: the widest period the filters can offer.
with final as (
    select
        min(day) as first_day,
        max(day) as last_day
    from daily_output
)

select * from final
