-- The campaign's settings, one row, written by the loader just before derive.sql reads
-- them (queries/ingest/load.py, baseline_period): the baseline period, over which each
-- team's baseline productivity is measured (the quarter before the campaign,
-- 1952-10-01..1952-12-31, unless the load sets EMULATION_BASELINE).
create or replace table campaign_settings as
with final as (
    select
        $baseline_start_on::date as baseline_start_on,
        $baseline_end_on::date as baseline_end_on
)

select * from final
