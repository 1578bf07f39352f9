import { penaltiesOf, staffViolations, checkRoster } from './roster.checker.ts';
import { compileInstance, toStringRoster, type CompiledInstance } from './roster.compiled.ts';
import { anneal } from './roster.anneal.ts';
import { loadHighs, solveMip } from './roster.highs.ts';
import { buildRosterMip } from './roster.mip.ts';
import { cellDive } from './roster.cell-dive.ts';
import { ColumnGeneration } from './roster.colgen.ts';
import type { RosterBreakdown, RosterInstance, RosterViolation } from './roster.model.ts';

/** Progress report, sent on every improvement and at least once per search move. */
export interface RosterProgress {
  /** Share of the time budget used, 0…1. */
  readonly fraction: number;
  /** Objective of the best hard-feasible roster so far; null before the first one. */
  readonly bestObjective: number | null;
  /** Best proven lower bound so far (−Infinity when none). */
  readonly lowerBound: number;
  readonly phase: 'construct' | 'exact' | 'search';
  /**
   * The new best roster (staff × day → shift id or ''), on reports made because the best
   * hard-feasible roster improved; absent on the others.
   */
  readonly roster?: string[][];
}

export interface GenerateRosterOptions {
  readonly instance: RosterInstance;
  /** Wall-clock budget; the best roster found by then is returned. Default 60 000. */
  readonly timeLimitMs?: number;
  /** Seeds every random choice (and HiGHS); same seed, same sequence of moves. Default 1. */
  readonly seed?: number;
  readonly onProgress?: (p: RosterProgress) => void;
  /** Aborting stops the search at the next check (between MIP solves and annealing batches). */
  readonly signal?: AbortSignal;
  /**
   * Upper bound on search moves. Annealing is counted in moves and sub-MIPs in nodes, so with
   * this bound and a time limit that is not reached a run is fully reproducible; with only a
   * time limit, a run is the same sequence cut at a different point (and a starved CPU can make
   * the exact MIP or a sub-MIP stop on its clock first).
   */
  readonly maxIterations?: number;
  /**
   * Whether to run the exact phases: column generation over individual schedules (bound, dive
   * and integer master) and one compact MIP over the whole roster when the model is small
   * (≤ 800 columns) or when this is true. false skips them: neighbourhood search alone.
   */
  readonly exact?: boolean;
  /**
   * Clock in milliseconds the time limit is counted on (default wall time, `performance.now`).
   * A benchmark on a loaded machine may pass process CPU time; HiGHS still counts its own
   * per-solve limits in wall seconds.
   */
  readonly clock?: () => number;
  /** Receives one diagnostic line per phase and per search move (for tuning, not for users). */
  readonly debug?: (line: string) => void;
}

export interface GenerateRosterResult {
  /** `roster[staffIndex][day]` = shift id or `''`. */
  readonly roster: string[][];
  readonly objective: number;
  readonly breakdown: RosterBreakdown;
  /** Hard violations of the returned roster (empty unless some person's rules cannot be met). */
  readonly violations: readonly RosterViolation[];
  /** True when the objective equals a proven lower bound. */
  readonly optimal: boolean;
  readonly lowerBound: number;
  readonly iterations: number;
}

/**
 * Models up to EXACT_FIRST_COLS compact columns (Instance1–4 size) also get one exact compact
 * MIP, with up to EXACT_FIRST_SHARE of what is left; larger ones only on request (`exact: true`):
 * their compact LP bound is weak (Instance5: 830 against an optimum of 1143, where the
 * set-partitioning master gives 1140.6).
 */
const EXACT_FIRST_COLS = 800;
const EXACT_FIRST_SHARE = 0.6;
/** Column generation: root until this share of the budget, then the dive for at most this share. */
const CG_ROOT_SHARE = 0.5;
const CG_DIVE_SHARE = 0.35;
const CG_DIVES = 8;
/**
 * Random amount on each person's LP value when a dive after the first chooses whom to fix: the
 * dives land in different places (Instance8, seed 1: 1610, 1612, 1303, 1510), and one good
 * landing is what the search needs.
 */
const DIVE_JITTER = 0.1;
/** Dives stop once one lands this far above the LP (Instance9: 643 against 405.7; Instance8's worst, 1612, is 1.24 × 1296.6). */
const DIVE_STOP_RATIO = 1.3;
/** Share of the budget the cell dive may use, and the LP value above which a cell is forced with the best one. */
const CELL_DIVE_SHARE = 0.5;
const CELL_DIVE_BATCH = 0.8;
/** Integer master over the pool: share of what is left, and a cap. */
const CG_INTEGER_SHARE = 0.3;
const CG_INTEGER_MAX_SEC = 3;
const CG_INTEGER_MAX_COLUMNS = 1200;
/**
 * Share of search moves made in the set-partitioning model (adapted between the bounds: up
 * after a gain, down after a move that neither gains nor closes), */
const CG_MOVE_SHARE = 0.3;
const CG_MOVE_SHARE_MIN = 0.1;
const CG_MOVE_SHARE_MAX = 0.8;
/** Clock cap of one set-partitioning move (pricing stalls cost this much at most). */
const CG_MOVE_MAX_SEC = 2.5;
/** Node limit per neighbourhood MIP: bounds work deterministically (see maxIterations). */
const SUB_MAX_NODES = 100;
/** Wall-clock cap per neighbourhood MIP, so progress and cancel stay responsive. */
const SUB_MAX_SEC = 4;
/** Share of the budget for annealing, and its move rate (moves are counted, not timed, for reproducibility). */
const ANNEAL_SHARE = 0.05;
const ANNEAL_MOVES_PER_SEC = 800_000;
const ANNEAL_MOVES_PER_CELL = 15_000;
/** Search moves without improvement before an annealing burst, and the burst's length. */
const STALL_BEFORE_BURST = 5;
const BURST_MOVES_PER_CELL = 1_000;

/**
 * Generates a roster, anytime within `timeLimitMs`:
 * 1. a short simulated annealing from an empty roster, then the people still breaking a rule
 *    are re-planned one at a time as a MIP (each person's rules involve only their own row);
 * 2. column generation over individual schedules ({@link ColumnGeneration}: set-partitioning
 *    master, pricing by dynamic programming): its LP gives the lower bound, a dive through it a
 *    roster close to it, and the integer master over the generated schedules may improve it;
 * 3. models up to 800 compact columns (Instance1–4 size) also get one exact compact MIP from
 *    the best roster (≤ 60 % of what is left), which proves optimality where the master's LP
 *    bound is not tight;
 * 4. large neighbourhood search until the deadline or a proof: half the moves re-price a few
 *    people against everyone else in the set-partitioning model (skipped when its LP shows no
 *    gain), the others are compact MIPs over all staff in a window of days (aimed at days where
 *    cost is paid), a few staff over the whole horizon, several staff over half of it or more,
 *    or everyone's shift types with the work/rest pattern kept; a short annealing burst when
 *    five moves in a row bring nothing.
 *
 * The best hard-feasible roster is returned when the time limit or the abort signal fires; its
 * objective, breakdown and violations come from {@link checkRoster}, not from the solver.
 * HiGHS blocks the thread while it solves, so an abort is seen between solves: within one
 * neighbourhood MIP (≤ 4 s), or after the exact MIP on small models.
 *
 * @example
 * ```ts
 * const instance = parseCurtoisQuInstance(text);
 * const ac = new AbortController();
 * const result = await generateRoster({
 *   instance, timeLimitMs: 30_000, seed: 7, signal: ac.signal,
 *   onProgress: (p) => console.log(p.fraction, p.bestObjective),
 * });
 * console.log(result.objective, result.roster[0]); // e.g. 607 [ 'D', 'D', '', … ]
 * ```
 */
export async function generateRoster(options: GenerateRosterOptions): Promise<GenerateRosterResult> {
  const { instance, signal, onProgress, debug } = options;
  const timeLimitMs = options.timeLimitMs ?? 60_000;
  const seed = options.seed ?? 1;
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const now = options.clock ?? ((): number => performance.now());
  const t0 = now();
  const elapsed = (): string => ((now() - t0) / 1000).toFixed(1);
  // Keep a little of the budget for the final check and hand-back, so the caller gets the
  // roster within timeLimitMs rather than just after it.
  const deadline = t0 + timeLimitMs - Math.min(250, timeLimitMs * 0.02);
  const remainingSec = (): number => Math.max(0, (deadline - now()) / 1000);
  const stopped = (): boolean => signal?.aborted === true || now() >= deadline;
  const highs = await loadHighs();
  const c = compileInstance(instance);
  const rng = mulberry32(seed);

  let lowerBound = Number.NEGATIVE_INFINITY;
  const report = (phase: RosterProgress['phase'], best: number | null, roster?: readonly (readonly number[])[]): void => {
    onProgress?.({
      fraction: Math.min(1, (now() - t0) / timeLimitMs),
      bestObjective: best,
      lowerBound,
      phase,
      ...(roster === undefined ? {} : { roster: toStringRoster(c, roster) }),
    });
  };

  let cur: number[][] = Array.from({ length: c.S }, () => new Array<number>(c.H).fill(-1));
  let curEval = evaluate(c, cur);

  const accept = (cand: number[][], phase: RosterProgress['phase']): boolean => {
    const e = evaluate(c, cand);
    // Hard feasibility first; among feasible rosters, sideways moves are accepted so the search
    // drifts across plateaus of equal cost instead of cycling on the same neighbourhoods.
    const better = e.feasible && (!curEval.feasible || e.objective <= curEval.objective);
    if (better) {
      const improved = !curEval.feasible || e.objective < curEval.objective;
      cur = cand;
      curEval = e;
      if (improved) report(phase, e.objective, cand);
    }
    return better;
  };
  const provenOptimal = (): boolean => curEval.feasible && curEval.objective <= Math.ceil(lowerBound - 1e-6);

  const allFree = Array.from({ length: c.S }, () => new Array<boolean>(c.H).fill(true));
  const fullCols = buildRosterMip(c, cur, allFree).model.numCols;
  const exactMode: 'compact' | 'none' =
    options.exact === false ? 'none' : fullCols <= EXACT_FIRST_COLS || options.exact === true ? 'compact' : 'none';

  const runExact = (share: number): void => {
    if (stopped()) return;
    const full = buildRosterMip(c, cur, allFree);
    const out = solveMip(highs, full, {
      timeLimitSec: remainingSec() * share,
      seed,
      onImproving: (obj) => report('exact', Math.min(Math.round(obj * 1e6) / 1e6, curEval.feasible ? curEval.objective : Number.POSITIVE_INFINITY)),
      shouldStop: () => signal?.aborted === true,
    });
    lowerBound = Math.max(lowerBound, out.bound);
    debug?.(`exact ${out.objective} opt=${out.optimal} bound=${out.bound} t=${elapsed()}`);
    if (out.colValue !== null) accept(full.decode(out.colValue), 'exact');
  };

  // 1. Annealing from an empty roster: fast, usually hard-feasible, and its rows are the first
  //    columns of the master.
  const saMs = timeLimitMs * ANNEAL_SHARE;
  const sa = anneal(c, {
    start: cur,
    rng,
    // Counted, not timed, so that a seed reproduces the walk; capped for small instances.
    moves: Math.round(Math.min(ANNEAL_MOVES_PER_SEC * (saMs / 1000), ANNEAL_MOVES_PER_CELL * c.S * c.H)),
    // On a starved CPU the counted walk may take longer than its share; twice the share is
    // the most it may take from the rest (only then does the clock change the outcome).
    deadline: Math.min(deadline, now() + 2 * saMs),
    now,
    shouldStop: () => signal?.aborted === true,
  });
  if (sa.best !== null) accept(sa.best, 'construct');
  debug?.(`anneal ${sa.bestObjective} moves=${sa.movesDone} t=${elapsed()}`);

  // Repair where the walk ended: re-plan only the people still breaking a rule, one at a time,
  // as a MIP with everyone else fixed. Each person's hard rules involve only their own row, so
  // this reaches a feasible roster whenever each person alone can be satisfied.
  const repaired = sa.last.map((r) => [...r]);
  for (let s = 0; s < c.S && !stopped(); s++) {
    if (staffViolations(c, s, repaired[s] ?? []).length === 0) continue;
    const free = Array.from({ length: c.S }, (_, i) => new Array<boolean>(c.H).fill(i === s));
    const mip = buildRosterMip(c, repaired, free);
    const out = solveMip(highs, mip, { timeLimitSec: Math.min(remainingSec(), SUB_MAX_SEC), maxNodes: SUB_MAX_NODES, heuristicEffort: 0.01, seed });
    if (out.colValue !== null) repaired.splice(0, repaired.length, ...mip.decode(out.colValue));
  }
  accept(repaired, 'construct');
  debug?.(`repair ${curEval.feasible} ${curEval.objective} t=${elapsed()}`);

  // 2. Column generation over individual schedules: its LP bound is nearly tight on these
  //    models, a dive through it lands close to the optimum, and the integer master over the
  //    generated schedules often closes the rest.
  let cg: ColumnGeneration | null = null;
  if (options.exact !== false && !stopped() && !provenOptimal()) {
    cg = new ColumnGeneration(highs, c, now);
    cg.addRoster(cur);
    const root = cg.runRoot({
      deadline: t0 + timeLimitMs * CG_ROOT_SHARE,
      shouldStop: () => signal?.aborted === true,
      ...(debug ? { debug } : {}),
    });
    lowerBound = Math.max(lowerBound, root.bound);
    debug?.(`cg root lp=${root.lpValue.toFixed(2)} bound=${root.bound.toFixed(2)} converged=${root.converged} rounds=${root.rounds} pool=${cg.pool.length} t=${elapsed()}`);
    report('exact', curEval.feasible ? curEval.objective : null);
    if (root.converged && !provenOptimal() && !stopped()) {
      // Dives land ±10 % apart (Instance8: 1414, 1514, 1610): up to CG_DIVES of them within
      // CG_DIVE_SHARE of the budget, each from the columns the previous ones priced, the later
      // ones with random tie-breaks so that they land in different places.
      const diveEnd = Math.min(deadline, now() + timeLimitMs * CG_DIVE_SHARE);
      for (let k = 0; k < CG_DIVES && !provenOptimal() && now() < diveEnd && signal?.aborted !== true; k++) {
        const dived = cg.dive({ deadline: diveEnd, rng, jitter: k === 0 ? 1e-3 : DIVE_JITTER, shouldStop: () => signal?.aborted === true });
        const landed = dived === null ? Number.POSITIVE_INFINITY : evaluate(c, dived).objective;
        if (dived !== null) accept(dived, 'exact');
        debug?.(`dive ${landed} best=${curEval.objective} pool=${cg.pool.length} t=${elapsed()}`);
        // A dive landing far above the LP says the LP leads elsewhere (Instance9's is 7.6 %
        // below the optimum): leave the time to the cell dive and the search.
        if (landed > root.lpValue * DIVE_STOP_RATIO) break;
      }
    }
    if (root.converged && !provenOptimal() && !stopped()) {
      // Then a dive on cells: on a degenerate master (Instance9, LP 405.7 against 439) it lands
      // on the optimum where schedule dives land 45 % above it. The cutoff stops it as soon as
      // its LP cannot beat the best roster (Instance6: at once).
      const before = curEval.feasible ? curEval.objective : Number.POSITIVE_INFINITY;
      const dived = cellDive(cg, c, {
        deadline: Math.min(deadline, now() + timeLimitMs * CELL_DIVE_SHARE),
        rng,
        batchThreshold: CELL_DIVE_BATCH,
        ...(curEval.feasible ? { cutoff: curEval.objective } : {}),
        shouldStop: () => signal?.aborted === true,
      });
      if (dived !== null) accept(dived, 'exact');
      debug?.(`cell dive ${dived === null ? 'failed' : evaluate(c, dived).objective} ${before}->${curEval.objective} pool=${cg.pool.length} t=${elapsed()}`);
    }
    if (!provenOptimal() && !stopped()) {
      cg.addRoster(cur);
      // The master LP left by the dive is not the root's: re-solve the root for its duals.
      if (root.converged) cg.runRoot({ deadline, shouldStop: () => signal?.aborted === true });
      const ip = cg.solveInteger({
        timeLimitSec: Math.min(remainingSec() * CG_INTEGER_SHARE, CG_INTEGER_MAX_SEC),
        ...(curEval.feasible ? { incumbent: cur } : {}),
        ...(root.converged && curEval.feasible ? { reducedCostLimit: curEval.objective - cg.lpValue } : {}),
        maxColumns: CG_INTEGER_MAX_COLUMNS,
        seed,
        shouldStop: () => signal?.aborted === true,
      });
      if (ip.roster !== null) accept(ip.roster, 'exact');
      debug?.(`integer master ${ip.objective} opt=${ip.optimal} cols=${ip.columns} best=${curEval.objective} t=${elapsed()}`);
    }
  }

  // 3. Small compact models also get one exact MIP from the best roster so far: where the
  //    master's bound is not tight it still proves optimality (Instance1–3).
  if (exactMode === 'compact' && !provenOptimal()) runExact(EXACT_FIRST_SHARE);

  // 4. Large neighbourhood search.
  const sizes = { staff: Math.min(c.S, 4), window: Math.min(c.H, 7), mixStaff: Math.min(c.S, 8), cgStaff: Math.min(c.S, Math.max(2, Math.ceil(c.S / 4))) };
  let iterations = 0;
  let stall = 0;
  let cgShare = CG_MOVE_SHARE;
  while (!provenOptimal() && !stopped() && iterations < maxIterations) {
    iterations++;
    if (stall >= STALL_BEFORE_BURST) {
      // The MIP neighbourhoods are stuck: a short, warm annealing walk from the current roster
      // explores many cheap changes at once; only a better feasible roster is kept.
      stall = 0;
      const burst = anneal(c, {
        start: cur, rng, moves: BURST_MOVES_PER_CELL * c.S * c.H, deadline, now,
        startTemperature: 25, endTemperature: 0.5,
        shouldStop: () => signal?.aborted === true,
      });
      const before = curEval.objective;
      if (burst.best !== null) accept(burst.best, 'search');
      debug?.(`burst ${before}->${curEval.objective} t=${elapsed()}`);
      continue;
    }
    if (cg !== null && curEval.feasible && rng() < cgShare) {
      // Set-partitioning neighbourhood: a few people re-priced against everyone else's
      // schedules; the tight LP skips moves that cannot improve.
      const freeStaff = pickStaff(c, rng, sizes.cgStaff);
      const before = curEval.objective;
      const w0 = now();
      const out = cg.neighbourhood({
        incumbent: cur,
        incumbentObjective: curEval.objective,
        freeStaff,
        deadline: Math.min(deadline, now() + CG_MOVE_MAX_SEC * 1000),
        rng,
        shouldStop: () => signal?.aborted === true,
      });
      if (out.roster !== null) accept(out.roster, 'search');
      stall = curEval.objective < before ? 0 : stall + 1;
      // Grow while the LP closes moves or dives finish, shrink when pricing does not converge.
      sizes.cgStaff = clamp(sizes.cgStaff + (out.closed || out.roster !== null ? 1 : -1), 2, c.S);
      if (curEval.objective < before) cgShare = Math.min(CG_MOVE_SHARE_MAX, cgShare + 0.1);
      else if (!out.closed && out.roster === null) cgShare = Math.max(CG_MOVE_SHARE_MIN, cgShare - 0.1);
      debug?.(`it ${iterations} columns st=${sizes.cgStaff} lp=${out.lp.toFixed(2)} closed=${out.closed} share=${cgShare.toFixed(1)} ${before}->${curEval.objective} ${((now() - w0) / 1000).toFixed(2)}s pool=${cg.pool.length} t=${elapsed()}`);
      report('search', curEval.feasible ? curEval.objective : null);
      await new Promise<void>((resolve) => setImmediate(resolve));
      continue;
    }
    const kind = pickKind(rng, c);
    const free = neighbourhood(c, cur, rng, kind, sizes);
    const mip = buildRosterMip(c, cur, free, { keepWorkPattern: kind === 'types' });
    const out = solveMip(highs, mip, {
      timeLimitSec: Math.min(remainingSec(), SUB_MAX_SEC),
      maxNodes: SUB_MAX_NODES,
      heuristicEffort: 0.01,
      seed: seed + iterations,
      shouldStop: () => signal?.aborted === true,
    });
    const before = curEval.objective;
    if (out.colValue !== null) accept(mip.decode(out.colValue), 'search');
    stall = curEval.objective < before ? 0 : stall + 1;
    debug?.(`it ${iterations} ${kind} st=${sizes.staff} w=${sizes.window} mx=${sizes.mixStaff} cols=${mip.model.numCols} opt=${out.optimal} ${before}->${curEval.objective} t=${elapsed()}`);
    adapt(sizes, kind, out.optimal, out.nodes, c);
    report('search', curEval.feasible ? curEval.objective : null);
    // Give timers and abort events a chance to run: HiGHS blocks the thread while it solves.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  const roster = toStringRoster(c, cur);
  const check = checkRoster(instance, roster);
  return {
    roster,
    objective: check.objective,
    breakdown: check.breakdown,
    violations: check.violations,
    optimal: check.feasible && check.objective <= Math.ceil(lowerBound - 1e-6),
    lowerBound,
    iterations,
  };
}

type Kind = 'staff' | 'window' | 'mix' | 'types';

function pickKind(rng: () => number, c: CompiledInstance): Kind {
  const r = rng();
  if (c.S <= 4) return 'window';
  return r < 0.1 ? 'staff' : r < 0.6 ? 'window' : r < 0.9 ? 'mix' : 'types';
}

/**
 * Grows a neighbourhood HiGHS closes easily, shrinks one it cannot, so moves stay around the node
 * limit. Judged on nodes rather than seconds so that a seed replays the same sizes.
 */
function adapt(sizes: { staff: number; window: number; mixStaff: number; cgStaff: number }, kind: Kind, optimal: boolean, nodes: number, c: CompiledInstance): void {
  const step = optimal && nodes < SUB_MAX_NODES / 4 ? 2 : optimal ? 0 : -1;
  if (kind === 'staff') sizes.staff = clamp(sizes.staff + step, 2, c.S);
  else if (kind === 'types') return;
  else if (kind === 'window') sizes.window = clamp(sizes.window + step, 2, c.H);
  else sizes.mixStaff = clamp(sizes.mixStaff + step, 2, c.S);
}

function neighbourhood(
  c: CompiledInstance,
  cur: readonly (readonly number[])[],
  rng: () => number,
  kind: Kind,
  sizes: { staff: number; window: number; mixStaff: number; cgStaff: number },
): boolean[][] {
  const { S, H } = c;
  if (kind === 'types') {
    // Every working cell of a random half of the staff (all staff when few).
    const half = new Set(shuffle(Array.from({ length: S }, (_, i) => i), rng).slice(0, Math.max(2, Math.ceil(S * 0.6))));
    return Array.from({ length: S }, (_, s) => Array.from({ length: H }, (_, d) => half.has(s) && (cur[s]?.[d] ?? -1) >= 0));
  }
  if (kind === 'window') {
    const w = sizes.window;
    // Mostly aim the window at a day where cost is paid (a cover gap, a refused request): random
    // windows often land where nothing can improve.
    const hot = rng() < 0.7 ? costlyDay(c, cur, rng) : -1;
    const a = hot < 0
      ? Math.floor(rng() * (H - w + 1))
      : clamp(hot - Math.floor(rng() * w), 0, H - w);
    return Array.from({ length: S }, () => Array.from({ length: H }, (_, d) => d >= a && d < a + w));
  }
  const k = kind === 'staff' ? sizes.staff : sizes.mixStaff;
  const chosen = pickStaff(c, rng, k);
  let a = 0;
  let b = H;
  if (kind === 'mix') {
    const w = Math.min(H, Math.ceil(H / 2) + Math.floor(rng() * Math.ceil(H / 2)));
    a = Math.floor(rng() * (H - w + 1));
    b = a + w;
  }
  return Array.from({ length: S }, (_, s) => Array.from({ length: H }, (_, d) => chosen.has(s) && d >= a && d < b));
}

/** A day drawn with probability proportional to the penalty paid on it; -1 when none is. */
function costlyDay(c: CompiledInstance, cur: readonly (readonly number[])[], rng: () => number): number {
  const perDay = new Array<number>(c.H).fill(0);
  for (const p of penaltiesOf(c, cur).penalties) perDay[p.day] = (perDay[p.day] ?? 0) + p.cost;
  const total = perDay.reduce((a, b) => a + b, 0);
  if (total <= 0) return -1;
  let r = rng() * total;
  for (let d = 0; d < c.H; d++) {
    r -= perDay[d] ?? 0;
    if (r < 0) return d;
  }
  return c.H - 1;
}

/**
 * Picks k staff: half the time around one person and the people able to work the same shift
 * types on a badly covered day (swaps between them are what fixes cover), else uniformly.
 */
function pickStaff(c: CompiledInstance, rng: () => number, k: number): Set<number> {
  const chosen = new Set<number>();
  const order = shuffle(Array.from({ length: c.S }, (_, i) => i), rng);
  if (rng() < 0.5) {
    const seed = order[0] ?? 0;
    chosen.add(seed);
    const allowed = (s: number): number[] => (c.maxShifts[s] ?? []).map((m) => (m > 0 ? 1 : 0));
    const a = allowed(seed);
    const similar = order.slice(1).sort((x, y) => overlap(allowed(y), a) - overlap(allowed(x), a));
    for (const s of similar) {
      if (chosen.size >= k) break;
      chosen.add(s);
    }
  }
  for (const s of order) {
    if (chosen.size >= k) break;
    chosen.add(s);
  }
  return chosen;
}

function overlap(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  a.forEach((v, i) => {
    n += v * (b[i] ?? 0);
  });
  return n;
}

interface Evaluation {
  readonly feasible: boolean;
  readonly objective: number;
}

function evaluate(c: CompiledInstance, x: readonly (readonly number[])[]): Evaluation {
  let feasible = true;
  for (let s = 0; s < c.S && feasible; s++) feasible = staffViolations(c, s, x[s] ?? []).length === 0;
  const b = penaltiesOf(c, x).breakdown;
  return { feasible, objective: b.shiftOnRequests + b.shiftOffRequests + b.coverUnder + b.coverOver };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function shuffle<T>(a: T[], rng: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
  return a;
}

/** Small seeded PRNG (mulberry32): reproducible moves without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
