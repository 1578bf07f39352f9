-- "Optimize today" (issue 4): day-plan proposals, stored so that any server instance can apply
-- the one a dispatcher accepts. `snapshot` holds what the proposal was computed from (order
-- versions, each crew's open orders): apply refuses when any of it changed since.
create table day_plan_proposals (
  id text primary key,
  created_at timestamptz not null default now(),
  created_by text not null,
  created_by_user_id int references users(id),
  -- { orders: { <orderId>: <version> }, crews: { <crewId>: [<open order ids>] } }
  snapshot jsonb not null,
  -- [{ crewId, orderIds }] lists to apply (the frozen job excluded: it stays first)
  sequences jsonb not null,
  -- the proposal as answered to the dispatcher (before/after, crews, unassigned)
  summary jsonb not null,
  applied_at timestamptz,
  applied_by text,
  result jsonb
);
create index day_plan_proposals_created_idx on day_plan_proposals(created_at);
