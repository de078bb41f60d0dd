-- What the campaign-effect estimate rests on (effect_sample), as stored when the database
-- was built for the whole period and every unit (queries/productivity.py,
-- store_whole_campaign_effect).
-- No rows when the period, the split or the estimator's code differ from what was stored.
with final as (
    select * exclude (start_on, end_on, is_by_wave, estimator_version)
    from stored_effect_sample
    where start_on = $start::date
      and end_on = $end::date
      and is_by_wave = $is_by_wave
      and estimator_version = $estimator_version
)

select * exclude (row_position) from final
order by row_position
