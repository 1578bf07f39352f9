/**
 * One route and its cached schedule. The caches make an insertion test O(1): the earliest
 * service start at each position (forward pass) and the latest start that keeps the rest of the
 * route feasible (backward pass), as in Savelsbergh's "forward time slack" (1992).
 *
 * The caches ignore breaks: for a vehicle with breaks they are a relaxation (breaks only
 * delay), and whatever passes them is checked exactly by `breaksFit` (O(len)).
 */
import { forwardRows, insertionFits, latestWithBreakPending, oneBreakSlack } from './breaks.ts';
import type { Model } from './vrptw.model.ts';

/**
 * Insertions are accepted only with this much slack to spare. The backward pass subtracts,
 * the forward pass (what the checker recomputes) adds; the margin keeps rounding from ever
 * letting an insertion through that the exact forward recomputation would reject.
 */
export const EPS = 1e-7;

export class Route {
  /** Fixed for the route's life; only a recycled route (`assign`) takes another vehicle. */
  veh: number;
  /** Order indices in visit order (depots excluded). */
  readonly seq: number[];
  /** Service start at positions 0..len+1; 0 = leaving the start depot, len+1 = end depot. */
  start: Float64Array;
  /** Latest service start at each position that keeps the remainder feasible. */
  latest: Float64Array;
  /** Departure (start + service) at each position: saves a lookup per insertion test. */
  dep: Float64Array;
  /** Location at each position, depots included. */
  locs: Int32Array;
  load: number;
  cost: number;
  /** False when the forward pass finds a late arrival or an overload. */
  feasible: boolean;
  /** Vehicle with breaks: the exact programme's departure rows per node (`forwardRows`); else null. */
  brk: Float64Array | null;
  /** Vehicle with one break: latest service start per position with the break still to take; else null. */
  pend: Float64Array | null;

  /** A route over `seq` with fresh caches, or a copy of `from` (same hidden class either way). */
  constructor(model: Model, veh: number, seq: number[], from?: Route) {
    this.veh = veh;
    this.seq = seq;
    if (from) {
      this.start = from.start.slice();
      this.latest = from.latest.slice();
      this.dep = from.dep.slice();
      this.locs = from.locs.slice();
      this.load = from.load;
      this.cost = from.cost;
      this.feasible = from.feasible;
      this.brk = from.brk === null ? null : from.brk.slice();
      this.pend = from.pend === null ? null : from.pend.slice();
      return;
    }
    const size = seq.length + 8;
    this.start = new Float64Array(size);
    this.latest = new Float64Array(size);
    this.dep = new Float64Array(size);
    this.locs = new Int32Array(size);
    this.load = 0;
    this.cost = 0;
    this.feasible = true;
    this.brk = null;
    this.pend = null;
    this.update(model);
  }

  clone(model: Model): Route {
    return new Route(model, this.veh, this.seq.slice(), this);
  }

  /**
   * Turns this (recycled, unreferenced) route into a copy of `from`, reusing its buffers: the
   * search copies a route per ruined or extended route per iteration, and fresh typed arrays
   * for each cost more than the copy itself.
   */
  copyFrom(from: Route): void {
    this.veh = from.veh;
    const seq = this.seq;
    const src = from.seq;
    const len = src.length;
    seq.length = len;
    for (let k = 0; k < len; k++) seq[k] = src[k]!;
    if (this.start.length < len + 2) {
      const size = from.start.length;
      this.start = new Float64Array(size);
      this.latest = new Float64Array(size);
      this.dep = new Float64Array(size);
      this.locs = new Int32Array(size);
    }
    this.start.set(from.start.subarray(0, len + 2));
    this.latest.set(from.latest.subarray(0, len + 2));
    this.dep.set(from.dep.subarray(0, len + 2));
    this.locs.set(from.locs.subarray(0, len + 2));
    this.load = from.load;
    this.cost = from.cost;
    this.feasible = from.feasible;
    this.brk = copyInto(this.brk, from.brk);
    this.pend = copyInto(this.pend, from.pend);
  }

  /**
   * Turns this (recycled, unreferenced) route into the route of `veh` over a copy of `seq`,
   * caches left stale: the caller edits `seq` and then calls `update`.
   */
  assign(veh: number, seq: readonly number[]): void {
    this.veh = veh;
    const own = this.seq;
    own.length = seq.length;
    for (let k = 0; k < seq.length; k++) own[k] = seq[k]!;
  }

  /** Recomputes every cache after `seq` changed: O(len). */
  update(model: Model): void {
    const { L, time, cost, loc, ready, due, service, demand } = model;
    const seq = this.seq;
    const len = seq.length;
    if (this.start.length < len + 2) {
      // Room to grow, so that insertions shift in place instead of reallocating.
      this.start = new Float64Array(len + 8);
      this.latest = new Float64Array(len + 8);
      this.dep = new Float64Array(len + 8);
      this.locs = new Int32Array(len + 8);
    }
    const { start, latest, dep, locs } = this;
    const v = this.veh;
    let prevLoc = model.vStart[v]!;
    let t = model.vOpen[v]!;
    let prevService = 0;
    let c = 0;
    let load = 0;
    let ok = true;
    start[0] = t;
    dep[0] = t;
    locs[0] = prevLoc;
    for (let k = 0; k < len; k++) {
      const o = seq[k]!;
      const l = loc[o]!;
      const arrival = t + prevService + time[prevLoc * L + l]!;
      t = arrival > ready[o]! ? arrival : ready[o]!;
      if (t > due[o]!) ok = false;
      start[k + 1] = t;
      dep[k + 1] = t + service[o]!;
      locs[k + 1] = l;
      c += cost[prevLoc * L + l]!;
      load += demand[o]!;
      prevLoc = l;
      prevService = service[o]!;
    }
    const endLoc = model.vEnd[v]!;
    const back = t + prevService + time[prevLoc * L + endLoc]!;
    start[len + 1] = back;
    dep[len + 1] = back;
    locs[len + 1] = endLoc;
    if (back > model.vClose[v]!) ok = false;
    c += cost[prevLoc * L + endLoc]!;
    if (load > model.vCap[v]!) ok = false;
    // A recycled route may have served a vehicle with breaks: null marks "none" (the fast path).
    if (model.breaks[v] === null) this.brk = null;
    else if (!this.breakRows(model)) ok = false;
    if (model.breaks[v]?.count !== 1) this.pend = null;

    let lat = model.vClose[v]!;
    latest[len + 1] = lat;
    let nextLoc = endLoc;
    for (let k = len - 1; k >= 0; k--) {
      const o = seq[k]!;
      const l = loc[o]!;
      const viaNext = lat - time[l * L + nextLoc]! - service[o]!;
      lat = viaNext < due[o]! ? viaNext : due[o]!;
      latest[k + 1] = lat;
      nextLoc = l;
    }
    latest[0] = lat - time[model.vStart[v]! * L + nextLoc]!;
    this.load = load;
    this.cost = c;
    this.feasible = ok;
    if (model.breaks[v]?.count === 1) {
      if (this.pend === null || this.pend.length < len + 2) this.pend = new Float64Array(2 * len + 8);
      latestWithBreakPending(model, v, seq, latest, locs, this.pend);
    }
  }

  /**
   * Inserts order `o` before `seq[p]` (p = len appends) and repairs the caches in place. Only
   * the schedule after the new stop and the slack before it can change, and each pass stops as
   * soon as a value comes out unchanged: what follows (or precedes) it is unchanged too.
   */
  insert(model: Model, p: number, o: number): void {
    if (this.brk !== null) {
      // With breaks every cache is recomputed: O(len), and insertions are rare next to tests.
      this.seq.splice(p, 0, o);
      this.update(model);
      return;
    }
    const { L, time, cost, loc, ready, due, service } = model;
    const seq = this.seq;
    const oldLen = seq.length;
    const prevLoc = this.locs[p]!;
    const nextLoc = this.locs[p + 1]!;
    this.cost += cost[prevLoc * L + loc[o]!]! + cost[loc[o]! * L + nextLoc]! - cost[prevLoc * L + nextLoc]!;
    this.load += model.demand[o]!;
    seq.splice(p, 0, o);
    const len = oldLen + 1;
    if (this.start.length < len + 2) {
      const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
        const b = make(2 * len + 2);
        b.set(a.subarray(0, oldLen + 2));
        return b;
      };
      this.start = grow(this.start, (k) => new Float64Array(k));
      this.latest = grow(this.latest, (k) => new Float64Array(k));
      this.dep = grow(this.dep, (k) => new Float64Array(k));
      this.locs = grow(this.locs, (k) => new Int32Array(k));
    }
    const { start, latest, dep, locs } = this;
    start.copyWithin(p + 2, p + 1, oldLen + 2);
    latest.copyWithin(p + 2, p + 1, oldLen + 2);
    dep.copyWithin(p + 2, p + 1, oldLen + 2);
    locs.copyWithin(p + 2, p + 1, oldLen + 2);
    locs[p + 1] = loc[o]!;

    // Forward: positions p+1 (the new stop) .. len+1 (end depot).
    let t = start[p]!;
    let at = prevLoc;
    let svc = p === 0 ? 0 : service[seq[p - 1]!]!;
    for (let k = p + 1; k <= len; k++) {
      const c = seq[k - 1]!;
      const arrival = t + svc + time[at * L + loc[c]!]!;
      const s = arrival > ready[c]! ? arrival : ready[c]!;
      if (s > due[c]!) this.feasible = false;
      if (k > p + 1 && s === start[k]) {
        t = -1;
        break;
      }
      start[k] = s;
      dep[k] = s + service[c]!;
      t = s;
      at = loc[c]!;
      svc = service[c]!;
    }
    if (t >= 0) {
      const back = t + svc + time[at * L + model.vEnd[this.veh]!]!;
      start[len + 1] = back;
      dep[len + 1] = back;
      if (back > model.vClose[this.veh]!) this.feasible = false;
    }

    // Backward: positions p+1 .. 0.
    let lat = latest[p + 2]!;
    let next = nextLoc;
    for (let k = p + 1; k >= 1; k--) {
      const c = seq[k - 1]!;
      const l = loc[c]!;
      const viaNext = lat - time[l * L + next]! - service[c]!;
      const v = viaNext < due[c]! ? viaNext : due[c]!;
      if (k <= p && v === latest[k]) return;
      latest[k] = v;
      lat = v;
      next = l;
    }
    latest[0] = lat - time[model.vStart[this.veh]! * L + next]!;
  }

  /** Recomputes the break programme's rows (vehicles with breaks only); whether it fits. */
  private breakRows(model: Model): boolean {
    const size = (this.seq.length + 1) * (model.breaks[this.veh]!.count + 1);
    if (this.brk === null || this.brk.length < size) this.brk = new Float64Array(2 * size + 8);
    return forwardRows(model, this.veh, this.seq, this.brk);
  }

  /** Location at position p (0 = start depot, len+1 = end depot). */
  locAt(p: number): number {
    return this.locs[p]!;
  }
}

/** `from` copied into `into` when it has room, else into a new buffer; null for null. */
function copyInto(into: Float64Array | null, from: Float64Array | null): Float64Array | null {
  if (from === null) return null;
  if (into === null || into.length < from.length) return from.slice();
  into.set(from);
  return into;
}

/**
 * Cost increase of inserting order `o` between positions p and p+1 of `r`, or Infinity when
 * it breaks the order's window, any later window or the shift: O(1) thanks to the caches
 * (with breaks: O(1) for one break, else O(len) once the O(1) relaxation passes). Skills and
 * capacity: `admits`.
 */
export function insertionDelta(model: Model, r: Route, o: number, p: number): number {
  if (!fitsAt(model, r, o, p)) return Infinity;
  const { L, cost } = model;
  const lo = model.loc[o]!;
  const prev = r.locs[p]!;
  const next = r.locs[p + 1]!;
  return cost[prev * L + lo]! + cost[lo * L + next]! - cost[prev * L + next]!;
}

/**
 * Whether order `o` fits between positions p and p+1 of `r` (its window, every later window,
 * the shift, the breaks): the feasibility half of `insertionDelta`, for callers that screen
 * by cost first.
 */
export function fitsAt(model: Model, r: Route, o: number, p: number): boolean {
  const { L, time } = model;
  const lo = model.loc[o]!;
  const arrival = r.dep[p]! + time[r.locs[p]! * L + lo]!;
  const ready = model.ready[o]!;
  const s = arrival > ready ? arrival : ready;
  // Exact: s is what the forward pass will compute, no subtraction involved.
  if (s > model.due[o]!) return false;
  const nextArrival = s + model.service[o]! + time[lo * L + r.locs[p + 1]!]!;
  if (nextArrival > r.latest[p + 1]! - EPS) return false;
  // Without breaks the test above is exact; with breaks it is a relaxation, then the exact
  // check: O(1) with one break unless too close to call, else the programme from the gap on.
  if (r.brk !== null) {
    const slack = r.pend !== null && r.feasible ? oneBreakSlack(model, r, p, o) : 0;
    if (slack < -EPS) return false;
    if (slack <= EPS && !insertionFits(model, r.veh, r.seq, r.brk, r.feasible, p, o)) return false;
  }
  return true;
}

/** Whether `o` may ride in `r` at all (skills, capacity left). */
export function admits(model: Model, r: Route, o: number): boolean {
  return model.compat[o * model.m + r.veh] === 1 && r.load + model.demand[o]! <= model.vCap[r.veh]!;
}
