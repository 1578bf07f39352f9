/**
 * One route and its cached schedule. The caches make an insertion test O(1): the earliest
 * service start at each position (forward pass) and the latest start that keeps the rest of the
 * route feasible (backward pass), as in Savelsbergh's "forward time slack" (1992).
 */
import type { Model } from './vrptw.model.ts';

/**
 * Insertions are accepted only with this much slack to spare. The backward pass subtracts,
 * the forward pass (what the checker recomputes) adds; the margin keeps rounding from ever
 * letting an insertion through that the exact forward recomputation would reject.
 */
export const EPS = 1e-7;

export class Route {
  readonly veh: number;
  /** Order indices in visit order (depots excluded). */
  readonly seq: number[];
  /** Service start at positions 0..len+1; 0 = leaving the start depot, len+1 = end depot. */
  start: Float64Array;
  /** Latest service start at each position that keeps the remainder feasible. */
  latest: Float64Array;
  load = 0;
  cost = 0;
  /** False when the forward pass finds a late arrival (only during construction tests). */
  feasible = true;

  constructor(model: Model, veh: number, seq: number[]) {
    this.veh = veh;
    this.seq = seq;
    this.start = new Float64Array(seq.length + 2);
    this.latest = new Float64Array(seq.length + 2);
    this.update(model);
  }

  clone(): Route {
    const r = Object.create(Route.prototype) as Route;
    Object.assign(r, { veh: this.veh, seq: this.seq.slice(), start: this.start.slice(), latest: this.latest.slice(), load: this.load, cost: this.cost, feasible: this.feasible });
    return r;
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
    }
    const start = this.start;
    const latest = this.latest;
    const v = this.veh;
    let prevLoc = model.vStart[v]!;
    let t = model.vOpen[v]!;
    let prevService = 0;
    let c = 0;
    let load = 0;
    let ok = true;
    start[0] = t;
    for (let k = 0; k < len; k++) {
      const o = seq[k]!;
      const l = loc[o]!;
      const arrival = t + prevService + time[prevLoc * L + l]!;
      t = arrival > ready[o]! ? arrival : ready[o]!;
      if (t > due[o]!) ok = false;
      start[k + 1] = t;
      c += cost[prevLoc * L + l]!;
      load += demand[o]!;
      prevLoc = l;
      prevService = service[o]!;
    }
    const endLoc = model.vEnd[v]!;
    const back = t + prevService + time[prevLoc * L + endLoc]!;
    start[len + 1] = back;
    if (back > model.vClose[v]!) ok = false;
    c += cost[prevLoc * L + endLoc]!;
    if (load > model.vCap[v]!) ok = false;

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
  }

  /**
   * Inserts order `o` before `seq[p]` (p = len appends) and repairs the caches in place. Only
   * the schedule after the new stop and the slack before it can change, and each pass stops as
   * soon as a value comes out unchanged: what follows (or precedes) it is unchanged too.
   */
  insert(model: Model, p: number, o: number): void {
    const { L, time, cost, loc, ready, due, service } = model;
    const seq = this.seq;
    const oldLen = seq.length;
    const prevLoc = this.locAt(model, p);
    const nextLoc = this.locAt(model, p + 1);
    this.cost += cost[prevLoc * L + loc[o]!]! + cost[loc[o]! * L + nextLoc]! - cost[prevLoc * L + nextLoc]!;
    this.load += model.demand[o]!;
    seq.splice(p, 0, o);
    const len = oldLen + 1;
    if (this.start.length < len + 2) {
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(2 * len + 2);
        b.set(a.subarray(0, oldLen + 2));
        return b;
      };
      this.start = grow(this.start);
      this.latest = grow(this.latest);
    }
    const start = this.start;
    const latest = this.latest;
    start.copyWithin(p + 2, p + 1, oldLen + 2);
    latest.copyWithin(p + 2, p + 1, oldLen + 2);

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
      t = s;
      at = loc[c]!;
      svc = service[c]!;
    }
    if (t >= 0) {
      const back = t + svc + time[at * L + model.vEnd[this.veh]!]!;
      start[len + 1] = back;
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

  /** Location at position p (0 = start depot, len+1 = end depot). */
  locAt(model: Model, p: number): number {
    if (p === 0) return model.vStart[this.veh]!;
    if (p === this.seq.length + 1) return model.vEnd[this.veh]!;
    return model.loc[this.seq[p - 1]!]!;
  }
}

/**
 * Cost increase of inserting order `o` between positions p and p+1 of `r`, or Infinity when
 * it breaks capacity, skills, the order's window or any later window: O(1) thanks to the caches.
 */
export function insertionDelta(model: Model, r: Route, o: number, p: number): number {
  const { L, time, cost, loc, service } = model;
  const lo = loc[o]!;
  const seq = r.seq;
  const len = seq.length;
  const prev = p === 0 ? model.vStart[r.veh]! : loc[seq[p - 1]!]!;
  const next = p === len ? model.vEnd[r.veh]! : loc[seq[p]!]!;
  const prevService = p === 0 ? 0 : service[seq[p - 1]!]!;
  const arrival = r.start[p]! + prevService + time[prev * L + lo]!;
  const s = arrival > model.ready[o]! ? arrival : model.ready[o]!;
  // Exact: s is what the forward pass will compute, no subtraction involved.
  if (s > model.due[o]!) return Infinity;
  const nextArrival = s + service[o]! + time[lo * L + next]!;
  if (nextArrival > r.latest[p + 1]! - EPS) return Infinity;
  return cost[prev * L + lo]! + cost[lo * L + next]! - cost[prev * L + next]!;
}

/** Whether `o` may ride in `r` at all (skills, capacity left). */
export function admits(model: Model, r: Route, o: number): boolean {
  return model.compat[o * model.m + r.veh] === 1 && r.load + model.demand[o]! <= model.vCap[r.veh]!;
}
