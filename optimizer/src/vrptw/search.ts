/**
 * The anytime search, in three steps:
 *
 * 1. Construction: greedy cheapest insertion of every order, opening a route only when an
 *    order fits nowhere (the recreate step of SISR with no blinks).
 * 2. Route minimization with Nagata & Bräysy's ejection pool (2009): take a route out, then
 *    put its orders back one at a time, by force (with ejections) when needed; penalty counters
 *    make hard orders stay in and easy ones move. Perturbation between forced insertions is
 *    small ruin-and-recreate steps that leave no more orders out (where Nagata & Bräysy use
 *    random local-search moves). Stops at the capacity lower bound, at its budget share, or
 *    once `routeMinimizationStall` of the budget went by without taking a route out.
 *    On the way it gathers up to `chains − 1` other solutions with as many routes: while an
 *    attempt is stuck, its state completed with one route opened; then, for the starts still
 *    missing, the route minimization of other constructions (down to the lower bound when it
 *    was reached, else to as many routes within `extraStartsShare` of the budget).
 * 3. Distance minimization at that number of routes: SISR ruin and recreate (Christiaens &
 *    Vanden Berghe 2020) under simulated annealing, each new best polished by 2-opt* and an
 *    intra-route 2-opt/or-opt descent. The temperature follows the iteration count, not the
 *    clock, so that a seed and an iteration count fix the result. One trajectory per start,
 *    in turn; the worse half is dropped at 20 % and 45 % of the phase: at a minimal fleet the
 *    start's route structure often decides the basin (R211: 6.9 % from one start, 2–4 % from
 *    others), and string moves rarely leave it.
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
  /**
   * Route minimization also ends once this share of the budget has gone by without taking a
   * route out: on most Solomon R and RC instances the last route goes within a second and the
   * rest of the share bought nothing that the distance phase could not use better.
   */
  readonly routeMinimizationStall: number;
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
  /**
   * Annealing trajectories of the distance phase, each from its own start with as few routes
   * (1: a single trajectory from the route minimization's best).
   */
  readonly chains: number;
  /** Shares of the distance phase at which the worse half of the trajectories is dropped. */
  readonly chainCulls: readonly number[];
  /**
   * Budget share for other starts when route minimization stops above the capacity bound with
   * fewer starts than `chains`.
   */
  readonly extraStartsShare: number;
  /** Forced insertions between two alternative starts taken from a stuck route minimization. */
  readonly alternativeEvery: number;
  readonly now: () => number;
  /** Progress callback for tuning: route-minimization successes, pool size, distance-phase starts, new bests. */
  readonly trace?: (event: string, iterations: number, routes: number, value: number) => void;
}

export const DEFAULT_SEARCH: Omit<SearchSettings, 'seed' | 'deadline' | 'maxIterations' | 'now'> = {
  routeMinimizationShare: 0.5,
  routeMinimizationStall: 0.35,
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
  chains: 4,
  chainCulls: [0.2, 0.45],
  alternativeEvery: 500,
  extraStartsShare: 0.15,
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

  /** Share of the budget used so far (iterations or time, whichever is further). */
  used(): number {
    const s = this.settings;
    const byIterations = this.iterations / s.maxIterations;
    const span = s.deadline - this.start;
    const byTime = span > 0 && Number.isFinite(span) ? (s.now() - this.start) / span : 0;
    return Math.max(byIterations, byTime);
  }

  /** Routes the last `step` made (shared with no other solution). */
  private readonly fresh = new Set<Route>();

  /** One ruin-and-recreate step on a copy of `s`; `s` itself is never modified. */
  step(s: Solution, allowNewRoutes: boolean, params: RuinParams = this.settings.ruin): Solution {
    this.iterations++;
    const t = s.shallowCopy();
    const fresh = this.fresh;
    fresh.clear();
    const removed = ruin(this.ws, t, this.rng, params, fresh);
    recreate(this.ws, t, removed, this.rng, params, allowNewRoutes, fresh);
    return t;
  }

  /**
   * The candidate of the last `step` is dropped: its own routes go back to the workspace for
   * reuse. The caller must not keep any reference to it.
   */
  reject(): void {
    this.ws.release(this.fresh);
    this.fresh.clear();
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
function minimizeRoutesEjectionPool(
  ctx: Context,
  start: Solution,
  alternatives: Solution[] | null = null,
  floor = 0,
  share = ctx.settings.routeMinimizationShare,
): Solution {
  const { model, rng, settings } = ctx;
  // Other solutions with as many routes as the best, for the distance phase to start from: now
  // and then while an attempt is stuck, its state completed by recreate with a route opened.
  // They draw from their own generator, so the route minimization itself is unchanged.
  const keep = alternatives ? settings.chains - 1 : 0;
  const altRng = createRng(settings.seed ^ 0x5bd1e995);
  let forced = 0;
  const penalty = new Float64Array(model.n).fill(1);
  let best = start;
  const lb = Math.max(routeLowerBound(model, start), floor);
  let lastGain = ctx.used();
  const stalled = (): boolean => ctx.used() - lastGain > settings.routeMinimizationStall;
  while (best.routes.length > lb && !ctx.spent(share) && !stalled()) {
    const s = best.shallowCopy();
    let idx = randInt(rng, s.routes.length);
    const other = randInt(rng, s.routes.length);
    if (s.routes[other]!.seq.length < s.routes[idx]!.seq.length) idx = other;
    const [gone] = s.routes.splice(idx, 1);
    s.bank.push(...gone!.seq);
    let cur = s;
    // Forced insertions can be slow on long routes: read the clock at every one.
    while (!ctx.spent(share, 1) && !stalled()) {
      if (cur.bank.length === 0) {
        best = cur;
        lastGain = ctx.used();
        if (alternatives) alternatives.length = 0; // they have one route too many now
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
      if (keep > 0 && ++forced % settings.alternativeEvery === 0) {
        const alt = cur.shallowCopy();
        recreate(ctx.ws, alt, [], altRng, { ...settings.ruin, blinkRate: 0 }, true, new Set());
        if (alt.bank.length === 0 && alt.routes.length === best.routes.length) {
          alternatives!.push(alt);
          if (alternatives!.length > keep) alternatives!.shift();
        }
      }
      for (let k = 0; k < settings.perturbSteps && !ctx.spent(share); k++) {
        const u = ctx.step(cur, false, settings.perturbRuin);
        if (u.bank.length <= cur.bank.length) cur = u;
        else ctx.reject();
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

/** One annealing trajectory of the distance phase. */
interface Chain {
  cur: Solution;
  best: Solution;
  /** Iterations into the current cooling cycle. */
  k: number;
}

function minimizeDistance(ctx: Context, starts: readonly Solution[], allowNewRoutes: boolean): Solution {
  const { model, rng, settings } = ctx;
  const start = starts[0]!;
  let served = 0;
  for (const r of start.routes) served += r.seq.length;
  const meanEdge = start.cost / Math.max(1, served + start.routes.length) || 1;
  const fixed = model.fixedFleet;
  const t0 = settings.temperatureStart * meanEdge;
  const ratio = settings.temperatureEnd / settings.temperatureStart;
  const period = settings.coolingIterations;
  // Several trajectories share the budget at first (round robin); at each `chainCulls` share of
  // the phase the worse half is dropped, so that one bad early basin does not decide the run.
  let chains: Chain[] = Array.from({ length: Math.max(1, Math.min(settings.chains, starts.length)) }, (_, i) => {
    const s = starts[i]!;
    return { cur: s, best: s, k: 0 };
  });
  for (const ch of chains) settings.trace?.('start', ctx.iterations, ch.cur.routes.length, ch.cur.cost);
  const culls = settings.chainCulls;
  let nextCull = 0;
  const phaseStart = chains.length > 1 ? ctx.used() : 0;
  let ci = 0;
  while (!ctx.spent(1)) {
    if (ci >= chains.length) ci = 0;
    const ch = chains[ci++]!;
    if (ch.k === period) {
      ch.k = 0;
      if (settings.restartFromBest) ch.cur = ch.best;
    }
    const temperature = t0 * Math.pow(ratio, ch.k / period);
    ch.k++;
    const cur = ch.cur;
    const t = ctx.step(cur, allowNewRoutes);
    const c = compare(model, t, cur);
    // Annealing applies to the last level only: never trade service or a vehicle for distance.
    const sameLevels = t.bankWeight(model) === cur.bankWeight(model) && (fixed || t.routes.length === cur.routes.length);
    if (c < 0 || (sameLevels && t.objective(model) < cur.objective(model) - temperature * Math.log(rng()))) {
      ch.cur = t;
      if (compare(model, t, ch.best) < 0) {
        // About neutral on Solomon distances within seconds (seed noise dominates); kept so that
        // returned plans have no crossing or misplaced stop a dispatcher could fix by hand.
        if (settings.polish) {
          const polished = improveWithinRoutes(model, twoOptStar(model, t));
          // 2-opt* weighs raw cost; under a fixed fleet emptying a route also frees its idle drive.
          if (!fixed || compare(model, polished, t) <= 0) ch.cur = polished;
        }
        ch.best = ch.cur;
        settings.trace?.('best', ctx.iterations, ch.best.routes.length, ch.best.cost);
      }
    } else {
      ctx.reject();
    }
    if (chains.length > 1 && (ctx.iterations & 255) === 0 && nextCull < culls.length) {
      const f = (ctx.used() - phaseStart) / Math.max(1e-9, 1 - phaseStart);
      if (f >= culls[nextCull]!) {
        nextCull++;
        // Stable sort: ties keep the earlier chain, so a seed fixes the survivors.
        chains = chains.slice().sort((a, b) => compare(model, a.best, b.best));
        chains.length = nextCull >= culls.length ? 1 : Math.max(1, Math.ceil(chains.length / 2));
        ci = 0;
      }
    }
  }
  let best = chains[0]!.best;
  for (const ch of chains) if (compare(model, ch.best, best) < 0) best = ch.best;
  return best;
}

/** Runs construction, route minimization and distance minimization within the budget. */
export function search(model: Model, settings: SearchSettings, orders: readonly number[]): SearchResult {
  const ctx = new Context(model, settings);
  const construct = (): Solution => {
    const s = new Solution([], []);
    recreate(ctx.ws, s, orders.slice(), ctx.rng, { ...settings.ruin, blinkRate: 0 }, true, new Set());
    return s;
  };
  let best = construct();
  const starts: Solution[] = [];
  // With orders left out, fewer routes would only mean more left out: go straight to distance.
  // A fixed fleet has no routes level to minimize, and any free vehicle may take an order.
  if (best.bank.length === 0 && !model.fixedFleet) {
    const alternatives: Solution[] = [];
    best = minimizeRoutesEjectionPool(ctx, best, alternatives);
    starts.push(best);
    for (const a of alternatives) if (a.routes.length === best.routes.length) starts.push(a);
    // Reached the lower bound early: spend the rest of the share on other solutions with as few
    // routes, from other constructions, as starts of the distance phase's trajectories. The
    // structure of a tight route set decides much of what string moves can reach from it.
    const lb = routeLowerBound(model, best);
    while (best.routes.length <= lb && starts.length < settings.chains && !ctx.spent(settings.routeMinimizationShare)) {
      const other = construct();
      if (other.bank.length > 0) break;
      const s = minimizeRoutesEjectionPool(ctx, other);
      if (s.bank.length === 0 && s.routes.length <= lb) starts.push(s);
    }
    // Stopped above the bound with fewer starts than trajectories (a stuck attempt seldom
    // completes with a single route opened): other constructions brought down to as many routes
    // within a small share, so that the distance phase does not ride the one basin of a single
    // start (R107 seed 3 stayed 5.4 % above, R109 seed 1 3.0 %, whatever the annealing did).
    const until = Math.min(settings.routeMinimizationShare, ctx.used() + settings.extraStartsShare);
    while (best.routes.length > lb && starts.length < settings.chains && !ctx.spent(until)) {
      const other = construct();
      if (other.bank.length > 0) break;
      const s = minimizeRoutesEjectionPool(ctx, other, null, best.routes.length, until);
      if (s.bank.length > 0 || s.routes.length > best.routes.length) continue;
      if (s.routes.length < best.routes.length) {
        best = s;
        starts.length = 0;
      }
      starts.push(s);
      settings.trace?.('extra', ctx.iterations, s.routes.length, s.cost);
    }
  } else {
    starts.push(best);
  }
  best = minimizeDistance(ctx, starts, model.fixedFleet || best.bank.length > 0);
  return { best, iterations: ctx.iterations };
}
