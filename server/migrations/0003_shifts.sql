-- Shifts (issue 4, planner): the planner's configuration, crews' requests, generated rosters
-- and their assignments. A roster's "staff" are crews; days are calendar dates in the utility's
-- time zone (SHIFT_TIME_ZONE).

-- One row: the whole planner configuration (shift types, contract rules, cover), validated by
-- the `shiftConfig` zod schema when written and when read.
create table shift_config (
  id int primary key default 1 check (id = 1),
  config jsonb not null,
  updated_by text not null default 'system',
  updated_at timestamptz not null default now()
);

-- A utility's usual three 8-hour shifts. Rest between shifts: after a night (23–07) neither a
-- morning nor an afternoon the next day; after an afternoon (15–23) no morning the next day.
-- Contract: 32–48 h a week, 2 to 6 shifts in a row, at least 2 days off in a row, at most 3
-- weekends out of 4, at most 4 nights a week. Cover: more crews on weekdays than on weekends.
insert into shift_config (config) values ($json${
  "shiftTypes": [
    {"code": "M", "name": "Mañana", "start": "07:00", "minutes": 480, "forbiddenNext": [], "color": "#f2a93b"},
    {"code": "T", "name": "Tarde", "start": "15:00", "minutes": 480, "forbiddenNext": ["M"], "color": "#3b82c4"},
    {"code": "N", "name": "Noche", "start": "23:00", "minutes": 480, "forbiddenNext": ["M", "T"], "color": "#5b3f8c"}
  ],
  "rules": {
    "maxShiftsPerWeek": {"N": 4},
    "minMinutesPerWeek": 1920,
    "maxMinutesPerWeek": 2880,
    "maxConsecutiveShifts": 6,
    "minConsecutiveShifts": 2,
    "minConsecutiveDaysOff": 2,
    "maxWeekendsPer4Weeks": 3
  },
  "cover": [
    {"shiftCode": "M", "weekdays": [1, 2, 3, 4, 5], "required": 2, "weightUnder": 100, "weightOver": 1},
    {"shiftCode": "T", "weekdays": [1, 2, 3, 4, 5], "required": 2, "weightUnder": 100, "weightOver": 1},
    {"shiftCode": "N", "weekdays": [1, 2, 3, 4, 5], "required": 1, "weightUnder": 100, "weightOver": 1},
    {"shiftCode": "M", "weekdays": [6, 7], "required": 1, "weightUnder": 100, "weightOver": 1},
    {"shiftCode": "T", "weekdays": [6, 7], "required": 1, "weightUnder": 100, "weightOver": 1},
    {"shiftCode": "N", "weekdays": [6, 7], "required": 1, "weightUnder": 100, "weightOver": 1}
  ]
}$json$::jsonb);

-- A crew's wish or constraint for a day: day_off is hard (leave, training), on/off are soft.
create table shift_requests (
  id serial primary key,
  crew_id text not null references crews(id) on delete cascade,
  date date not null,
  kind text not null check (kind in ('day_off', 'on', 'off')),
  shift_code text,
  weight int not null default 1 check (weight between 1 and 100),
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  check (kind = 'day_off' or shift_code is not null)
);
create index shift_requests_crew_date_idx on shift_requests (crew_id, date);
create index shift_requests_date_idx on shift_requests (date);

create sequence roster_number;

create table rosters (
  id text primary key,
  start_date date not null,
  days int not null check (days between 1 and 56),
  -- the order of the roster's rows
  crew_ids text[] not null,
  status text not null check (status in ('generating', 'draft', 'published', 'superseded', 'failed')),
  -- the configuration the roster was generated under (its shift types and rules are checked
  -- against this snapshot, so a later configuration change does not rewrite an existing roster)
  config jsonb not null,
  time_limit_seconds int not null,
  seed int not null,
  -- live progress of the generation: { phase, elapsedSeconds, timeLimitSeconds, objective, bound }
  progress jsonb,
  objective double precision,
  message text,
  -- while generating: the best roster so far (string[][] in crew_ids order), when the solver has one
  incumbent jsonb,
  -- cancel asked through any instance; the instance running the generation polls it
  cancel_requested boolean not null default false,
  -- the server instance running the generation and its last sign of life (orphans are recovered)
  runner text,
  heartbeat_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  published_by text
);
create index rosters_status_idx on rosters (status, start_date);
create index rosters_generating_idx on rosters (heartbeat_at) where status = 'generating';

-- Worked days of a roster (days off are not stored). `live` marks the published shifts crews and
-- dispatchers read: true from publication until a newer published roster takes over the crew
-- and date (`superseded_by`).
create table roster_assignments (
  roster_id text not null references rosters(id) on delete cascade,
  crew_id text not null,
  date date not null,
  shift_code text not null,
  live boolean not null default false,
  superseded_by text references rosters(id) on delete set null,
  primary key (roster_id, crew_id, date)
);
-- "published shifts of a crew between dates" and "all published shifts between dates"
create index roster_assignments_live_crew_idx on roster_assignments (crew_id, date) where live;
create index roster_assignments_live_date_idx on roster_assignments (date) where live;
