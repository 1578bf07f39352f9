/**
 * The solver's internal, flat view of a problem: typed arrays indexed by order and vehicle, so
 * the hot loops do arithmetic on numbers instead of chasing objects.
 */
import { breaksFit, type VehicleBreaks } from './breaks.ts';
import type { TravelMatrix, UnassignedReason, VrptwProblem, VrptwVehicle } from './vrptw.types.ts';

export interface Model {
  /** Orders. */
  readonly n: number;
  /** Vehicles. */
  readonly m: number;
  /** Locations (matrix side). */
  readonly L: number;
  readonly time: Float64Array;
  readonly cost: Float64Array;
  readonly loc: Int32Array;
  readonly ready: Float64Array;
  readonly due: Float64Array;
  readonly service: Float64Array;
  readonly demand: Float64Array;
  /** Cost of leaving the order unserved, in units of the first objective level. */
  readonly weight: Float64Array;
  readonly vStart: Int32Array;
  readonly vEnd: Int32Array;
  readonly vOpen: Float64Array;
  readonly vClose: Float64Array;
  readonly vCap: Float64Array;
  /** Vehicles with the same depots, shift, capacity and skills share a class: one empty route
   * per class is enough to try when opening a route. */
  readonly vClass: Int32Array;
  /** `compat[o * m + v]` = 1 when vehicle v has the skills of order o. */
  readonly compat: Uint8Array;
  /** Orders sorted by cost from each order (nearest first), for string removals. */
  readonly neighbors: readonly Int32Array[];
  /** Whether `cost` is symmetric: segment reversals then keep the inside cost. */
  readonly symmetric: boolean;
  /** Reason an order can never be served, or null. */
  readonly blocked: readonly (UnassignedReason | null)[];
  /**
   * Fixed fleet (objective `'distance'`): vehicles cost nothing, only distance counts, and an
   * unused vehicle is taken to drive start → end (`idle`), so a route costs `cost − idle`.
   */
  readonly fixedFleet: boolean;
  /** `cost[vStart → vEnd]` of each vehicle: what it costs unused under a fixed fleet. */
  readonly idle: Float64Array;
  /** Each vehicle's breaks in the order taken, or null when it has none (the fast path). */
  readonly breaks: readonly (VehicleBreaks | null)[];
}

/**
 * Checks and sorts a vehicle's breaks. A window must lie inside the shift with room for the
 * whole break before the shift ends; ids are unique per vehicle.
 */
function vehicleBreaks(v: VrptwVehicle): VehicleBreaks | null {
  const list = v.breaks ?? [];
  if (!Array.isArray(list)) throw new RangeError(`vehicle ${v.id}: breaks must be an array`);
  if (list.length === 0) return null;
  const [shiftOpen, shiftClose] = v.shift;
  const ids = new Set<string>();
  const checked = list.map((b, i) => {
    const what = `vehicle ${v.id}: break ${typeof b?.id === 'string' && b.id !== '' ? b.id : `#${i}`}`;
    if (typeof b?.id !== 'string' || b.id === '') throw new RangeError(`${what}: id must be a non-empty string`);
    if (ids.has(b.id)) throw new RangeError(`${what}: id used twice`);
    ids.add(b.id);
    const [open, close] = b.window ?? [];
    if (!Number.isFinite(open) || !Number.isFinite(close) || open! > close!) {
      throw new RangeError(`${what}: window [${open}, ${close}] must be two finite numbers, earliest first`);
    }
    if (!(Number.isFinite(b.duration) && b.duration >= 0)) throw new RangeError(`${what}: duration ${b.duration} must be a non-negative number`);
    if (open! < shiftOpen || close! > shiftClose || open! + b.duration > shiftClose) {
      throw new RangeError(`${what}: window [${open}, ${close}] (duration ${b.duration}) is not inside the shift [${shiftOpen}, ${shiftClose}]`);
    }
    return { id: b.id, open: open!, close: close!, duration: b.duration, i };
  });
  // Taken in the order of their windows; the caller's order breaks ties, so a seed fixes the plan.
  checked.sort((a, b) => a.open - b.open || a.close - b.close || a.i - b.i);
  return {
    count: checked.length,
    open: Float64Array.from(checked, (b) => b.open),
    close: Float64Array.from(checked, (b) => b.close),
    duration: Float64Array.from(checked, (b) => b.duration),
    ids: checked.map((b) => b.id),
  };
}

function toMatrix(m: TravelMatrix, L: number, what: string): Float64Array {
  if (typeof m === 'function') {
    const out = new Float64Array(L * L);
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) out[i * L + j] = m(i, j);
    return out;
  }
  if (m.length !== L * L) {
    throw new RangeError(`${what} has ${m.length} entries; expected locationCount² = ${L * L}`);
  }
  return m;
}

/** Builds the flat model and decides, once, which orders no vehicle could ever serve. */
export function buildModel(problem: VrptwProblem, opts: { fixedFleet?: boolean } = {}): Model {
  const L = problem.locationCount;
  const n = problem.orders.length;
  const m = problem.vehicles.length;
  const time = toMatrix(problem.travelTime, L, 'travelTime');
  const cost = problem.distance === undefined ? time : toMatrix(problem.distance, L, 'distance');
  // Schedules are monotone only with non-negative times; the insertion scans rely on it.
  for (let i = 0; i < time.length; i++) {
    if (!(time[i]! >= 0)) throw new RangeError(`travelTime[${Math.floor(i / L)}][${i % L}] = ${time[i]}: must be a non-negative number`);
  }

  const loc = new Int32Array(n);
  const ready = new Float64Array(n);
  const due = new Float64Array(n);
  const service = new Float64Array(n);
  const demand = new Float64Array(n);
  const weight = new Float64Array(n);
  problem.orders.forEach((o, i) => {
    if (!(o.location >= 0 && o.location < L)) {
      throw new RangeError(`order ${o.id}: location ${o.location} outside 0..${L - 1}`);
    }
    loc[i] = o.location;
    ready[i] = o.timeWindow?.[0] ?? -Infinity;
    due[i] = o.timeWindow?.[1] ?? Infinity;
    if (!(o.serviceTime >= 0)) throw new RangeError(`order ${o.id}: serviceTime must be non-negative`);
    service[i] = o.serviceTime;
    demand[i] = o.demand ?? 0;
    weight[i] = 1 + (o.priority ?? 0);
  });

  const vStart = new Int32Array(m);
  const vEnd = new Int32Array(m);
  const vOpen = new Float64Array(m);
  const vClose = new Float64Array(m);
  const vCap = new Float64Array(m);
  const vClass = new Int32Array(m);
  const classKeys = new Map<string, number>();
  const breaks = problem.vehicles.map(vehicleBreaks);
  problem.vehicles.forEach((v, k) => {
    for (const l of [v.startLocation, v.endLocation]) {
      if (!(l >= 0 && l < L)) throw new RangeError(`vehicle ${v.id}: location ${l} outside 0..${L - 1}`);
    }
    vStart[k] = v.startLocation;
    vEnd[k] = v.endLocation;
    vOpen[k] = v.shift[0];
    vClose[k] = v.shift[1];
    vCap[k] = v.capacity ?? Infinity;
    const b = breaks[k];
    const key = JSON.stringify([v.startLocation, v.endLocation, v.shift, v.capacity ?? null, [...(v.skills ?? [])].sort(), b ? [b.open, b.close, b.duration].map((a) => [...a]) : null]);
    let c = classKeys.get(key);
    if (c === undefined) {
      c = classKeys.size;
      classKeys.set(key, c);
    }
    vClass[k] = c;
  });

  const compat = new Uint8Array(n * m);
  const blocked: (UnassignedReason | null)[] = [];
  // Filled below; the break check needs the model itself.
  const idle = new Float64Array(m);
  const neighbors: Int32Array[] = [];
  const model: Model = { fixedFleet: opts.fixedFleet ?? false, idle, symmetric: true, n, m, L, time, cost, loc, ready, due, service, demand, weight, vStart, vEnd, vOpen, vClose, vCap, vClass, compat, neighbors, blocked, breaks };
  for (let i = 0; i < n; i++) {
    const order = problem.orders[i]!;
    const li = loc[i]!;
    let skilled = false;
    let fitsCapacity = false;
    let reachable = false;
    for (let k = 0; k < m; k++) {
      const v = problem.vehicles[k]!;
      const skills = v.skills ?? [];
      if (!(order.requiredSkills ?? []).every((s) => skills.includes(s))) continue;
      skilled = true;
      compat[i * m + k] = 1;
      if (demand[i]! <= vCap[k]!) fitsCapacity = true;
      // Alone in the route: leave at shift start, wait for the window, return by shift end.
      const start = Math.max(vOpen[k]! + time[vStart[k]! * L + li]!, ready[i]!);
      // With breaks, alone means around them too: an order that fits no shift with its breaks is
      // 'window_outside_shifts' as well, never a silent drop.
      if (start <= due[i]! && start + service[i]! + time[li * L + vEnd[k]!]! <= vClose[k]! && (breaks[k] === null || breaksFit(model, k, undefined, 0, i))) reachable = true;
    }
    blocked.push(!skilled ? 'no_crew_with_skill' : !fitsCapacity ? 'exceeds_capacity' : !reachable ? 'window_outside_shifts' : null);
  }

  const all = Array.from({ length: n }, (_, j) => j);
  for (let i = 0; i < n; i++) {
    const li = loc[i]!;
    const sorted = all
      .filter((j) => j !== i)
      .sort((a, b) => cost[li * L + loc[a]!]! - cost[li * L + loc[b]!]! || a - b);
    neighbors.push(Int32Array.from(sorted));
  }

  let symmetric = true;
  for (let i = 0; i < L && symmetric; i++) {
    for (let j = i + 1; j < L; j++) {
      if (cost[i * L + j] !== cost[j * L + i]) {
        symmetric = false;
        break;
      }
    }
  }

  for (let k = 0; k < m; k++) idle[k] = cost[vStart[k]! * L + vEnd[k]!]!;

  return { ...model, symmetric };
}

