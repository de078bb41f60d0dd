-- One row per team and week of the period (weeks start on Monday) for teams of units in
-- scope that have a baseline: the sums behind the team's weekly productivity index. The
-- campaign-effect estimator (queries/did.py) works on these rows, never on team-days; the
-- teams' joining weeks come from effect_teams.sql, once per team rather than once per week;
-- team_key (team_units': the teams row's rowid, fixed in a read-only database) joins the
-- two in Polars.
-- Unordered: at a ministry's scale sorting a million team-weeks costs more than the rest,
-- and the panel is built by team and week anyway.
with units_in_scope as (
    select unit_id
    from scoped_units($bureaus, $industries, $provinces, $ownerships, $unit_ids)
),

final as (
    select t.team_key, w.week, w.index_output, w.index_worker_hours
    from team_weeks_in($start, $end) as w
    inner join team_baselines as b
        on b.team_id = w.team_id and b.baseline_productivity is not null
    inner join team_units as t on t.team_id = w.team_id
    where w.unit_id in (select unit_id from units_in_scope)
)

select * from final
