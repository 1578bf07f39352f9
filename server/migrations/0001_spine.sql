-- Spine: users and sessions, audit log, fleet (crews, vehicles, devices), GPS history.
create extension if not exists postgis;

create table users (
  id serial primary key,
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  roles text[] not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

-- Only a hash of the bearer token is stored: a leaked table does not leak sessions.
create table sessions (
  token_hash text primary key,
  user_id int not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions(user_id);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_user_id int references users(id),
  actor text not null,
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_log_entity_idx on audit_log(entity, entity_id);

create table crews (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table vehicles (
  id text primary key,
  label text not null,
  plate text,
  crew_id text references crews(id),
  created_at timestamptz not null default now()
);

create table devices (
  id text primary key,
  protocol text not null check (protocol in ('vatio', 'owntracks', 'osmand')),
  secret_hash text not null,
  -- PBKDF2-SHA512 in Mosquitto's password-file format, so an external broker can be given the same secret
  broker_hash text not null,
  owntracks_user text,
  vehicle_id text references vehicles(id),
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index devices_vehicle_idx on devices(vehicle_id) where vehicle_id is not null;

-- GPS history, partitioned by UTC day; partitions are created on demand by the writer.
-- (device_id, fix_time) is the identity of a fix: a redelivered message is stored once.
create table positions (
  device_id text not null,
  vehicle_id text,
  fix_time timestamptz not null,
  received_at timestamptz not null,
  geog geography(Point, 4326) not null,
  speed real,
  heading real,
  accuracy real,
  battery real,
  primary key (device_id, fix_time)
) partition by range (fix_time);
create index positions_vehicle_time_idx on positions (vehicle_id, fix_time);
