import type pg from 'pg';
import { inTransaction, type Pool } from '../../infra/db.ts';
import type { OrderEvent, OrderListQuery, OrderType, OrderTypeInput, Priority, WorkOrder } from '../../contracts/index.ts';
import type { OrderStatus } from './work-order.state.ts';

type Q = Pick<pg.Pool, 'query'>;

const ORDER_COLUMNS = `o.id, o.type_code as "typeCode", t.name as "typeName", o.status, o.priority,
  st_y(o.location::geometry) as lat, st_x(o.location::geometry) as lon, o.address, o.account_ref as "accountRef",
  o.contact_name as "contactName", o.contact_phone as "contactPhone", o.window_start as "windowStart", o.window_end as "windowEnd", o.source, o.notes, o.crew_id as "crewId",
  o.sequence, o.respond_by as "respondBy", o.resolve_by as "resolveBy", o.completion,
  o.failure_reason as "failureReason", o.version, o.created_at as "createdAt", o.updated_at as "updatedAt"`;

const EVENT_COLUMNS = `id::int as id, order_id as "orderId", at, actor, action, from_status as "fromStatus",
  to_status as "toStatus", crew_id as "crewId", crew_lat as "crewLat", crew_lon as "crewLon", data`;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

function toOrder(r: Record<string, unknown>): WorkOrder {
  return {
    ...(r as unknown as WorkOrder),
    windowStart: iso(r['windowStart']),
    windowEnd: iso(r['windowEnd']),
    respondBy: iso(r['respondBy']) ?? '',
    resolveBy: iso(r['resolveBy']) ?? '',
    createdAt: iso(r['createdAt']) ?? '',
    updatedAt: iso(r['updatedAt']) ?? '',
  };
}
function toEvent(r: Record<string, unknown>): OrderEvent {
  return { ...(r as unknown as OrderEvent), at: iso(r['at']) ?? '' };
}

export interface CrewRow {
  id: string;
  name: string;
  skills: string[];
  equipment: string[];
  availability: 'available' | 'busy' | 'break' | 'off';
  homeLat: number | null;
  homeLon: number | null;
  vehicleId: string | null;
}

export interface NewOrderRow {
  typeCode: string;
  status: OrderStatus;
  priority: Priority;
  lat: number;
  lon: number;
  address: string;
  accountRef: string | null;
  contactName: string | null;
  contactPhone: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  source: string;
  notes: string;
  respondBy: Date;
  resolveBy: Date;
}

export interface EventRow {
  orderId: string;
  actor: string;
  actorUserId: number | null;
  action: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  crewId: string | null;
  crewLat: number | null;
  crewLon: number | null;
  data: unknown;
  clientActionId: string | null;
}

export class FieldRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Runs `fn` in one transaction: an action changes the order and writes its event, or neither.
   * Inside `fn`, query only through `q`: the embedded database multiplexes connections onto one
   * session and would wait for this transaction forever.
   */
  tx<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  async orderTypes(q: Q = this.pool): Promise<OrderType[]> {
    const r = await q.query(
      `select code, name, default_priority as "defaultPriority", response_minutes as "responseMinutes",
              resolution_minutes as "resolutionMinutes", required_skills as "requiredSkills",
              required_equipment as "requiredEquipment", duration_minutes as "durationMinutes",
              completion_fields as "completionFields", active
         from order_types order by code`,
    );
    return r.rows as OrderType[];
  }

  async upsertOrderType(code: string, t: OrderTypeInput): Promise<{ before: OrderType | null }> {
    const before = (await this.orderTypes()).find((x) => x.code === code) ?? null;
    await this.pool.query(
      `insert into order_types (code, name, default_priority, response_minutes, resolution_minutes, required_skills,
                                required_equipment, duration_minutes, completion_fields, active, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       on conflict (code) do update set name = excluded.name, default_priority = excluded.default_priority,
         response_minutes = excluded.response_minutes, resolution_minutes = excluded.resolution_minutes,
         required_skills = excluded.required_skills, required_equipment = excluded.required_equipment,
         duration_minutes = excluded.duration_minutes, completion_fields = excluded.completion_fields,
         active = excluded.active, updated_at = now()`,
      [code, t.name, t.defaultPriority, t.responseMinutes, t.resolutionMinutes, t.requiredSkills, t.requiredEquipment, t.durationMinutes, JSON.stringify(t.completionFields), t.active],
    );
    return { before };
  }

  async insertOrder(q: Q, o: NewOrderRow): Promise<string> {
    const r = await q.query<{ id: string }>(
      `insert into work_orders (id, type_code, status, priority, location, address, account_ref, window_start, window_end,
                                source, notes, respond_by, resolve_by, contact_name, contact_phone)
       values ('OT-' || lpad(nextval('work_order_number')::text, 7, '0'), $1, $2, $3,
               st_setsrid(st_makepoint($4, $5), 4326)::geography, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       returning id`,
      [o.typeCode, o.status, o.priority, o.lon, o.lat, o.address, o.accountRef, o.windowStart, o.windowEnd, o.source, o.notes, o.respondBy, o.resolveBy, o.contactName, o.contactPhone],
    );
    return (r.rows[0] as { id: string }).id;
  }

  async order(q: Q, id: string, forUpdate = false): Promise<WorkOrder | null> {
    const r = await q.query(
      `select ${ORDER_COLUMNS} from work_orders o join order_types t on t.code = o.type_code where o.id = $1 ${forUpdate ? 'for update of o' : ''}`,
      [id],
    );
    return r.rows[0] ? toOrder(r.rows[0] as Record<string, unknown>) : null;
  }

  find(id: string): Promise<WorkOrder | null> {
    return this.order(this.pool, id);
  }

  async updateOrder(
    q: Q,
    id: string,
    c: { status: OrderStatus; crewId: string | null; sequence: number | null; completion?: unknown; failureReason?: string | null },
  ): Promise<void> {
    await q.query(
      `update work_orders set status = $2, crew_id = $3, sequence = $4,
              completion = coalesce($5::jsonb, completion), failure_reason = coalesce($6, failure_reason),
              version = version + 1, updated_at = now()
        where id = $1`,
      [id, c.status, c.crewId, c.sequence, c.completion === undefined ? null : JSON.stringify(c.completion), c.failureReason ?? null],
    );
  }

  async nextSequence(q: Q, crewId: string): Promise<number> {
    const r = await q.query<{ n: number }>(
      `select coalesce(max(sequence), 0) + 1 as n from work_orders
        where crew_id = $1 and status not in ('completed', 'failed', 'cancelled')`,
      [crewId],
    );
    return r.rows[0]?.n ?? 1;
  }

  async insertEvent(q: Q, e: EventRow): Promise<OrderEvent> {
    const r = await q.query(
      `insert into work_order_events (order_id, actor, actor_user_id, action, from_status, to_status, crew_id, crew_lat, crew_lon, data, client_action_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${EVENT_COLUMNS}`,
      [e.orderId, e.actor, e.actorUserId, e.action, e.fromStatus, e.toStatus, e.crewId, e.crewLat, e.crewLon, e.data === undefined ? null : JSON.stringify(e.data), e.clientActionId],
    );
    return toEvent(r.rows[0] as Record<string, unknown>);
  }

  async eventByClientActionId(q: Q, clientActionId: string): Promise<OrderEvent | null> {
    const r = await q.query(`select ${EVENT_COLUMNS} from work_order_events where client_action_id = $1`, [clientActionId]);
    return r.rows[0] ? toEvent(r.rows[0] as Record<string, unknown>) : null;
  }

  async events(orderId: string): Promise<OrderEvent[]> {
    const r = await this.pool.query(`select ${EVENT_COLUMNS} from work_order_events where order_id = $1 order by id`, [orderId]);
    return r.rows.map((x) => toEvent(x as Record<string, unknown>));
  }

  async list(f: OrderListQuery & { statuses?: string[] }): Promise<{ orders: WorkOrder[]; total: number }> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (f.statuses?.length) add('o.status = any(?)', f.statuses);
    if (f.priority) add('o.priority = ?', f.priority);
    if (f.crewId) add('o.crew_id = ?', f.crewId);
    if (f.typeCode) add('o.type_code = ?', f.typeCode);
    if (f.q) add(`(o.id ilike ? or o.address ilike $${args.length + 1} or coalesce(o.account_ref, '') ilike $${args.length + 1})`, `%${f.q}%`);
    const w = where.length ? `where ${where.join(' and ')}` : '';
    const total = await this.pool.query<{ n: number }>(`select count(*)::int as n from work_orders o ${w}`, args);
    const r = await this.pool.query(
      `select ${ORDER_COLUMNS} from work_orders o join order_types t on t.code = o.type_code ${w}
        order by case o.priority when 'emergency' then 0 when 'high' then 1 when 'normal' then 2 else 3 end, o.resolve_by, o.id
        limit ${f.limit} offset ${f.offset}`,
      args,
    );
    return { orders: r.rows.map((x) => toOrder(x as Record<string, unknown>)), total: total.rows[0]?.n ?? 0 };
  }

  /** Order events in a time range (with the order's place), oldest first. */
  async eventsInRange(f: { from: Date; to: Date; crewId?: string; orderId?: string; bbox?: [number, number, number, number]; limit: number }): Promise<(OrderEvent & { orderLat: number; orderLon: number; typeCode: string; priority: string })[]> {
    const r = await this.pool.query(
      `select e.id::int as id, e.order_id as "orderId", e.at, e.actor, e.action, e.from_status as "fromStatus",
              e.to_status as "toStatus", e.crew_id as "crewId", e.crew_lat as "crewLat", e.crew_lon as "crewLon", e.data,
              st_y(o.location::geometry) as "orderLat", st_x(o.location::geometry) as "orderLon", o.type_code as "typeCode", o.priority
         from work_order_events e join work_orders o on o.id = e.order_id
        where e.at between $1 and $2
          and ($3::text is null or e.crew_id = $3)
          and ($4::text is null or e.order_id = $4)
          and ($5::float8[] is null or st_intersects(o.location, st_makeenvelope($5[1], $5[2], $5[3], $5[4], 4326)::geography))
        order by e.at, e.id
        limit $6`,
      [f.from, f.to, f.crewId ?? null, f.orderId ?? null, f.bbox ?? null, f.limit],
    );
    return r.rows.map((x) => ({ ...(x as OrderEvent & { orderLat: number; orderLon: number; typeCode: string; priority: string }), at: (x as { at: Date }).at.toISOString() }));
  }

  /** First and last event of an order (the default replay window for it). */
  async eventSpan(orderId: string): Promise<{ first: Date; last: Date } | null> {
    const r = await this.pool.query<{ first: Date | null; last: Date | null }>('select min(at) as first, max(at) as last from work_order_events where order_id = $1', [orderId]);
    const row = r.rows[0];
    return row?.first && row.last ? { first: row.first, last: row.last } : null;
  }

  async crewOrders(crewId: string): Promise<WorkOrder[]> {
    const r = await this.pool.query(
      `select ${ORDER_COLUMNS} from work_orders o join order_types t on t.code = o.type_code
        where o.crew_id = $1
          and (o.status not in ('completed', 'failed', 'cancelled')
               -- the day's finished work stays on the list (Montevideo day)
               or o.updated_at >= (date_trunc('day', now() at time zone 'America/Montevideo') at time zone 'America/Montevideo'))
        order by o.sequence nulls last, o.id`,
      [crewId],
    );
    return r.rows.map((x) => toOrder(x as Record<string, unknown>));
  }

  /** Sets the crew's order sequence; every open order of the crew must be listed exactly once. */
  async resequence(q: Q, crewId: string, orderIds: string[]): Promise<void> {
    await q.query(
      `update work_orders o set sequence = s.n, version = version + 1, updated_at = now()
         from unnest($2::text[]) with ordinality as s(id, n)
        where o.id = s.id and o.crew_id = $1`,
      [crewId, orderIds],
    );
  }

  async openOrderIdsOfCrew(q: Q, crewId: string): Promise<string[]> {
    const r = await q.query<{ id: string }>(
      `select id from work_orders where crew_id = $1 and status not in ('completed', 'failed', 'cancelled') order by id for update`,
      [crewId],
    );
    return r.rows.map((x) => x.id);
  }

  async crewExists(q: Q, crewId: string): Promise<boolean> {
    return ((await q.query('select 1 from crews where id = $1', [crewId])).rowCount ?? 0) > 0;
  }

  async crewsOfUser(userId: number): Promise<string[]> {
    const r = await this.pool.query<{ crewId: string }>('select crew_id as "crewId" from crew_members where user_id = $1', [userId]);
    return r.rows.map((x) => x.crewId);
  }

  async setCrewMembers(crewId: string, userIds: number[]): Promise<void> {
    await this.tx(async (q) => {
      await q.query('delete from crew_members where crew_id = $1', [crewId]);
      if (userIds.length) await q.query('insert into crew_members (crew_id, user_id) select $1, unnest($2::int[])', [crewId, userIds]);
    });
  }

  async crews(): Promise<CrewRow[]> {
    const r = await this.pool.query<CrewRow>(
      `select c.id, c.name, c.skills, c.equipment, c.availability,
              case when c.home_base is null then null else st_y(c.home_base::geometry) end as "homeLat",
              case when c.home_base is null then null else st_x(c.home_base::geometry) end as "homeLon",
              (select v.id from vehicles v where v.crew_id = c.id order by v.id limit 1) as "vehicleId"
         from crews c order by c.id`,
    );
    return r.rows;
  }

  async patchCrew(id: string, p: { name?: string; skills?: string[]; equipment?: string[]; availability?: string; homeBase?: { lat: number; lon: number } | null }): Promise<boolean> {
    const r = await this.pool.query(
      `update crews set name = coalesce($2, name), skills = coalesce($3, skills), equipment = coalesce($4, equipment),
              availability = coalesce($5, availability),
              home_base = case when $6::boolean then (case when $7::float8 is null then null else st_setsrid(st_makepoint($8, $7), 4326)::geography end) else home_base end
        where id = $1`,
      [id, p.name ?? null, p.skills ?? null, p.equipment ?? null, p.availability ?? null, p.homeBase !== undefined, p.homeBase?.lat ?? null, p.homeBase?.lon ?? null],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Open orders per crew with the one it is working on or heading to (for suggestions and pre-emption). */
  async activeOrders(q: Q = this.pool): Promise<WorkOrder[]> {
    const r = await q.query(
      `select ${ORDER_COLUMNS} from work_orders o join order_types t on t.code = o.type_code
        where o.crew_id is not null and o.status not in ('completed', 'failed', 'cancelled')
        order by o.crew_id, o.sequence nulls last`,
    );
    return r.rows.map((x) => toOrder(x as Record<string, unknown>));
  }

  /** When each en-route/on-site order changed to its current status (for remaining-work estimates). */
  async lastTransitionAt(orderIds: string[]): Promise<Map<string, Date>> {
    if (orderIds.length === 0) return new Map();
    const r = await this.pool.query<{ orderId: string; at: Date }>(
      `select order_id as "orderId", max(at) as at from work_order_events where order_id = any($1) group by order_id`,
      [orderIds],
    );
    return new Map(r.rows.map((x) => [x.orderId, x.at]));
  }

  async vehicleOfCrew(crewId: string, q: Q = this.pool): Promise<string | null> {
    const r = await q.query<{ id: string }>('select id from vehicles where crew_id = $1 order by id limit 1', [crewId]);
    return r.rows[0]?.id ?? null;
  }
}
