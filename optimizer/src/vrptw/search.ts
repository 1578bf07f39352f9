/**
 * The two phases of the anytime search, both driven by ruin and recreate:
 *
 * 1. Route minimization, with the absence-based acceptance of SISR (Christiaens & Vanden
 *    Berghe 2020, §5): take a route out, put its customers in the bank, and keep ruining and
 *    recreating without new routes; accept a candidate when it leaves fewer customers out, or
 *    customers that were left out less often so far (their "absence" counters). The counters
 *    play the role of the penalties of Nagata & Bräysy's ejection pool: customers that are hard
 *    to place get priority, and the search stops fighting over the same ones.
 * 2. Distance minimization at a fixed number of routes, with simulated annealing whose
 *    temperature follows the iteration count (not the clock), so that a seed and an iteration
 *    count fix the result.
 */
import { insertWithEjection } from './ejection.ts';
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
  /** Try an insertion with ejection every this many route-minimization steps (0 = never). */
  readonly ejectionEvery: number;
  /** Most orders ejected by one forced insertion. */
  readonly ejectionMax: number;
  readonly routeMinimizer: 'absences' | 'ejection-pool';
  /** Ruin-and-recreate steps after each forced insertion of the ejection pool. */
  readonly perturbSteps: number;
  readonly perturbRuin: RuinParams;
  /** Run a 2-opt* descent on every new best solution of the distance phase. */
  readonly polish: boolean;
  readonly now: () => number;
  /** Progress callback for tuning: called when a phase improves its best solution. */
  readonly trace?: (event: string, iterations: number, routes: number, value: number) => void;
}

export const DEFAULT_SEARCH: Omit<SearchSettings, 'seed' | 'deadline' | 'maxIterations' | 'now'> = {
  routeMinimizationShare: 0.5,
  temperatureStart: 3,
  temperatureEnd: 0.01,
  coolingIterations: 10_000,
  ruin: DEFAULT_RUIN,
  ejectionEvery: 1,
  ejectionMax: 2,
  routeMinimizer: 'ejection-pool',
  perturbSteps: 5,
  perturbRuin: { averageRemoved: 6, maxString: 5, blinkRate: 0.01 },
  polish: true,
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
  spent(share: number, every = 32): boolean {
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
  if (a.routes.length !== b.routes.length) return a.routes.length - b.routes.length;
  return a.cost - b.cost;
}

/** Capacity lower bound on routes, valid when the fleet is homogeneous in capacity. */
function routeLowerBound(model: Model, s: Solution): number {
  let cap = 0;
  for (let v = 0; v < model.m; v++) cap = Math.max(cap, model.vCap[v]!);
  if (!Number.isFinite(cap) || cap <= 0) return 1;
  let total = 0;
  for (const r of s.routes) total += r.load;
  return Math.max(1, Math.ceil(total / cap - 1e-9));
}

function minimizeRoutes(ctx: Context, start: Solution): Solution {
  const { model, rng, settings } = ctx;
  const share = settings.routeMinimizationShare;
  const absences = new Float64Array(model.n);
  const absenceSum = (bank: readonly number[]): number => {
    let x = 0;
    for (const o of bank) x += absences[o]!;
    return x;
  };
  let best = start;
  const lb = routeLowerBound(model, start);
  while (best.routes.length > lb && !ctx.spent(share)) {
    // Prefer taking out short routes: fewer customers to rehome.
    const s = best.shallowCopy();
    let idx = randInt(rng, s.routes.length);
    const other = randInt(rng, s.routes.length);
    if (s.routes[other]!.seq.length < s.routes[idx]!.seq.length) idx = other;
    const [gone] = s.routes.splice(idx, 1);
    s.bank.push(...gone!.seq);
    let cur = s;
    while (!ctx.spent(share)) {
      const t = ctx.step(cur, false);
      for (const o of t.bank) absences[o]!++;
      if (t.bank.length < cur.bank.length || absenceSum(t.bank) < absenceSum(cur.bank)) cur = t;
      if (cur.bank.length === 0) {
        best = cur;
        settings.trace?.('routes', ctx.iterations, best.routes.length, best.cost);
        break;
      }
      if ((ctx.iterations & 2047) === 0) settings.trace?.('bank', ctx.iterations, cur.routes.length, cur.bank.length);
      if (settings.ejectionEvery > 0 && ctx.iterations % settings.ejectionEvery === 0) {
        // The order left out most often goes in by force, pushing out easier ones.
        let v = cur.bank[0]!;
        for (const o of cur.bank) if (absences[o]! > absences[v]!) v = o;
        const t = cur.shallowCopy();
        if (insertWithEjection(model, t, v, absences, settings.ejectionMax)) cur = t;
        if (cur.bank.length === 0) {
          best = cur;
          break;
        }
      }
    }
  }
  return best;
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
      if (insertCheapest(model, t, v)) {
        cur = t;
        continue;
      }
      penalty[v]!++;
      t.bank.push(v);
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

/** Cheapest feasible insertion of `v` (taken out of the bank), or false. */
function insertCheapest(model: Model, s: Solution, v: number): boolean {
  let best = Infinity;
  let bestR = -1;
  let bestP = -1;
  for (let ri = 0; ri < s.routes.length; ri++) {
    const r = s.routes[ri]!;
    if (!admits(model, r, v)) continue;
    for (let p = 0; p <= r.seq.length; p++) {
      const d = insertionDelta(model, r, v, p);
      if (d < best) {
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
  const t0 = settings.temperatureStart * meanEdge;
  const ratio = settings.temperatureEnd / settings.temperatureStart;
  const period = settings.coolingIterations;
  let best = start;
  let cur = start;
  let k = 0;
  while (!ctx.spent(1)) {
    if (k === period) {
      k = 0;
      cur = best;
    }
    const temperature = t0 * Math.pow(ratio, k / period);
    k++;
    const t = ctx.step(cur, allowNewRoutes);
    const c = compare(model, t, cur);
    // Annealing applies to the last level only: never trade service or a vehicle for distance.
    const sameLevels = t.bankWeight(model) === cur.bankWeight(model) && t.routes.length === cur.routes.length;
    if (c < 0 || (sameLevels && t.cost < cur.cost - temperature * Math.log(rng()))) {
      cur = t;
      if (compare(model, cur, best) < 0) {
        if (settings.polish) cur = twoOptStar(model, cur);
        best = cur;
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
  if (best.bank.length === 0) best = settings.routeMinimizer === 'ejection-pool' ? minimizeRoutesEjectionPool(ctx, best) : minimizeRoutes(ctx, best);
  best = minimizeDistance(ctx, best, best.bank.length > 0);
  return { best, iterations: ctx.iterations };
}
