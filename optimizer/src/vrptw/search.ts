/**
 * The anytime search, in three steps:
 *
 * 1. Construction: greedy cheapest insertion of every order, opening a route only when an
 *    order fits nowhere (the recreate step of SISR with no blinks).
 * 2. Route minimization with Nagata & Bräysy's ejection pool (2009): take a route out, then
 *    put its orders back one at a time, by force (with ejections) when needed; penalty counters
 *    make hard orders stay in and easy ones move. Perturbation between forced insertions is
 *    small ruin-and-recreate steps that leave no more orders out (where Nagata & Bräysy use
 *    random local-search moves). Stops at the capacity lower bound or at its budget share.
 * 3. Distance minimization at that number of routes: SISR ruin and recreate (Christiaens &
 *    Vanden Berghe 2020) under simulated annealing, each new best polished by 2-opt* and an
 *    intra-route 2-opt/or-opt descent. The temperature follows the iteration count, not the
 *    clock, so that a seed and an iteration count fix the result.
 *
 * Objective, lexicographic: weight of unserved orders, then routes, then cost. Under a fixed
 * fleet (`model.fixedFleet`, objective `'distance'`) the routes level is dropped: step 2 is
 * skipped and step 3 may open routes on free vehicles whenever that is cheaper.
 */
import { insertWithEjection } from './ejection.ts';
import { improveWithinRoutes } from './intra-route.ts';
import { twoOptStar } from './two-opt-star.ts';
import { createRng, randInt, type Rng } from './prng.ts';
import { DEFAULT_RUIN, recreate, ruin, Solution, Workspace, type RuinParams } from './ruin-recreate.ts';
import { admits, insertionDelta, type Route } from './route.ts';
import type { Model } from './vrptw.model.ts';

export interface SearchSettings {
  readonly seed: number;
  readonly deadline: number;
  readonly maxIterations: number;
  readonly routeMinimizationShare: number;
  /** Annealing temperatures, as multiples of the mean edge cost of the first solution. */
  readonly temperatureStart: number;
  readonly temperatureEnd: number;
  /** Iterations per cooling cycle; each cycle restarts from the best solution. */
  readonly coolingIterations: number;
  readonly ruin: RuinParams;
  /** Most orders ejected by one forced insertion. */
  readonly ejectionMax: number;
  /** Ruin-and-recreate steps after each forced insertion of the ejection pool. */
  readonly perturbSteps: number;
  readonly perturbRuin: RuinParams;
  /**
   * Ejection pool: insert at a random feasible position rather than the cheapest, as Nagata &
   * Bräysy do. Off by default: no better on Solomon R1/RC1 within seconds (seed noise dominated).
   */
  readonly randomPoolInsertion: boolean;
  /** Whether each cooling cycle starts again from the best solution (else from where it is). */
  readonly restartFromBest: boolean;
  /** Polish every new best of the distance phase with 2-opt* and intra-route descent. */
  readonly polish: boolean;
  readonly now: () => number;
  /** Progress callback for tuning: route-minimization successes, pool size, new bests. */
  readonly trace?: (event: string, iterations: number, routes: number, value: number) => void;
}

export const DEFAULT_SEARCH: Omit<SearchSettings, 'seed' | 'deadline' | 'maxIterations' | 'now'> = {
  routeMinimizationShare: 0.5,
  temperatureStart: 3,
  temperatureEnd: 0.01,
  coolingIterations: 10_000,
  ruin: DEFAULT_RUIN,
  ejectionMax: 2,
  perturbSteps: 5,
  perturbRuin: { averageRemoved: 6, maxString: 5, blinkRate: 0.01 },
  polish: true,
  restartFromBest: true,
  randomPoolInsertion: false,
};

export interface SearchResult {
  readonly best: Solution;
  readonly iterations: number;
}

class Context {
  iterations = 0;
  readonly rng: Rng;
  readonly ws: Workspace;
  private readonly start: number;
  private timeUp = false;
  private calls = 0;
  /** Largest budget share known to be used up. */
  private spentShare = 0;

  constructor(
    readonly model: Model,
    readonly settings: SearchSettings,
  ) {
    this.rng = createRng(settings.seed);
    this.ws = new Workspace(model);
    this.start = settings.now();
  }

  /** True once the budget share is spent; the clock is read every `every` calls (cheap steps). */
  spent(share: number, every = 8): boolean {
    const s = this.settings;
    if (this.iterations >= s.maxIterations * share) return true;
    if (this.timeUp || share <= this.spentShare) return true;
    // Counted per call, not per iteration: some loops call this without iterating.
    if (++this.calls % every === 0) {
      const t = s.now();
      if (t >= s.deadline) this.timeUp = true;
      // Remembered, so that a later caller that reads the clock less often stops too.
      else if (t >= this.start + (s.deadline - this.start) * share) this.spentShare = share;
    }
    return this.timeUp || share <= this.spentShare;
  }

  /** One ruin-and-recreate step on a copy of `s`; `s` itself is never modified. */
  step(s: Solution, allowNewRoutes: boolean, params: RuinParams = this.settings.ruin): Solution {
    this.iterations++;
    const t = s.shallowCopy();
    const fresh = new Set<Route>();
    const removed = ruin(this.ws, t, this.rng, params, fresh);
    recreate(this.ws, t, removed, this.rng, params, allowNewRoutes, fresh);
    return t;
  }
}

/** Lexicographic objective: unserved weight, then routes, then cost. Negative when a is better. */
export function compare(model: Model, a: Solution, b: Solution): number {
  const wa = a.bankWeight(model);
  const wb = b.bankWeight(model);
  if (wa !== wb) return wa - wb;
  if (model.fixedFleet) return a.objective(model) - b.objective(model);
  if (a.routes.length !== b.routes.length) return a.routes.length - b.routes.length;
  return a.cost - b.cost;
}

/** Capacity lower bound on routes (total load over the largest capacity); tight for a homogeneous fleet. */
function routeLowerBound(model: Model, s: Solution): number {
  let cap = 0;
  for (let v = 0; v < model.m; v++) cap = Math.max(cap, model.vCap[v]!);
  if (!Number.isFinite(cap) || cap <= 0) return 1;
  let total = 0;
  for (const r of s.routes) total += r.load;
  return Math.max(1, Math.ceil(total / cap - 1e-9));
}

/**
 * Nagata–Bräysy's ejection pool: take a route out; pop orders from the pool (last in, first
 * out); insert each at its cheapest feasible place, or else by force with ejections (its
 * penalty counter grows each time it needs force); after each forced insertion, perturb the
 * solution with a few ruin-and-recreate steps that do not leave more orders out.
 */
function minimizeRoutesEjectionPool(ctx: Context, start: Solution): Solution {
  const { model, rng, settings } = ctx;
  const share = settings.routeMinimizationShare;
  const penalty = new Float64Array(model.n).fill(1);
  let best = start;
  const lb = routeLowerBound(model, start);
  while (best.routes.length > lb && !ctx.spent(share)) {
    const s = best.shallowCopy();
    let idx = randInt(rng, s.routes.length);
    const other = randInt(rng, s.routes.length);
    if (s.routes[other]!.seq.length < s.routes[idx]!.seq.length) idx = other;
    const [gone] = s.routes.splice(idx, 1);
    s.bank.push(...gone!.seq);
    let cur = s;
    // Forced insertions can be slow on long routes: read the clock at every one.
    while (!ctx.spent(share, 1)) {
      if (cur.bank.length === 0) {
        best = cur;
        settings.trace?.('routes', ctx.iterations, best.routes.length, best.cost);
        break;
      }
      const t = cur.shallowCopy();
      const v = t.bank.pop()!;
      if (insertFeasible(model, t, v, settings.randomPoolInsertion ? rng : null)) {
        cur = t;
        continue;
      }
      penalty[v]!++;
      t.bank.push(v);
      // A forced insertion counts as an iteration, so an iteration budget always ends the loop.
      ctx.iterations++;
      if (insertWithEjection(model, t, v, penalty, settings.ejectionMax)) cur = t;
      for (let k = 0; k < settings.perturbSteps && !ctx.spent(share); k++) {
        const u = ctx.step(cur, false, settings.perturbRuin);
        if (u.bank.length <= cur.bank.length) cur = u;
      }
      if ((ctx.iterations & 1023) === 0) settings.trace?.('bank', ctx.iterations, cur.routes.length, cur.bank.length);
    }
  }
  return best;
}

/**
 * Inserts `v` (already out of the bank) at a feasible position: the cheapest, or with `rng` a
 * uniformly random one, as Nagata & Bräysy do to keep the pool search diverse. False if none.
 */
function insertFeasible(model: Model, s: Solution, v: number, rng: Rng | null): boolean {
  let best = Infinity;
  let bestR = -1;
  let bestP = -1;
  let seen = 0;
  for (let ri = 0; ri < s.routes.length; ri++) {
    const r = s.routes[ri]!;
    if (!admits(model, r, v)) continue;
    for (let p = 0; p <= r.seq.length; p++) {
      const d = insertionDelta(model, r, v, p);
      if (d === Infinity) continue;
      // Reservoir sampling: the k-th feasible position replaces the pick with probability 1/k.
      if (rng ? rng() * ++seen < 1 : d < best) {
        best = d;
        bestR = ri;
        bestP = p;
      }
    }
  }
  if (bestR < 0) return false;
  const r = s.routes[bestR]!.clone(model);
  r.insert(model, bestP, v);
  s.routes[bestR] = r;
  return true;
}

function minimizeDistance(ctx: Context, start: Solution, allowNewRoutes: boolean): Solution {
  const { model, rng, settings } = ctx;
  let served = 0;
  for (const r of start.routes) served += r.seq.length;
  const meanEdge = start.cost / Math.max(1, served + start.routes.length) || 1;
  const fixed = model.fixedFleet;
  const t0 = settings.temperatureStart * meanEdge;
  const ratio = settings.temperatureEnd / settings.temperatureStart;
  const period = settings.coolingIterations;
  let best = start;
  let cur = start;
  let k = 0;
  while (!ctx.spent(1)) {
    if (k === period) {
      k = 0;
      if (settings.restartFromBest) cur = best;
    }
    const temperature = t0 * Math.pow(ratio, k / period);
    k++;
    const t = ctx.step(cur, allowNewRoutes);
    const c = compare(model, t, cur);
    // Annealing applies to the last level only: never trade service or a vehicle for distance.
    const sameLevels = t.bankWeight(model) === cur.bankWeight(model) && (fixed || t.routes.length === cur.routes.length);
    if (c < 0 || (sameLevels && t.objective(model) < cur.objective(model) - temperature * Math.log(rng()))) {
      cur = t;
      if (compare(model, cur, best) < 0) {
        // About neutral on Solomon distances within seconds (seed noise dominates); kept so that
        // returned plans have no crossing or misplaced stop a dispatcher could fix by hand.
        if (settings.polish) {
          const polished = improveWithinRoutes(model, twoOptStar(model, cur));
          // 2-opt* weighs raw cost; under a fixed fleet emptying a route also frees its idle drive.
          if (!fixed || compare(model, polished, cur) <= 0) cur = polished;
        }
        best = cur;
        settings.trace?.('best', ctx.iterations, best.routes.length, best.cost);
      }
    }
  }
  return best;
}

/** Runs construction, route minimization and distance minimization within the budget. */
export function search(model: Model, settings: SearchSettings, orders: readonly number[]): SearchResult {
  const ctx = new Context(model, settings);
  const initial = new Solution([], []);
  recreate(ctx.ws, initial, orders.slice(), ctx.rng, { ...settings.ruin, blinkRate: 0 }, true, new Set());
  let best = initial;
  // With orders left out, fewer routes would only mean more left out: go straight to distance.
  // A fixed fleet has no routes level to minimize, and any free vehicle may take an order.
  if (best.bank.length === 0 && !model.fixedFleet) best = minimizeRoutesEjectionPool(ctx, best);
  best = minimizeDistance(ctx, best, model.fixedFleet || best.bank.length > 0);
  return { best, iterations: ctx.iterations };
}
