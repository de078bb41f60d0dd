-- The 50M benchmark database from the 10M one (attached as src): every unit, with its
-- workshops, teams, daily rows, accidents, proposals and events, copied once per row of
-- `copies` (k, sfx, zh, en) under ids ending in sfx (empty for the first copy, so the named
-- units keep their ids). Region- and bureau-wide events belong to no unit and are copied
-- once. One statement per contract table, in the contract's order; bench/data.py runs them
-- one at a time and then derive.sql.
insert into units
select
    unit_id || c.sfx, name_zh || c.zh, name_en || c.en, ownership, industry, bureau_zh,
    bureau_en, province, city, latitude, longitude, launched_on
from src.units cross join copies as c;

insert into workshops
select workshop_id || c.sfx, unit_id || c.sfx, name_zh, name_en
from src.workshops cross join copies as c;

insert into output_units
select * from src.output_units;

insert into teams
select team_id || c.sfx, workshop_id || c.sfx, name_zh, name_en, members, output_unit, joined_on
from src.teams cross join copies as c;

insert into daily_output
select
    team_id || c.sfx, day, output_qty, plan_qty, team_plan_qty, worker_hours, inspected_qty,
    rejected_qty
from src.daily_output cross join copies as c
order by c.k, team_id, day;

insert into accidents
select
    accident_id || c.sfx, occurred_on, unit_id || c.sfx, team_id || c.sfx, severity, injured,
    deaths, lost_days, cause, description_zh, description_en
from src.accidents cross join copies as c;

insert into proposals
select
    proposal_id || c.sfx, unit_id || c.sfx, team_id || c.sfx, submitted_on, category, title_zh,
    title_en, status, decided_on, implemented_on, est_saving_yuan, solves_key_problem
from src.proposals cross join copies as c;

insert into events
select event_id || c.sfx, held_on, unit_id || c.sfx, bureau_en, kind, title_zh, title_en
from src.events cross join copies as c
where unit_id is not null or c.k = 1;
