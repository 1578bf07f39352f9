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
import { createRng, randInt, type Rng } from './prng.ts';
import { DEFAULT_RUIN, recreate, ruin, Solution, Workspace, type RuinParams } from './ruin-recreate.ts';
import type { Route } from './route.ts';
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
  readonly now: () => number;
}

export const DEFAULT_SEARCH: Omit<SearchSettings, 'seed' | 'deadline' | 'maxIterations' | 'now'> = {
  routeMinimizationShare: 0.5,
  temperatureStart: 1,
  temperatureEnd: 0.01,
  coolingIterations: 30_000,
  ruin: DEFAULT_RUIN,
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

  constructor(
    readonly model: Model,
    readonly settings: SearchSettings,
  ) {
    this.rng = createRng(settings.seed);
    this.ws = new Workspace(model);
    this.start = settings.now();
  }

  /** True once the budget share is spent; the clock is read only every 32 iterations. */
  spent(share: number): boolean {
    const s = this.settings;
    if (this.iterations >= s.maxIterations * share) return true;
    if (this.timeUp) return true;
    if ((this.iterations & 31) === 0) {
      const t = s.now();
      if (t >= s.deadline) this.timeUp = true;
      else if (t >= this.start + (s.deadline - this.start) * share) return true;
    }
    return this.timeUp;
  }

  /** One ruin-and-recreate step on a copy of `s`; `s` itself is never modified. */
  step(s: Solution, allowNewRoutes: boolean): Solution {
    this.iterations++;
    const t = s.shallowCopy();
    const fresh = new Set<Route>();
    const removed = ruin(this.ws, t, this.rng, this.settings.ruin, fresh);
    recreate(this.ws, t, removed, this.rng, this.settings.ruin, allowNewRoutes, fresh);
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
  const { model, rng } = ctx;
  const share = ctx.settings.routeMinimizationShare;
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
        break;
      }
    }
  }
  return best;
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
      if (compare(model, cur, best) < 0) best = cur;
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
  if (best.bank.length === 0) best = minimizeRoutes(ctx, best);
  best = minimizeDistance(ctx, best, best.bank.length > 0);
  return { best, iterations: ctx.iterations };
}
