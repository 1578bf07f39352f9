/**
 * The demo workload of `npm start`: gives the simulated crews skills, fills an empty board with a
 * realistic morning of work orders around Montevideo (some assigned, one emergency waiting), and
 * keeps new orders coming while it runs — all through the public API, as a dispatcher would.
 *
 * It never fights a person: it acts only on orders it created and nobody else has touched
 * (`isOurs` over the order's events), and its follow-up actions carry `expectedVersion`, so a
 * dispatcher's change in between wins (409, logged, left alone).
 */
import { z } from 'zod';
import { buildNodeGridIndex, type LatLon } from '../../geo/src/index.ts';
import { DEFAULT_PROTOCOL_MIX, planFleet } from './fleet-plan.ts';
import { ApiError } from './fleet-api.ts';
import { consoleLogger, type SimulatorLogger } from './logger.ts';
import { createRng } from './rng.ts';
import {
  completionValues,
  crewMayWork,
  doableTypes,
  FAILURE_REASONS,
  isOurs,
  nextTrickleDelaySeconds,
  planCrewCapabilities,
  planInitialBatch,
  planTrickleOrder,
  type PlanCrew,
  type PlanCompletionField,
  type PlannedOrder,
  type PlanOrderType,
} from './demo-workload.plan.ts';
import { findReferenceDir, loadReferenceData, type ReferenceData } from './reference-data.ts';

export const demoWorkloadOptions = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** a dispatcher's (or admin's) bearer token; its username marks the workload's own actions */
  token: z.string().min(1),
  seed: z.number().int().default(1),
  /** the simulator's id prefix: only crews `{prefix}-c…` are given capabilities */
  prefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/).default('demo'),
  /** the simulator's fleet size and Montevideo share (to know each crew's home barrio or town) */
  vehicles: z.number().int().min(0).max(20_000).default(30),
  montevideoShare: z.number().min(0).max(1).default(0.7),
  /** orders of the first batch on an empty board (0 = no workload at all) */
  orders: z.number().int().min(0).max(5000).default(30),
  /** new orders per hour while running (0 = none) */
  ordersPerHour: z.number().min(0).max(3600).default(12),
  /** share of routine orders the workload assigns itself */
  assignShare: z.number().min(0).max(1).default(1 / 3),
  /** share of trickle orders that are emergencies or leaks */
  emergencyShare: z.number().min(0).max(1).default(0.12),
  /** an emergency nobody has taken after this many seconds is assigned by the workload */
  emergencyGraceSeconds: z.number().min(0).default(600),
  /** no new trickle orders while this many of the workload's orders are open (default 2 × orders, at least 20) */
  maxOpen: z.number().int().positive().optional(),
  /** seconds to wait for live positions before the first assignments (suggestions rank by them) */
  waitForFleetSeconds: z.number().min(0).max(120).default(20),
  /** simulated crews (with `fleet`): a job takes this share of its type's duration */
  workScale: z.number().positive().max(10).default(0.1),
  /** seconds a simulated crew takes to acknowledge, and to set off, [min, max] */
  crewReactionSeconds: z.tuple([z.number().min(0), z.number().min(0)]).default([10, 45]),
  /** share of jobs the crew cannot finish (customer away, no access…) */
  failShare: z.number().min(0).max(1).default(0.08),
  /** a crew parked at the job this long without the geofence setting it on site says it arrived */
  arriveFallbackSeconds: z.number().min(0).default(180),
  /** how often the simulated crews look at their orders */
  workEverySeconds: z.number().positive().max(300).default(5),
  referenceDir: z.string().optional(),
});
export type DemoWorkloadOptions = z.input<typeof demoWorkloadOptions> & {
  logger?: SimulatorLogger;
  signal?: AbortSignal;
  /** the street graph already loaded (the simulator's), else read from the reference folder */
  reference?: ReferenceData;
  /** the simulator's vehicles: given, its crews work the orders dispatched to them */
  fleet?: { vehicleOfCrew(crewId: string): CrewVehicle | undefined };
};

/** What the workload needs of a simulated vehicle (the simulator's `VehicleAgent`). */
export interface CrewVehicle {
  goTo(target: LatLon, holdSeconds: number): boolean;
  release(): void;
  readonly arrived: boolean;
}

export interface DemoWorkloadStats {
  crewsEquipped: number;
  created: number;
  assigned: number;
  dispatched: number;
  /** crew actions done by the simulated crews, by action */
  crewActions: Record<string, number>;
  /** actions refused because someone changed the order first */
  yielded: number;
  errors: number;
  lastError: string | null;
}

export interface RunningDemoWorkload {
  /** settles when the crews are equipped and the first batch is on the board (or skipped) */
  ready: Promise<void>;
  stop(): Promise<void>;
  stats(): DemoWorkloadStats;
}

const OPEN = 'new,scheduled,assigned,dispatched,acknowledged,en_route,on_site';

const orderShape = z.looseObject({
  id: z.string(),
  typeCode: z.string(),
  status: z.string(),
  priority: z.string(),
  crewId: z.string().nullable(),
  sequence: z.number().nullable(),
  lat: z.number(),
  lon: z.number(),
  version: z.number(),
  respondBy: z.string(),
  createdAt: z.string(),
});
type OrderLite = z.infer<typeof orderShape>;
const ordersResponse = z.object({ orders: z.array(orderShape), total: z.number() });
const typesResponse = z.object({
  orderTypes: z.array(
    z.looseObject({
      code: z.string(),
      name: z.string(),
      defaultPriority: z.enum(['emergency', 'high', 'normal', 'low']),
      requiredSkills: z.array(z.string()),
      requiredEquipment: z.array(z.string()),
      durationMinutes: z.number(),
      active: z.boolean(),
      completionFields: z
        .array(
          z.looseObject({
            key: z.string(),
            label: z.string(),
            kind: z.enum(['text', 'number', 'boolean', 'photo', 'signature']),
            required: z.boolean(),
            pattern: z.string().optional(),
          }),
        )
        .default([]),
    }),
  ),
});
const crewsResponse = z.object({
  crews: z.array(z.looseObject({ id: z.string(), name: z.string(), skills: z.array(z.string()), equipment: z.array(z.string()) })),
});
const meResponse = z.object({ user: z.looseObject({ username: z.string() }) });
const eventsResponse = z.object({ events: z.array(z.looseObject({ actor: z.string(), action: z.string() })) });
const suggestionsResponse = z.object({
  suggestions: z.array(
    z.looseObject({
      crewId: z.string(),
      capable: z.boolean(),
      availability: z.string(),
      from: z.string(),
      distanceM: z.number().nullable(),
      openOrders: z.number(),
    }),
  ),
});
const actionResponse = z.object({ order: orderShape });
const liveCount = z.object({ vehicles: z.array(z.unknown()) });
const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

class DemoApi {
  private readonly base: string;
  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly signal?: AbortSignal,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  async call<T extends z.ZodType>(schema: T, method: string, path: string, body?: unknown): Promise<z.infer<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(this.signal ? { signal: this.signal } : {}),
    });
    const text = await res.text();
    if (!res.ok) {
      let code = `http_${res.status}`;
      let message = text.slice(0, 200);
      try {
        const e = errorShape.safeParse(JSON.parse(text));
        if (e.success) ({ code, message } = e.data.error);
      } catch {
        // not JSON
      }
      throw new ApiError(res.status, code, `${method} ${path}: ${res.status} ${code}: ${message}`);
    }
    return schema.parse(text ? JSON.parse(text) : {});
  }
}

const NO_BODY = z.unknown();
const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts the demo workload against a running server (the simulator's crews should exist).
 *
 * @example
 * const w = startDemoWorkload({ baseUrl, token, prefix: 'demo', vehicles: 30, orders: 30, ordersPerHour: 12 });
 * await w.ready; // crews equipped, 30 orders on the board
 * await w.stop();
 */
export function startDemoWorkload(options: DemoWorkloadOptions): RunningDemoWorkload {
  const { logger = consoleLogger, signal: outer, reference: given, ...rest } = options;
  const opts = demoWorkloadOptions.parse(rest);
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;
  const api = new DemoApi(opts.baseUrl, opts.token, signal);
  const stats: DemoWorkloadStats = { crewsEquipped: 0, created: 0, assigned: 0, dispatched: 0, crewActions: {}, yielded: 0, errors: 0, lastError: null };
  const maxOpen = opts.maxOpen ?? Math.max(20, 2 * opts.orders);
  const timers = new Set<NodeJS.Timeout>();
  let me = '';
  let types: (PlanOrderType & { completionFields: PlanCompletionField[] })[] = [];
  let crews: (PlanCrew & { name: string })[] = [];
  let snap: ((p: LatLon) => LatLon) | undefined;

  const fail = (what: string, err: unknown) => {
    if (signal.aborted) return;
    stats.errors++;
    stats.lastError = `${what}: ${describe(err)}`;
    logger.warn({ err: describe(err) }, `demo workload: ${what} failed`);
  };
  /** resolves after `ms`, or at once when the workload stops */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(t);
        timers.delete(t);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      timers.add(t);
      signal.addEventListener('abort', done, { once: true });
    });

  /** crew id → home barrio (Montevideo) or town, from the simulator's own deterministic plan */
  const crewAreas = (ref: ReferenceData | null) => {
    const plans = planFleet({
      vehicles: opts.vehicles,
      seed: opts.seed,
      prefix: opts.prefix,
      montevideoShare: opts.montevideoShare,
      protocolMix: { ...DEFAULT_PROTOCOL_MIX },
      localities: ref?.localities ?? [],
    });
    return new Map(
      plans.map((p) => [
        p.crewId,
        p.area.kind === 'montevideo'
          ? { inMontevideo: true, home: p.area.home }
          : { inMontevideo: false, home: { lat: p.area.locality.lat, lon: p.area.locality.lon } },
      ]),
    );
  };

  const loadCatalogue = async () => {
    me = (await api.call(meResponse, 'GET', '/api/v1/auth/me')).user.username;
    types = (await api.call(typesResponse, 'GET', '/api/v1/order-types')).orderTypes;
    const areas = crewAreas(reference);
    crews = (await api.call(crewsResponse, 'GET', '/api/v1/crews')).crews
      .filter((c) => c.id.startsWith(`${opts.prefix}-c`))
      .map((c) => {
        const area = areas.get(c.id);
        return { id: c.id, name: c.name, skills: c.skills, equipment: c.equipment, inMontevideo: area?.inMontevideo ?? false, home: area?.home ?? null };
      });
  };

  const equipCrews = async () => {
    const patches = planCrewCapabilities({ seed: opts.seed, crews, types });
    for (const p of patches) {
      await api.call(NO_BODY, 'PATCH', `/api/v1/crews/${encodeURIComponent(p.crewId)}`, {
        skills: p.skills,
        equipment: p.equipment,
        ...(p.homeBase ? { homeBase: { lat: p.homeBase.lat, lon: p.homeBase.lon } } : {}),
      });
      const crew = crews.find((c) => c.id === p.crewId);
      if (crew) Object.assign(crew, { skills: p.skills, equipment: p.equipment });
      stats.crewsEquipped++;
    }
    if (patches.length > 0) {
      logger.info(
        { crews: patches.length, emergencyCrews: patches.filter((p) => p.skills.includes('emergency')).map((p) => p.crewId) },
        'demo workload: crews given skills and equipment',
      );
    }
  };

  const openOrders = async (): Promise<OrderLite[]> => {
    const out: OrderLite[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await api.call(ordersResponse, 'GET', `/api/v1/orders?status=${OPEN}&limit=1000&offset=${offset}`);
      out.push(...page.orders);
      if (page.orders.length < 1000) return out;
    }
  };

  const waitForFleet = async () => {
    const until = Date.now() + opts.waitForFleetSeconds * 1000;
    while (!signal.aborted && Date.now() < until) {
      const live = await api.call(liveCount, 'GET', '/api/v1/vehicles/live').catch(() => ({ vehicles: [] }));
      if (live.vehicles.length >= Math.min(crews.length, Math.max(1, Math.ceil(crews.length / 2)))) return;
      await sleep(1000);
    }
  };

  /** the nearest capable, available crew by the server's own suggestions (routine work ≤ 8 km away), or null */
  const pickCrew = async (order: OrderLite): Promise<string | null> => {
    const { suggestions } = await api.call(suggestionsResponse, 'GET', `/api/v1/orders/${order.id}/suggestions`);
    // an emergency takes whoever can do it, however far
    const maxM = order.priority === 'emergency' ? Infinity : 8000;
    const ok = suggestions.filter((s) => s.capable && s.availability === 'available' && s.from !== 'none' && (s.distanceM ?? Infinity) <= maxM);
    // suggestions come best first; a crew already carrying many orders is passed over
    return (ok.find((s) => s.openOrders < 4) ?? ok[0])?.crewId ?? null;
  };

  /** assign (and maybe dispatch) an order, yielding to anyone who changed it since `version` */
  const assign = async (order: OrderLite, then: 'assign' | 'dispatch', opt: { preempt?: boolean } = {}): Promise<OrderLite | null> => {
    const crewId = await pickCrew(order);
    if (!crewId) {
      logger.info({ orderId: order.id, type: order.typeCode }, 'demo workload: no capable crew nearby; left for a dispatcher');
      return null;
    }
    try {
      let cur = (
        await api.call(actionResponse, 'POST', `/api/v1/orders/${order.id}/actions`, {
          action: 'assign',
          crewId,
          expectedVersion: order.version,
          ...(opt.preempt ? { preempt: true } : {}),
        })
      ).order;
      stats.assigned++;
      if (then === 'dispatch') {
        cur = (await api.call(actionResponse, 'POST', `/api/v1/orders/${order.id}/actions`, { action: 'dispatch', expectedVersion: cur.version })).order;
        stats.dispatched++;
      }
      logger.info({ orderId: order.id, type: order.typeCode, crewId, status: cur.status }, 'demo workload: order assigned');
      return cur;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // a person got there first: theirs now
        stats.yielded++;
        logger.info({ orderId: order.id, reason: err.code }, 'demo workload: order changed by someone else; leaving it');
        return null;
      }
      throw err;
    }
  };

  const create = async (p: PlannedOrder): Promise<OrderLite> => {
    const order = await api.call(orderShape, 'POST', '/api/v1/orders', p.body);
    stats.created++;
    return order;
  };

  const context = () => ({ seed: opts.seed, types, crews, now: Date.now(), ...(snap ? { snap } : {}) });

  const initialBatch = async () => {
    const open = await openOrders();
    const batch = planInitialBatch({ ...context(), count: opts.orders, openOrders: open.length, assignShare: opts.assignShare });
    if (batch.length === 0) {
      logger.info({ open: open.length }, 'demo workload: orders already open; no initial batch');
      return;
    }
    if (doableTypes({ types, crews }).length === 0) {
      logger.warn({}, 'demo workload: no order type any Montevideo crew can do; nothing created');
      return;
    }
    const created: [PlannedOrder, OrderLite][] = [];
    for (const p of batch) {
      if (signal.aborted) return;
      created.push([p, await create(p)]);
    }
    logger.info(
      { created: created.length, byType: countBy(created.map(([p]) => p.body.typeCode)) },
      'demo workload: initial batch of orders created',
    );
    await waitForFleet();
    for (const [p, o] of created) {
      if (signal.aborted) return;
      if (p.then === 'leave') continue;
      await assign(o, p.then).catch((err: unknown) => fail(`assign ${o.id}`, err));
    }
  };

  /** an emergency of ours nobody took within the grace period: the nearest capable crew goes */
  const coverEmergencies = async () => {
    const now = Date.now();
    const waiting = (await openOrders()).filter(
      (o) => o.priority === 'emergency' && o.crewId === null && now - Date.parse(o.createdAt) >= opts.emergencyGraceSeconds * 1000,
    );
    for (const o of waiting) {
      if (signal.aborted) return;
      const { events } = await api.call(eventsResponse, 'GET', `/api/v1/orders/${o.id}/events`);
      if (!isOurs(events, me)) continue;
      // the batch's emergency stays for the wall map until its response time runs out; later ones
      // get help after the grace period
      if (o.id === keepWaiting && now < Date.parse(o.respondBy)) continue;
      await assign(o, 'dispatch', { preempt: true });
    }
  };
  let keepWaiting: string | null = null;

  const trickle = async () => {
    let n = (await api.call(ordersResponse, 'GET', '/api/v1/orders?limit=1')).total;
    while (!signal.aborted && opts.ordersPerHour > 0) {
      await sleep(nextTrickleDelaySeconds(opts.seed, n, opts.ordersPerHour) * 1000);
      if (signal.aborted) return;
      try {
        await coverEmergencies();
        const open = await openOrders();
        if (open.length >= maxOpen) {
          logger.info({ open: open.length, maxOpen }, 'demo workload: board is full; no new order this time');
          n++;
          continue;
        }
        const p = planTrickleOrder({ ...context(), n, emergencyShare: opts.emergencyShare, assignShare: opts.assignShare });
        n++;
        if (!p) continue;
        const o = await create(p);
        logger.info({ orderId: o.id, type: o.typeCode, priority: o.priority, barrio: p.barrio }, 'demo workload: new order');
        if (p.then !== 'leave') await assign(o, p.then);
      } catch (err) {
        fail('new order', err);
      }
    }
  };

  // ── simulated crews work their dispatched orders ──
  const fleet = options.fleet;
  const CREW_STATUSES = ['on_site', 'en_route', 'acknowledged', 'dispatched'];
  const jobs = new Map<string, { status: string; since: number; arrivedAt: number | null; refused: boolean }>();
  /** crew → the order its vehicle was sent to */
  const missions = new Map<string, string>();

  /** a crew action, if no person has taken the order over; false when it was not done */
  const crewAct = async (o: OrderLite, body: Record<string, unknown>): Promise<boolean> => {
    const job = jobs.get(o.id);
    const { events } = await api.call(eventsResponse, 'GET', `/api/v1/orders/${o.id}/events`);
    if (!crewMayWork(events, me)) {
      if (job) job.refused = true;
      logger.info({ orderId: o.id }, 'demo crew: a person is working this order; leaving it to them');
      return false;
    }
    try {
      await api.call(actionResponse, 'POST', `/api/v1/orders/${o.id}/actions`, { ...body, expectedVersion: o.version });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        stats.yielded++;
        logger.info({ orderId: o.id, action: body['action'], reason: err.code }, 'demo crew: order changed meanwhile; looking again');
        return false;
      }
      throw err;
    }
    const action = String(body['action']);
    stats.crewActions[action] = (stats.crewActions[action] ?? 0) + 1;
    logger.info({ orderId: o.id, crewId: o.crewId, action, ...(body['reason'] ? { reason: body['reason'] } : {}) }, 'demo crew: order updated');
    return true;
  };

  /** sends the crew's vehicle to the order (once); false when it cannot drive there */
  const drive = (crewId: string, o: OrderLite, vehicle: CrewVehicle): boolean => {
    if (missions.get(crewId) === o.id) return true;
    // hold far longer than any job: the crew leaves when the workload releases it
    if (!vehicle.goTo({ lat: o.lat, lon: o.lon }, 6 * 3600)) return false;
    missions.set(crewId, o.id);
    return true;
  };

  const finish = async (crewId: string, o: OrderLite, vehicle: CrewVehicle) => {
    const rng = createRng(`${opts.seed}:finish:${o.id}`);
    const type = types.find((t) => t.code === o.typeCode);
    const filled = completionValues(rng, type?.completionFields ?? []);
    const done =
      rng.chance(opts.failShare) || 'missing' in filled
        ? await crewAct(o, { action: 'fail', reason: 'missing' in filled ? `No se pudo registrar: ${filled.missing}` : rng.pick(FAILURE_REASONS) })
        : await crewAct(o, { action: 'complete', completion: filled.values });
    if (done) {
      vehicle.release();
      missions.delete(crewId);
    }
  };

  const workOn = async (crewId: string, o: OrderLite, vehicle: CrewVehicle) => {
    const now = Date.now();
    let job = jobs.get(o.id);
    if (!job || job.status !== o.status) {
      job = { status: o.status, since: now, arrivedAt: null, refused: job?.refused ?? false };
      jobs.set(o.id, job);
    }
    if (job.refused) return;
    const rng = createRng(`${opts.seed}:work:${o.id}:${o.status}`);
    const [lo, hi] = opts.crewReactionSeconds;
    const reacted = now - job.since >= rng.range(lo, Math.max(lo, hi)) * 1000;
    if (o.status === 'dispatched') {
      if (reacted) await crewAct(o, { action: 'acknowledge' });
    } else if (o.status === 'acknowledged') {
      if (!reacted) return;
      if (!drive(crewId, o, vehicle)) {
        job.refused = true;
        logger.info({ orderId: o.id, crewId }, 'demo crew: its vehicle cannot drive there (town crew or off the street graph); left to a person');
        return;
      }
      await crewAct(o, { action: 'start_travel' });
    } else if (o.status === 'en_route') {
      if (!drive(crewId, o, vehicle)) {
        job.refused = true;
        return;
      }
      // the server's geofence sets it on site; should it miss (link down, a point off the
      // streets), the crew says it arrived, as a person would
      if (vehicle.arrived) {
        job.arrivedAt ??= now;
        if (now - job.arrivedAt >= opts.arriveFallbackSeconds * 1000) await crewAct(o, { action: 'arrive', reason: 'la cuadrilla indica que llegó' });
      }
    } else if (o.status === 'on_site') {
      drive(crewId, o, vehicle);
      const minutes = types.find((t) => t.code === o.typeCode)?.durationMinutes ?? 30;
      if (now - job.since >= minutes * 60_000 * opts.workScale * rng.range(0.7, 1.3)) await finish(crewId, o, vehicle);
    }
  };

  const workTick = async () => {
    if (!fleet) return;
    const active = (await api.call(ordersResponse, 'GET', `/api/v1/orders?status=${CREW_STATUSES.join(',')}&limit=1000`)).orders;
    const byCrew = new Map<string, OrderLite[]>();
    for (const o of active) {
      if (!o.crewId || !o.crewId.startsWith(`${opts.prefix}-c`)) continue;
      byCrew.set(o.crewId, [...(byCrew.get(o.crewId) ?? []), o]);
    }
    const current = new Map<string, string>();
    for (const [crewId, list] of byCrew) {
      const vehicle = fleet.vehicleOfCrew(crewId);
      if (!vehicle) continue;
      // the job in hand first, then the next in the crew's sequence
      list.sort((a, b) => CREW_STATUSES.indexOf(a.status) - CREW_STATUSES.indexOf(b.status) || (a.sequence ?? 1e9) - (b.sequence ?? 1e9));
      const o = list[0] as OrderLite;
      current.set(crewId, o.id);
      if (signal.aborted) return;
      await workOn(crewId, o, vehicle).catch((err: unknown) => fail(`crew work on ${o.id}`, err));
    }
    // a job taken away (unassigned, cancelled, closed by a person): the vehicle drives on
    for (const [crewId, orderId] of missions) {
      if (current.get(crewId) === orderId) continue;
      fleet.vehicleOfCrew(crewId)?.release();
      missions.delete(crewId);
    }
    const live = new Set(active.map((o) => o.id));
    for (const id of jobs.keys()) if (!live.has(id)) jobs.delete(id);
  };

  const crewWork = async () => {
    while (!signal.aborted && fleet) {
      await workTick().catch((err: unknown) => fail('crew work', err));
      await sleep(opts.workEverySeconds * 1000);
    }
  };

  let reference: ReferenceData | null = given ?? null;
  const ready = (async () => {
    if (opts.orders === 0) return;
    reference ??= loadReferenceData(findReferenceDir(opts.referenceDir));
    if (reference.graph) {
      const graph = reference.graph;
      const index = buildNodeGridIndex(graph);
      // onto the nearest street node when one is close (an order sits on a street, not in a block)
      snap = (p) => {
        const near = index.nearest(p);
        return near && near.distanceM <= 250 ? { lat: graph.lat[near.node] ?? p.lat, lon: graph.lon[near.node] ?? p.lon } : p;
      };
    }
    await loadCatalogue();
    await equipCrews();
    await initialBatch();
    const waitingEmergency = (await openOrders()).find((o) => o.priority === 'emergency' && o.crewId === null);
    keepWaiting = waitingEmergency?.id ?? null;
  })();
  const readyHandled = ready.catch((err: unknown) => fail('start', err));
  const running = readyHandled.then(() =>
    signal.aborted || opts.orders === 0 ? undefined : Promise.all([trickle(), crewWork()]).then(() => undefined),
  );

  let stopping: Promise<void> | null = null;
  return {
    ready,
    stats: () => ({ ...stats }),
    stop: () => {
      stopping ??= (async () => {
        controller.abort();
        outer?.removeEventListener('abort', onOuterAbort);
        await running.catch(() => undefined);
        logger.info({ ...stats }, 'demo workload stopped');
      })();
      return stopping;
    },
  };
}

function countBy(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}
