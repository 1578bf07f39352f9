-- Field operations: order-type catalogue (configuration), crew capabilities, work orders and
-- their event log (every state change: who, when, where, from → to).
create table order_types (
  code text primary key,
  name text not null,
  default_priority text not null check (default_priority in ('emergency', 'high', 'normal', 'low')),
  response_minutes int not null check (response_minutes > 0),
  resolution_minutes int not null check (resolution_minutes > 0),
  required_skills text[] not null default '{}',
  required_equipment text[] not null default '{}',
  duration_minutes int not null check (duration_minutes > 0),
  -- fields the crew must capture on completion: [{ key, label, kind, required, pattern? }]
  completion_fields jsonb not null default '[]',
  active boolean not null default true,
  updated_at timestamptz not null default now()
);

insert into order_types (code, name, default_priority, response_minutes, resolution_minutes, required_skills, required_equipment, duration_minutes, completion_fields) values
  ('installation', 'Instalación de suministro', 'normal', 2880, 7200, '{installation}', '{ladder}', 90,
   '[{"key":"meter_serial","label":"Serie del medidor","kind":"text","required":true},{"key":"reading","label":"Lectura inicial (kWh)","kind":"number","required":true},{"key":"seal","label":"Precinto","kind":"text","required":true},{"key":"signature","label":"Firma del cliente","kind":"signature","required":true}]'),
  ('inspection', 'Inspección', 'normal', 2880, 7200, '{inspection}', '{}', 45,
   '[{"key":"findings","label":"Observaciones","kind":"text","required":true},{"key":"photo","label":"Foto","kind":"photo","required":false}]'),
  ('meter_change', 'Cambio de medidor', 'normal', 2880, 10080, '{metering}', '{ladder}', 60,
   '[{"key":"old_reading","label":"Lectura medidor retirado","kind":"number","required":true},{"key":"new_serial","label":"Serie medidor nuevo","kind":"text","required":true},{"key":"new_reading","label":"Lectura medidor nuevo","kind":"number","required":true},{"key":"seal","label":"Precinto","kind":"text","required":true}]'),
  ('cut', 'Corte por deuda', 'normal', 1440, 4320, '{cut}', '{}', 30,
   '[{"key":"reading","label":"Lectura (kWh)","kind":"number","required":true},{"key":"seal","label":"Precinto","kind":"text","required":true},{"key":"photo","label":"Foto","kind":"photo","required":true}]'),
  ('reconnection', 'Reconexión', 'high', 240, 1440, '{cut}', '{}', 30,
   '[{"key":"reading","label":"Lectura (kWh)","kind":"number","required":true}]'),
  ('removal', 'Retiro de medidor', 'low', 4320, 14400, '{metering}', '{}', 45,
   '[{"key":"reading","label":"Lectura final (kWh)","kind":"number","required":true}]'),
  ('emergency', 'Emergencia eléctrica', 'emergency', 30, 240, '{emergency}', '{bucket_truck}', 60,
   '[{"key":"cause","label":"Causa","kind":"text","required":true},{"key":"photo","label":"Foto","kind":"photo","required":false}]'),
  ('leak', 'Fuga / conductor caído', 'emergency', 30, 240, '{emergency}', '{}', 60,
   '[{"key":"cause","label":"Causa","kind":"text","required":true}]'),
  ('other', 'Otro', 'normal', 2880, 10080, '{}', '{}', 30, '[]');

alter table crews
  add column skills text[] not null default '{}',
  add column equipment text[] not null default '{}',
  add column home_base geography(Point, 4326),
  add column availability text not null default 'available'
    check (availability in ('available', 'busy', 'break', 'off'));

create table crew_members (
  crew_id text not null references crews(id) on delete cascade,
  user_id int not null references users(id) on delete cascade,
  primary key (crew_id, user_id)
);
create index crew_members_user_idx on crew_members(user_id);

create sequence work_order_number;

create table work_orders (
  id text primary key,
  type_code text not null references order_types(code),
  status text not null,
  priority text not null check (priority in ('emergency', 'high', 'normal', 'low')),
  location geography(Point, 4326) not null,
  address text not null,
  account_ref text,
  window_start timestamptz,
  window_end timestamptz,
  source text not null check (source in ('manual', 'request', 'dunning', 'outage', 'emergency_call')),
  notes text not null default '',
  crew_id text references crews(id),
  sequence int,
  respond_by timestamptz not null,
  resolve_by timestamptz not null,
  completion jsonb,
  failure_reason text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (window_start is null or window_end > window_start)
);
create index work_orders_open_idx on work_orders(status, priority) where status not in ('completed', 'failed', 'cancelled');
create index work_orders_crew_idx on work_orders(crew_id, sequence) where crew_id is not null;

create table work_order_events (
  id bigserial primary key,
  order_id text not null references work_orders(id),
  at timestamptz not null default now(),
  actor text not null,
  actor_user_id int references users(id),
  action text not null,
  from_status text,
  to_status text not null,
  crew_id text,
  -- where the crew was at that moment (its latest position), when known
  crew_lat double precision,
  crew_lon double precision,
  data jsonb,
  -- the crew app's idempotency key: a replayed offline action is applied once
  client_action_id text unique
);
create index work_order_events_order_idx on work_order_events(order_id, id);
create index work_order_events_at_idx on work_order_events(at);
