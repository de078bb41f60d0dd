-- The campaign's settings, one row, written by the loader just before derive.sql reads
-- them (queries/ingest/load.py, baseline_period): the baseline period, over which each
-- team's baseline productivity is measured (by default the contract's, the quarter before
-- the campaign; a load may set another with EMULATION_BASELINE).
create or replace table campaign_settings as
with final as (
    select
        $baseline_start_on::date as baseline_start_on,
        $baseline_end_on::date as baseline_end_on
)

select * from final
