/**
 * "Optimize today", the pure part: the board's crews and open orders → a VRPTW problem for the
 * optimizer, and plans (the current one, the proposed one) → figures a dispatcher compares.
 * No I/O: the service gathers the inputs and the travel-time matrix.
 *
 * Rules (issue 4):
 * - orders en route / on site are frozen: their crew starts from that order's place once its
 *   remaining work is done (on site: the type's duration minus the time already there, at least
 *   5 min; en route: the drive there plus the whole duration);
 * - new / scheduled orders, and `assigned` ones, may go to any capable crew; `dispatched` and
 *   `acknowledged` ones stay with their crew (it has the order on its terminal) but may move in
 *   its list — a `crew:<id>` pseudo-skill pins them;
 * - required skills and equipment of the order type are skills the crew must have;
 * - appointments are hard time windows; an emergency must start within its response SLA, or
 *   within 15 min of the earliest any capable crew could be there when the SLA cannot be met;
 * - priorities weigh what is left out: one emergency outweighs all other work together
 *   (lexicographic), then high 30 : normal 10 : low 3;
 * - a crew's break (its shift type's, or DAY_PLAN_BREAK without a roster) is taken inside its
 *   window wherever the crew is; a window already past, or a crew on break now, means none;
 * - orders with an appointment starting after the horizon are not today's work and are left
 *   alone; an order already on a crew's list that the plan leaves out stays on that list, at
 *   the end (the optimizer reports it, it takes no work away).
 */
import type { PlannedRoute, VrptwBreak, VrptwOrder, VrptwPlan, VrptwProblem, VrptwVehicle } from '../../../../optimizer/src/vrptw/index.ts';
import type { DayPlanCrew, DayPlanFigures, DayPlanReason, DayPlanUnassigned, OrderType, WorkOrder } from '../../contracts/index.ts';

/** Slack after the earliest possible arrival at an emergency whose response SLA is already lost. */
export const EMERGENCY_GRACE_SECONDS = 900;

export const PLANNABLE_STATUSES = ['new', 'scheduled', 'assigned', 'dispatched', 'acknowledged'] as const;
const MOVABLE = new Set(['new', 'scheduled', 'assigned']);
const PINNED = new Set(['dispatched', 'acknowledged']);
const FROZEN = new Set(['en_route', 'on_site']);

/** Weight of leaving an order out, as the solver's `priority` (cost 1 + priority). */
export const PRIORITY_WEIGHT: Record<WorkOrder['priority'], number> = { emergency: 1_000_000, high: 29, normal: 9, low: 2 };

export interface Point {
  lat: number;
  lon: number;
}

export interface DayPlanCrewInput {
  id: string;
  name: string;
  skills: readonly string[];
  equipment: readonly string[];
  availability: 'available' | 'busy' | 'break' | 'off';
  /** where the day starts now (live if fresh, else home base) and how that was decided */
  start: Point | null;
  startFrom: 'live' | 'stale' | 'home_base';
  home: Point | null;
  /** shift in epoch seconds; null: no published shift today */
  shift: { start: number; end: number } | null;
  /** the break to take (lunch): when it may start (epoch seconds) and its length; null: none */
  breakWindow?: { earliest: number; latest: number; minutes: number } | null;
}

export interface DayPlanInput {
  /** epoch seconds: time 0 of the problem */
  now: number;
  crews: readonly DayPlanCrewInput[];
  /** every open order (any crew, any status) */
  orders: readonly WorkOrder[];
  types: readonly OrderType[];
  /** epoch seconds of each frozen order's last status change (arrival on site, start of travel) */
  since: ReadonlyMap<string, number>;
  /** restrict to these crews (their orders and the unassigned pool) */
  crewIds?: readonly string[] | undefined;
  /** orders with an appointment starting at or after this (epoch s) are not today's */
  horizonEnd: number;
}

export interface PlannedCrew {
  input: DayPlanCrewInput;
  /** index into `points`, or -1 for the open end (no home base: the day ends at the last stop) */
  startIdx: number;
  endIdx: number;
  frozen: WorkOrder | null;
  /** the crew's current list after the frozen order, in sequence (orders in scope only) */
  current: string[];
}

export interface PlannedOrder {
  order: WorkOrder;
  idx: number;
  serviceSeconds: number;
  required: string[];
  /** `crew:<id>` when the order must stay with its crew */
  pinnedTo: string | null;
}

/** Step 1: who and what is planned, and the places whose travel times are needed. */
export interface DayPlanScope {
  now: number;
  points: Point[];
  crews: PlannedCrew[];
  orders: PlannedOrder[];
  /** crews left out and why (off, shift over, nowhere to start from) */
  skippedCrews: { crewId: string; reason: 'off' | 'shift_over' | 'no_shift' | 'no_position' }[];
  /** epoch seconds of each frozen order's last status change */
  since: ReadonlyMap<string, number>;
}

const durationOf = (types: ReadonlyMap<string, OrderType>, code: string): number => (types.get(code)?.durationMinutes ?? 30) * 60;
const ts = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso) / 1000);

/**
 * Chooses the crews and orders of the plan and lists the places (crew starts, homes, orders)
 * in one array, so one travel-time matrix covers everything.
 */
export function scopeDayPlan(input: DayPlanInput): DayPlanScope {
  const typeOf = new Map(input.types.map((t) => [t.code, t]));
  const points: Point[] = [];
  const pointIdx = new Map<string, number>();
  const place = (p: Point): number => {
    const key = `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`;
    let i = pointIdx.get(key);
    if (i === undefined) {
      i = points.length;
      points.push({ lat: p.lat, lon: p.lon });
      pointIdx.set(key, i);
    }
    return i;
  };
  const wanted = input.crewIds ? new Set(input.crewIds) : null;
  const skippedCrews: DayPlanScope['skippedCrews'] = [];
  const crews: PlannedCrew[] = [];
  const byCrew = new Map<string, WorkOrder[]>();
  for (const o of input.orders) if (o.crewId) byCrew.set(o.crewId, [...(byCrew.get(o.crewId) ?? []), o]);
  for (const list of byCrew.values()) list.sort((a, b) => (a.sequence ?? 1e9) - (b.sequence ?? 1e9) || a.id.localeCompare(b.id));

  for (const c of input.crews) {
    if (wanted && !wanted.has(c.id)) continue;
    if (c.availability === 'off') {
      skippedCrews.push({ crewId: c.id, reason: 'off' });
      continue;
    }
    if (c.shift === null) {
      skippedCrews.push({ crewId: c.id, reason: 'no_shift' });
      continue;
    }
    if (c.shift.end <= input.now) {
      skippedCrews.push({ crewId: c.id, reason: 'shift_over' });
      continue;
    }
    const list = byCrew.get(c.id) ?? [];
    const frozen = list.find((o) => o.status === 'on_site') ?? list.find((o) => o.status === 'en_route') ?? null;
    const start = c.start ?? c.home;
    if (!start && !frozen) {
      skippedCrews.push({ crewId: c.id, reason: 'no_position' });
      continue;
    }
    crews.push({
      input: c,
      startIdx: start ? place(start) : place(frozen!),
      endIdx: c.home ? place(c.home) : -1,
      frozen,
      current: [],
    });
  }
  const planned = new Map(crews.map((c) => [c.input.id, c]));

  const orders: PlannedOrder[] = [];
  for (const o of input.orders) {
    if (FROZEN.has(o.status)) continue;
    if (!(PLANNABLE_STATUSES as readonly string[]).includes(o.status)) continue;
    const ws = ts(o.windowStart);
    if (ws !== null && ws >= input.horizonEnd) continue;
    const crew = o.crewId ? planned.get(o.crewId) : undefined;
    if (PINNED.has(o.status) && !crew) continue; // on the terminal of a crew not planned: untouched
    // with a crew filter, another crew's assigned order is not ours to move
    if (o.crewId && !crew && wanted && !wanted.has(o.crewId) && input.crews.some((c) => c.id === o.crewId && c.availability !== 'off')) continue;
    if (!MOVABLE.has(o.status) && !PINNED.has(o.status)) continue;
    const type = typeOf.get(o.typeCode);
    const pinnedTo = PINNED.has(o.status) && crew ? `crew:${crew.input.id}` : null;
    orders.push({
      order: o,
      idx: place(o),
      serviceSeconds: durationOf(typeOf, o.typeCode),
      required: [...(type?.requiredSkills ?? []).map((s) => `skill:${s}`), ...(type?.requiredEquipment ?? []).map((e) => `equip:${e}`), ...(pinnedTo ? [pinnedTo] : [])],
      pinnedTo,
    });
  }
  const inScope = new Set(orders.map((o) => o.order.id));
  for (const c of crews) c.current = (byCrew.get(c.input.id) ?? []).filter((o) => inScope.has(o.id)).map((o) => o.id);
  for (const c of crews) if (c.frozen) place(c.frozen);
  return { now: input.now, points, crews, orders, skippedCrews, since: input.since };
}

/** A travel-time matrix over `scope.points` (seconds, row-major) plus the open end. */
export interface TravelTimes {
  n: number;
  seconds: Float64Array;
}

const openEnd = (scope: DayPlanScope): number => scope.points.length;

/** Seconds from point a to b; the open end (index points.length) is 0 away from everything. */
function travel(scope: DayPlanScope, tt: TravelTimes, a: number, b: number): number {
  const end = openEnd(scope);
  if (a === end || b === end || a === b) return 0;
  return tt.seconds[a * tt.n + b]!;
}

function placeOf(scope: DayPlanScope, p: Point): number {
  const i = scope.points.findIndex((q) => q.lat.toFixed(6) === p.lat.toFixed(6) && q.lon.toFixed(6) === p.lon.toFixed(6));
  if (i < 0) throw new Error('point not in scope');
  return i;
}

/** When and where each crew can start planned work (after its frozen job), in problem seconds. */
export interface CrewStart {
  at: number;
  loc: number;
  open: number;
  close: number;
}

export function crewStarts(scope: DayPlanScope, tt: TravelTimes, types: readonly OrderType[]): CrewStart[] {
  const typeOf = new Map(types.map((t) => [t.code, t]));
  const now = scope.now;
  return scope.crews.map((c) => {
    const shift = c.input.shift!; // crews without a shift are not planned
    const shiftOpen = Math.max(0, shift.start - now);
    const close = shift.end - now;
    if (!c.frozen) return { at: c.startIdx, loc: c.startIdx, open: shiftOpen, close };
    const f = c.frozen;
    const fi = placeOf(scope, f);
    const duration = durationOf(typeOf, f.typeCode);
    const remaining =
      f.status === 'on_site'
        ? Math.max(300, duration - (now - (scope.since.get(f.id) ?? now)))
        : travel(scope, tt, c.startIdx, fi) + duration;
    return { at: fi, loc: fi, open: Math.max(shiftOpen, remaining), close };
  });
}

/** Deadline (problem seconds) an order should start by: appointment end, or an emergency's response SLA. */
function deadlineOf(o: WorkOrder, now: number): number | null {
  const we = ts(o.windowEnd);
  if (we !== null) return we - now;
  if (o.priority === 'emergency') return Date.parse(o.respondBy) / 1000 - now;
  return null;
}

/** Id of the one break a crew takes in the day plan. */
export const BREAK_ID = 'break';

/**
 * The crew's break as the engine takes it (problem seconds), clipped to the part of its window
 * the crew can still use: from now (or the end of its current job) to the end of its shift.
 * None when it is on break right now (it is taking it), when the window is past, or when what
 * is left of the shift is too short for it.
 */
export function crewBreaks(c: PlannedCrew, s: CrewStart, now: number): VrptwBreak[] {
  const b = c.input.breakWindow;
  if (!b || c.input.availability === 'break') return [];
  const duration = b.minutes * 60;
  const open = Math.max(b.earliest - now, s.open);
  const close = Math.min(b.latest - now, s.close);
  if (open > close || open + duration > s.close) return [];
  return [{ id: BREAK_ID, window: [open, close], duration }];
}

/** Step 2: the VRPTW problem (times in seconds from now; location `points.length` = open end). */
export function buildProblem(scope: DayPlanScope, tt: TravelTimes, starts: readonly CrewStart[]): VrptwProblem {
  const L = scope.points.length + 1;
  if (tt.n !== scope.points.length) throw new RangeError(`matrix side ${tt.n} ≠ ${scope.points.length} places`);
  const m = new Float64Array(L * L);
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) m[i * L + j] = travel(scope, tt, i, j);
  const vehicles: VrptwVehicle[] = scope.crews.map((c, k) => {
    const s = starts[k]!;
    return {
      id: c.input.id,
      startLocation: s.loc,
      endLocation: c.endIdx < 0 ? openEnd(scope) : c.endIdx,
      // a crew whose current job runs past its shift gets an empty window: nothing fits
      shift: [s.open, Math.max(s.open, s.close)] as const,
      skills: [...c.input.skills.map((x) => `skill:${x}`), ...c.input.equipment.map((x) => `equip:${x}`), `crew:${c.input.id}`],
      breaks: crewBreaks(c, s, scope.now),
    };
  });
  const orders: VrptwOrder[] = scope.orders.map((p) => {
    const o = p.order;
    const ws = ts(o.windowStart);
    const we = ts(o.windowEnd);
    let window: readonly [number, number] | undefined = we !== null ? [ws === null ? -Infinity : ws - scope.now, we - scope.now] : undefined;
    if (!window && o.priority === 'emergency') {
      // Start within the response SLA, or within 15 min of the earliest possible arrival when
      // the SLA cannot be met any more (an emergency is never dropped for being late).
      let earliest = Infinity;
      vehicles.forEach((v, k) => {
        if (!p.required.every((r) => v.skills!.includes(r))) return;
        earliest = Math.min(earliest, starts[k]!.open + m[v.startLocation * L + p.idx]!);
      });
      if (Number.isFinite(earliest)) window = [-Infinity, Math.max(deadlineOf(o, scope.now)!, earliest + EMERGENCY_GRACE_SECONDS)];
    }
    return {
      id: o.id,
      location: p.idx,
      serviceTime: p.serviceSeconds,
      ...(window ? { timeWindow: window } : {}),
      priority: PRIORITY_WEIGHT[o.priority],
      requiredSkills: p.required,
    };
  });
  return { locationCount: L, travelTime: m, orders, vehicles };
}

/**
 * Where a crew's break goes when its list is simulated: `planned`, the engine's placement
 * (start in problem seconds, after which order; null: before the first); without one the break
 * is taken as early as its window allows at a gap between stops (on arrival when the drive
 * fits first, else before leaving), late when the list leaves no room in the window.
 */
export interface BreakToSimulate {
  window: readonly [number, number];
  duration: number;
  planned?: { start: number; afterOrderId: string | null };
}

/** Drive and lateness of one crew's list, simulated from its start as the solver does. */
export function evaluateRoute(scope: DayPlanScope, tt: TravelTimes, crew: number, start: CrewStart, orderIds: readonly string[], brk: BreakToSimulate | null = null): { travelSeconds: number; lateSeconds: number } {
  const byId = new Map(scope.orders.map((o) => [o.order.id, o]));
  const c = scope.crews[crew]!;
  let at = start.loc;
  let t = start.open;
  let drive = 0;
  let late = 0;
  let taken = brk === null;
  let prev: string | null = null;
  // Arrival after a gap of `leg` from `t`, with the break if it falls in this gap.
  const gap = (leg: number): number => {
    if (taken) return t + leg;
    const [open, close] = brk!.window;
    let s: number | null = null;
    if (brk!.planned) {
      if (brk!.planned.afterOrderId === prev) s = Math.max(t, brk!.planned.start);
    } else if (t + leg >= open) {
      s = Math.max(t + leg, open) <= close ? Math.max(t + leg, open) : Math.max(t, open);
    }
    if (s === null) return t + leg;
    taken = true;
    // the drive goes first when it fits before the break, else after it
    return t + leg <= s ? s + brk!.duration : s + brk!.duration + leg;
  };
  for (const id of orderIds) {
    const p = byId.get(id);
    if (!p) continue;
    const leg = travel(scope, tt, at, p.idx);
    drive += leg;
    const arrival = gap(leg);
    const ws = ts(p.order.windowStart);
    const s = Math.max(arrival, ws === null ? -Infinity : ws - scope.now);
    const due = deadlineOf(p.order, scope.now);
    if (due !== null && s > due) late += s - due;
    t = s + p.serviceSeconds;
    at = p.idx;
    prev = id;
  }
  drive += travel(scope, tt, at, c.endIdx < 0 ? openEnd(scope) : c.endIdx);
  return { travelSeconds: Math.round(drive), lateSeconds: Math.round(late) };
}

export interface DayPlanComparison {
  before: DayPlanFigures;
  after: DayPlanFigures;
  crews: DayPlanCrew[];
  unassigned: DayPlanUnassigned[];
  changedOrders: number;
  /** the lists to apply, frozen order excluded (it keeps its place at the head) */
  sequences: { crewId: string; orderIds: string[] }[];
}

const iso = (epochSeconds: number): string => new Date(Math.round(epochSeconds) * 1000).toISOString();

/** The engine's placement of a route's break: its start and the order it follows (null: none yet). */
function plannedBreak(r: PlannedRoute | undefined): { start: number; afterOrderId: string | null } | null {
  const b = r?.breaks.find((x) => x.id === BREAK_ID);
  if (!r || !b) return null;
  return { start: b.start, afterOrderId: b.afterStop < 0 ? null : r.stops[b.afterStop]!.orderId };
}

/**
 * Step 3: the proposal a dispatcher sees. After = the plan's routes, plus, at the end of their
 * crew's list, orders the plan leaves out that already had a crew (nothing is taken away).
 */
export function comparePlans(scope: DayPlanScope, tt: TravelTimes, starts: readonly CrewStart[], plan: VrptwPlan): DayPlanComparison {
  const routeOf = new Map(plan.routes.map((r) => [r.vehicleId, r.stops.map((s) => s.orderId)]));
  const planned = new Map(plan.routes.map((r) => [r.vehicleId, r]));
  const crewOfBefore = new Map<string, string>();
  for (const c of scope.crews) for (const id of c.current) crewOfBefore.set(id, c.input.id);
  const orderById = new Map(scope.orders.map((o) => [o.order.id, o.order]));
  const kept = new Map<string, string[]>();
  const unassigned: DayPlanUnassigned[] = plan.unassigned.map((u) => {
    const o = orderById.get(u.orderId)!;
    const crewId = crewOfBefore.get(u.orderId) ?? null;
    if (crewId) kept.set(crewId, [...(kept.get(crewId) ?? []), u.orderId]);
    return { orderId: u.orderId, reason: u.reason as DayPlanReason, priority: o.priority, keptByCrewId: crewId };
  });
  // emergencies first, then by priority; the same order as the board
  const rank = { emergency: 0, high: 1, normal: 2, low: 3 } as const;
  unassigned.sort((a, b) => rank[a.priority] - rank[b.priority] || a.orderId.localeCompare(b.orderId));

  const placeBefore = new Map<string, string>();
  for (const c of scope.crews) c.current.forEach((id, i) => placeBefore.set(id, `${c.input.id}#${i}`));
  let changedOrders = 0;
  const crews: DayPlanCrew[] = scope.crews.map((c, k) => {
    const before = c.current;
    const after = [...(routeOf.get(c.input.id) ?? []), ...(kept.get(c.input.id) ?? [])];
    const [spec] = crewBreaks(c, starts[k]!, scope.now);
    const brk = plannedBreak(planned.get(c.input.id));
    const b = evaluateRoute(scope, tt, k, starts[k]!, before, spec ?? null);
    const a = evaluateRoute(scope, tt, k, starts[k]!, after, spec && brk ? { ...spec, planned: brk } : null);
    after.forEach((id, i) => {
      if (placeBefore.get(id) !== `${c.input.id}#${i}`) changedOrders++;
    });
    return {
      crewId: c.input.id,
      crewName: c.input.name,
      frozenOrderId: c.frozen?.id ?? null,
      startFrom: c.input.startFrom,
      before,
      after,
      travelSecondsBefore: b.travelSeconds,
      travelSecondsAfter: a.travelSeconds,
      lateSecondsBefore: b.lateSeconds,
      lateSecondsAfter: a.lateSeconds,
      changed: before.length !== after.length || before.some((id, i) => after[i] !== id),
      break: brk && spec ? { start: iso(scope.now + brk.start), end: iso(scope.now + brk.start + spec.duration), afterOrderId: brk.afterOrderId } : null,
    };
  });
  const total = scope.orders.length;
  const assignedBefore = crews.reduce((s, c) => s + c.before.length, 0);
  const assignedAfter = crews.reduce((s, c) => s + c.after.length, 0);
  const sum = (f: (c: DayPlanCrew) => number) => crews.reduce((s, c) => s + f(c), 0);
  return {
    before: { travelSeconds: sum((c) => c.travelSecondsBefore), lateSeconds: sum((c) => c.lateSecondsBefore), unassigned: total - assignedBefore, assigned: assignedBefore },
    after: { travelSeconds: sum((c) => c.travelSecondsAfter), lateSeconds: sum((c) => c.lateSecondsAfter), unassigned: total - assignedAfter, assigned: assignedAfter },
    crews,
    unassigned,
    changedOrders,
    sequences: crews.filter((c) => c.changed).map((c) => ({ crewId: c.crewId, orderIds: c.after })),
  };
}
