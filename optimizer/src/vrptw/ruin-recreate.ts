/**
 * Ruin and recreate after Christiaens & Vanden Berghe, "Slack Induction by String Removals for
 * Vehicle Routing Problems" (Transportation Science, 2020): remove a few strings of customers
 * that are close in space but in different routes, then reinsert them greedily in a random
 * order with "blinks" (each position skipped with a small probability) to diversify.
 */
import { breaksFit } from './breaks.ts';
import { randInt, type Rng } from './prng.ts';
import { admits, fitsAt, insertionDelta, Route } from './route.ts';
import type { Model } from './vrptw.model.ts';

/** A set of routes (never empty ones) and the serveable orders left out ("bank"). */
export class Solution {
  constructor(
    public routes: Route[],
    public bank: number[],
  ) {}

  get cost(): number {
    let c = 0;
    for (const r of this.routes) c += r.cost;
    return c;
  }

  /**
   * The cost the search minimizes: `cost`, or under a fixed fleet `cost` minus what the used
   * vehicles would have cost unused (their start → end drive), so that using a vehicle is
   * charged only its detour.
   */
  objective(model: Model): number {
    if (!model.fixedFleet) return this.cost;
    let c = 0;
    for (const r of this.routes) c += r.cost - model.idle[r.veh]!;
    return c;
  }

  bankWeight(model: Model): number {
    let w = 0;
    for (const o of this.bank) w += model.weight[o]!;
    return w;
  }

  /** Routes are shared until written: callers clone a route before changing it. */
  shallowCopy(): Solution {
    return new Solution(this.routes.slice(), this.bank.slice());
  }
}

/** SISR parameters. */
export interface RuinParams {
  /** Average number of customers removed per ruin (c̄). */
  readonly averageRemoved: number;
  /** Maximum string length (L^max). */
  readonly maxString: number;
  /** Probability of skipping a position during reinsertion. */
  readonly blinkRate: number;
  /**
   * Random term added to each feasible insertion cost, as a multiple of the mean depot
   * distance (Ropke & Pisinger's noise), to trade short routes for diversity. Off by default:
   * in route minimization it did no better than plain cheapest insertion on Solomon R1/RC1.
   */
  readonly noise?: number;
}

/**
 * The paper uses c̄ = 10 and L^max = 10 with hundreds of millions of iterations; with a few
 * seconds, larger ruins move faster (measured on C2 and R2, where routes hold 30+ customers).
 */
export const DEFAULT_RUIN: RuinParams = { averageRemoved: 20, maxString: 15, blinkRate: 0.01 };

/** Scratch state reused across iterations, so the hot loop does not allocate per customer. */
export class Workspace {
  readonly routeOf: Int32Array;
  readonly posOf: Int32Array;
  /** Sort keys for the recreate orderings. */
  readonly farness: Float64Array;
  readonly width: Float64Array;
  /** Mean cost from the first depot to an order: the unit of insertion noise. */
  readonly scale: number;
  /** Routes no solution refers to any more, to be overwritten instead of allocated. */
  private readonly pool: Route[] = [];

  constructor(readonly model: Model) {
    this.routeOf = new Int32Array(model.n);
    this.posOf = new Int32Array(model.n);
    this.farness = new Float64Array(model.n);
    this.width = new Float64Array(model.n);
    const depot = model.m > 0 ? model.vStart[0]! : 0;
    let sum = 0;
    for (let o = 0; o < model.n; o++) {
      this.farness[o] = model.cost[depot * model.L + model.loc[o]!]!;
      sum += this.farness[o]!;
      // Orders without a window sort last, and comparisons never see Infinity - Infinity.
      const w = model.due[o]! - model.ready[o]!;
      this.width[o] = Number.isFinite(w) ? w : Number.MAX_VALUE;
    }
    this.scale = model.n > 0 ? sum / model.n || 1 : 1;
  }

  /** A route to overwrite (`assign`, `copyFrom`): recycled when one is free. */
  take(veh: number): Route {
    return this.pool.pop() ?? new Route(this.model, veh, []);
  }

  /** Hands back routes that nothing refers to any more (those of a rejected candidate). */
  release(routes: Iterable<Route>): void {
    for (const r of routes) this.pool.push(r);
  }
}

/**
 * Removes strings of customers around a random seed customer, in place on `s` (routes it
 * touches are cloned first and added to `fresh`). Returns the removed orders.
 */
export function ruin(ws: Workspace, s: Solution, rng: Rng, params: RuinParams, fresh: Set<Route>): number[] {
  const model = ws.model;
  const { routeOf, posOf } = ws;
  routeOf.fill(-1);
  let served = 0;
  for (let ri = 0; ri < s.routes.length; ri++) {
    const seq = s.routes[ri]!.seq;
    served += seq.length;
    for (let p = 0; p < seq.length; p++) {
      routeOf[seq[p]!] = ri;
      posOf[seq[p]!] = p;
    }
  }
  if (served === 0) return [];
  const avgLen = served / s.routes.length;
  const lsMax = Math.min(params.maxString, avgLen);
  const ksMax = (4 * params.averageRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng() * ksMax) + 1;

  let seed = randInt(rng, model.n);
  while (routeOf[seed] === -1) seed = randInt(rng, model.n);

  const removed: number[] = [];
  const ruined = new Set<number>();
  const neigh = model.neighbors[seed]!;
  for (let i = -1; i < neigh.length && ruined.size < ks; i++) {
    const c = i < 0 ? seed : neigh[i]!;
    const ri = routeOf[c]!;
    if (ri < 0 || ruined.has(ri)) continue;
    ruined.add(ri);
    const src = s.routes[ri]!;
    // Its caches are recomputed below anyway: copy the sequence only.
    const route = ws.take(src.veh);
    route.assign(src.veh, src.seq);
    s.routes[ri] = route;
    fresh.add(route);
    const len = route.seq.length;
    const ltMax = Math.min(len, lsMax);
    const lt = Math.floor(rng() * ltMax) + 1;
    const pos = posOf[c]!;
    if (lt === len || rng() < 0.5) {
      // String: lt consecutive customers containing c.
      const lo = Math.max(0, pos - lt + 1);
      const hi = Math.min(pos, len - lt);
      const from = lo + randInt(rng, hi - lo + 1);
      removed.push(...route.seq.splice(from, lt));
    } else {
      // Split string: a string of lt + m customers containing c, of which a middle run of m
      // is kept; m grows geometrically so that most splits keep few customers.
      let m = 1;
      while (lt + m < len && rng() < 0.5) m++;
      const total = lt + m;
      const lo = Math.max(0, pos - total + 1);
      const hi = Math.min(pos, len - total);
      const from = lo + randInt(rng, hi - lo + 1);
      const keepFrom = from + randInt(rng, lt + 1);
      const block = route.seq.splice(from, total);
      const kept = block.splice(keepFrom - from, m);
      removed.push(...block);
      route.seq.splice(from, 0, ...kept);
    }
    route.update(model);
  }
  s.routes = s.routes.filter((r) => r.seq.length > 0);
  return removed;
}

type Ordering = 'random' | 'demand' | 'far' | 'close' | 'tight';
// Weights of the paper (random 4, demand 4, far 2, close 1) plus tight windows first, which
// helps with time windows the way Solomon's I1 seeds with the most urgent customer.
const ORDERINGS: readonly (readonly [Ordering, number])[] = [
  ['random', 4],
  ['demand', 4],
  ['far', 2],
  ['close', 1],
  ['tight', 2],
];
const ORDERING_TOTAL = ORDERINGS.reduce((a, [, w]) => a + w, 0);

function sortOrders(ws: Workspace, orders: number[], rng: Rng): void {
  // Shuffle first so that ties are broken at random, whatever the ordering.
  for (let i = orders.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = orders[i]!;
    orders[i] = orders[j]!;
    orders[j] = t;
  }
  let x = rng() * ORDERING_TOTAL;
  let ordering: Ordering = 'random';
  for (const [o, w] of ORDERINGS) {
    ordering = o;
    x -= w;
    if (x < 0) break;
  }
  const { demand } = ws.model;
  switch (ordering) {
    case 'random':
      return;
    case 'demand':
      orders.sort((a, b) => demand[b]! - demand[a]!);
      return;
    case 'far':
      orders.sort((a, b) => ws.farness[b]! - ws.farness[a]!);
      return;
    case 'close':
      orders.sort((a, b) => ws.farness[a]! - ws.farness[b]!);
      return;
    case 'tight':
      orders.sort((a, b) => ws.width[a]! - ws.width[b]!);
      return;
  }
}

/**
 * Reinserts `orders` (and the current bank) into `s` at their cheapest feasible positions.
 * Opens a route on a free vehicle only when `allowNewRoutes` and nothing else fits. What cannot
 * be placed ends up in `s.bank`. `fresh` holds routes already cloned for this iteration.
 */
export function recreate(ws: Workspace, s: Solution, orders: number[], rng: Rng, params: RuinParams, allowNewRoutes: boolean, fresh: Set<Route>): void {
  const model = ws.model;
  const pending = orders.concat(s.bank);
  sortOrders(ws, pending, rng);
  const bank: number[] = [];
  const blink = params.blinkRate;
  let untilBlink = nextBlinkGap(rng, blink);
  const noise = (params.noise ?? 0) * ws.scale;
  const { L, cost } = model;
  for (const o of pending) {
    let best = Infinity;
    let bestR = -1;
    let bestP = -1;
    const routes = s.routes;
    const due = model.due[o]!;
    const lo = model.loc[o]!;
    for (let ri = 0; ri < routes.length; ri++) {
      const r = routes[ri]!;
      if (!admits(model, r, o)) continue;
      const len = r.seq.length;
      const { locs, start } = r;
      for (let p = 0; p <= len; p++) {
        // Blinks as in SISR, drawn as geometric gaps so that the generator is called once per
        // blink rather than once per position.
        if (--untilBlink <= 0) {
          untilBlink = nextBlinkGap(rng, blink);
          continue;
        }
        // The stop before this gap already starts after o's due date; schedules only move
        // forward along a route (times are non-negative), so every later gap is too late too.
        if (start[p]! > due) break;
        if (noise > 0) {
          let d = insertionDelta(model, r, o, p);
          if (d < Infinity) d += noise * rng();
          if (d < best) {
            best = d;
            bestR = ri;
            bestP = p;
          }
          continue;
        }
        // Cost first (three lookups): most gaps are too dear to be worth the schedule test.
        const prev = locs[p]!;
        const next = locs[p + 1]!;
        const d = cost[prev * L + lo]! + cost[lo * L + next]! - cost[prev * L + next]!;
        if (d < best && fitsAt(model, r, o, p)) {
          best = d;
          bestR = ri;
          bestP = p;
        }
      }
    }
    if (model.fixedFleet && allowNewRoutes) {
      // Under a fixed fleet a free crew is as good a place as any: open it when cheaper.
      const v = cheapestFreeVehicle(model, s, o, best);
      if (v >= 0) {
        const r = new Route(model, v, [o]);
        s.routes.push(r);
        fresh.add(r);
        continue;
      }
    }
    if (bestR >= 0) {
      let r = routes[bestR]!;
      if (!fresh.has(r)) {
        const copy = ws.take(r.veh);
        copy.copyFrom(r);
        r = copy;
        routes[bestR] = r;
        fresh.add(r);
      }
      r.insert(model, bestP, o);
      continue;
    }
    if (allowNewRoutes) {
      const r = openRoute(model, s, o);
      if (r) {
        s.routes.push(r);
        fresh.add(r);
        continue;
      }
    }
    bank.push(o);
  }
  s.bank = bank;
}

/** Positions until the next blink: geometric with parameter `rate` (Infinity when 0). */
function nextBlinkGap(rng: Rng, rate: number): number {
  if (rate <= 0) return Infinity;
  return 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - rate));
}

/**
 * Fixed fleet: the free vehicle on which `o` alone costs least (route cost minus the vehicle's
 * idle cost), if that is below `bound`; else -1. Feasibility as the forward pass computes it.
 */
function cheapestFreeVehicle(model: Model, s: Solution, o: number, bound: number): number {
  const { L, time, cost, loc, ready, due, service, demand } = model;
  const used = new Uint8Array(model.m);
  for (const r of s.routes) used[r.veh] = 1;
  const lo = loc[o]!;
  let best = bound;
  let bestV = -1;
  for (let v = 0; v < model.m; v++) {
    if (used[v] || model.compat[o * model.m + v] !== 1 || demand[o]! > model.vCap[v]!) continue;
    const from = model.vStart[v]!;
    const to = model.vEnd[v]!;
    const arrival = model.vOpen[v]! + time[from * L + lo]!;
    const start = arrival > ready[o]! ? arrival : ready[o]!;
    if (start > due[o]! || start + service[o]! + time[lo * L + to]! > model.vClose[v]!) continue;
    if (model.breaks[v] !== null && !breaksFit(model, v, undefined, 0, o)) continue;
    const d = cost[from * L + lo]! + cost[lo * L + to]! - model.idle[v]!;
    if (d < best) {
      best = d;
      bestV = v;
    }
  }
  return bestV;
}

/** A new route with `o` alone on the cheapest free vehicle that can serve it, or null. */
function openRoute(model: Model, s: Solution, o: number): Route | null {
  const used = new Uint8Array(model.m);
  for (const r of s.routes) used[r.veh] = 1;
  const triedClass = new Set<number>();
  let best: Route | null = null;
  for (let v = 0; v < model.m; v++) {
    if (used[v] || model.compat[o * model.m + v] !== 1 || triedClass.has(model.vClass[v]!)) continue;
    triedClass.add(model.vClass[v]!);
    const r = new Route(model, v, [o]);
    if (r.feasible && (best === null || r.cost < best.cost)) best = r;
  }
  return best;
}
