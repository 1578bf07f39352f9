import type { Highs } from 'highs';
import { staffViolations } from './roster.checker.ts';
import type { CompiledInstance } from './roster.compiled.ts';
import { buildRosterMip, type RosterMip } from './roster.mip.ts';
import { cheapestSchedules } from './roster.pricing.ts';

/**
 * Column generation over individual schedules (the set-partitioning model of Curtois & Qu).
 *
 * Master: choose exactly one schedule (column) per person; cover rows count the people on each
 * day × shift, with priced under/over slacks. A column's cost is its person's request penalties.
 * Pricing: for each person, the cheapest schedule under their own hard rules with the cover
 * duals taken off the costs — a small MIP over that person's row alone (the compact model of
 * {@link buildRosterMip} without cover rows), solved exactly by HiGHS.
 *
 * Its LP bound is nearly tight on the benchmark instances (the compact MIP's is not: Instance5
 * 830 against an optimum of 1143), so the bound proves optimality where the compact MIP cannot,
 * and the integer master over the generated columns ("price and branch") finds rosters that the
 * neighbourhood search alone does not.
 */

/** One individual schedule: `row[d]` = shift index or -1, and its request penalties. */
export interface Column {
  readonly s: number;
  readonly row: readonly number[];
  readonly cost: number;
}

export interface DiveOptions {
  readonly deadline: number;
  readonly shouldStop?: () => boolean;
  readonly rng: () => number;
  readonly debug?: (l: string) => void;
  /** Pricing rounds before the first fixing (default: until the LP converges). */
  readonly firstRounds?: number;
  /**
   * Random amount added to each person's LP value when choosing whom to fix (default 0.001,
   * ties only): larger values make repeated dives land in different places.
   */
  readonly jitter?: number;
}

export interface RootResult {
  /** Value of the restricted master LP at the last round. */
  readonly lpValue: number;
  /** Best Lagrangian lower bound on the roster objective (valid at every round). */
  readonly bound: number;
  /** True when no column prices out: the LP value is the master's LP optimum. */
  readonly converged: boolean;
  readonly rounds: number;
}

export interface IntegerResult {
  /** Best roster over the pool's columns, or null when none was found. */
  readonly roster: number[][] | null;
  readonly objective: number;
  readonly optimal: boolean;
  /** Schedules the integer master was given (after the reduced-cost filter). */
  readonly columns: number;
}

const BIG = 1e6;
/** Schedules added per person and pricing round (the cheapest distinct ones). */
const PRICED_PER_PERSON = 3;
/**
 * Weight of the stability centre in the smoothed pricing duals (0 = no smoothing). Measured at
 * the root (CPU s / rounds, α = 0 → 0.5 → 0.8): Instance7 3.5/36 → 3.4/32, Instance8 6.8/34 →
 * 5.8/32 → 8.3/46, Instance10 9.5/19 → 11.6/20 → 32.1/37; not worth it, so off.
 */
const SMOOTHING = 0;
/** Pricing rounds between two fixings of a dive. */
const DIVE_ROUNDS_PER_STEP = 4;
/** Pricing rounds of one set-partitioning neighbourhood before its integer master. */
const NEIGHBOURHOOD_MAX_ROUNDS = 12;
/** Without a (nearly) integral schedule, a dive step fixes one free person in this many. */
const DIVE_FIX_DIVISOR = 8;
const EPS = 1e-6;
/** Cost added in pricing to every value a forced cell may not take. */
const FORBIDDEN = 1e5;

/** Request penalties of one person's row: on-requests not granted plus off-requests granted. */
export function rowCost(c: CompiledInstance, s: number, row: readonly number[]): number {
  let cost = 0;
  for (let d = 0; d < c.H; d++) {
    const v = row[d] ?? -1;
    for (const r of c.onRequests[s]?.[d] ?? []) if (v !== r.t) cost += r.weight;
    for (const r of c.offRequests[s]?.[d] ?? []) if (v === r.t) cost += r.weight;
  }
  return cost;
}

interface Pricer {
  readonly mip: RosterMip;
  /** The person's own on-request weights: a row's cost is this plus the MIP objective. */
  readonly offset: number;
  readonly model: ReturnType<Highs['createModel']>;
  readonly baseCost: Float64Array;
}

export class ColumnGeneration {
  readonly pool: Column[] = [];
  /** keys[s]: schedule (joined row) → pool index. */
  private readonly keys: Map<string, number>[];
  /** coverRow[d][t] = master row of the cover of shift t on day d, or -1 when it costs nothing. */
  private readonly coverRow: number[][];
  private readonly nRows: number;
  private readonly master: ReturnType<Highs['createModel']>;
  private readonly pricers: (Pricer | null)[];
  /** Master column of pool column i is firstPoolCol + i. */
  private readonly firstPoolCol: number;
  private duals: Float64Array | null = null;
  private primal: Float64Array | null = null;
  /** Duals of the best Lagrangian bound (stability centre of the smoothing). */
  private center: Float64Array | null = null;
  /** Right-hand side of each cover row (0 for the convexity rows). */
  private readonly rowReq: Float64Array;
  /** Pool column each person is fixed to during a dive (undefined: free). */
  private fixedTo: (number | undefined)[];
  bound = Number.NEGATIVE_INFINITY;
  /** Pricing calls answered by the DP and by the MIP fallback (diagnostics). */
  dpCalls = 0;
  /** Size of the last neighbourhood's integer master (diagnostics). */
  lastIntegerColumns = 0;
  mipCalls = 0;
  lpValue = Number.POSITIVE_INFINITY;
  /** Per person, a lower bound on their row cost minus cover duals: kept for the reduced-cost tests. */
  private lastPricingMin: number[];
  /**
   * Cells forced by a cell dive: `forced[s * H + d]` = 0 when free, else 2 + the value the cell
   * must take (a shift index, or -1 = off). Columns breaking a forced cell are held at 0 and
   * pricing avoids them.
   */
  private readonly forced: Int16Array;
  private forcedCount = 0;

  constructor(
    private readonly highs: Highs,
    private readonly c: CompiledInstance,
    /** Clock of every deadline given to this object (ms). */
    readonly now: () => number = () => performance.now(),
  ) {
    const { S, H, T } = c;
    this.keys = Array.from({ length: S }, () => new Map<string, number>());
    this.lastPricingMin = new Array<number>(S).fill(Number.NEGATIVE_INFINITY);
    this.fixedTo = new Array<number | undefined>(S).fill(undefined);
    this.forced = new Int16Array(S * H);
    let n = S;
    this.coverRow = [];
    const rowLower: number[] = new Array<number>(S).fill(1);
    const rowUpper: number[] = new Array<number>(S).fill(1);
    const colCost: number[] = [];
    const colLower: number[] = [];
    const colUpper: number[] = [];
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const addCol = (cost: number, entries: [number, number][]): void => {
      colCost.push(cost);
      colLower.push(0);
      colUpper.push(Number.POSITIVE_INFINITY);
      for (const [i, v] of entries) {
        indices.push(i);
        values.push(v);
      }
      starts.push(indices.length);
    };
    for (let d = 0; d < H; d++) {
      const rowD: number[] = [];
      for (let t = 0; t < T; t++) {
        const wu = c.coverUnder[d]?.[t] ?? 0;
        const wo = c.coverOver[d]?.[t] ?? 0;
        if (wu === 0 && wo === 0) {
          rowD.push(-1);
          continue;
        }
        const req = c.coverReq[d]?.[t] ?? 0;
        rowD.push(n);
        rowLower.push(req);
        rowUpper.push(req);
        addCol(wu, [[n, 1]]);
        addCol(wo, [[n, -1]]);
        n++;
      }
      this.coverRow.push(rowD);
    }
    this.nRows = n;
    this.rowReq = Float64Array.from(rowLower.map((v, r) => (r < S ? 0 : v)));
    // An artificial "no schedule yet" column per person keeps the master feasible from the start.
    for (let s = 0; s < S; s++) addCol(BIG, [[s, 1]]);
    this.firstPoolCol = colCost.length;
    this.master = highs.createModel({
      numCols: colCost.length,
      numRows: n,
      colCost,
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: { format: 'csc', numRows: n, numCols: colCost.length, starts, indices, values },
    });
    this.master.options.set({ output_flag: false });
    this.pricers = new Array<Pricer | null>(S).fill(null);
  }

  /** Frees the HiGHS models. */
  dispose(): void {
    this.master.dispose();
    for (const p of this.pricers) p?.model.dispose();
  }

  private entries(col: Column): { indices: number[]; values: number[] } {
    const indices = [col.s];
    for (let d = 0; d < this.c.H; d++) {
      const t = col.row[d] ?? -1;
      if (t < 0) continue;
      const r = this.coverRow[d]?.[t] ?? -1;
      if (r >= 0) indices.push(r);
    }
    return { indices, values: indices.map(() => 1) };
  }

  /** Adds a schedule of person s if new and feasible for them; returns whether it was added. */
  addColumn(s: number, row: readonly number[]): boolean {
    const key = row.join(',');
    const keys = this.keys[s];
    if (keys === undefined || keys.has(key)) return false;
    if (staffViolations(this.c, s, row).length > 0) return false;
    keys.set(key, this.pool.length);
    const col: Column = { s, row: [...row], cost: rowCost(this.c, s, row) };
    this.pool.push(col);
    // A person fixed in a dive keeps their column: new ones stay out of the LP until undone.
    this.master.addCol(col.cost, 0, this.fixedTo[s] === undefined && this.compatible(s, col.row) ? Number.POSITIVE_INFINITY : 0, this.entries(col));
    return true;
  }

  /** True when `row` of person s agrees with every cell forced on them. */
  private compatible(s: number, row: readonly number[]): boolean {
    if (this.forcedCount === 0) return true;
    const H = this.c.H;
    for (let d = 0; d < H; d++) {
      const f = this.forced[s * H + d] ?? 0;
      if (f !== 0 && f - 2 !== (row[d] ?? -1)) return false;
    }
    return true;
  }

  /** Value forced on cell (s, d), or undefined when the cell is free. */
  forcedValue(s: number, d: number): number | undefined {
    const f = this.forced[s * this.c.H + d] ?? 0;
    return f === 0 ? undefined : f - 2;
  }

  /**
   * Branching on one cell: person s works value v (a shift index, -1 = off) on day d. Pooled
   * columns that disagree leave the LP; pricing only proposes columns that agree.
   */
  forceCell(s: number, d: number, v: number): void {
    const k = s * this.c.H + d;
    if ((this.forced[k] ?? 0) === 0) this.forcedCount++;
    this.forced[k] = v + 2;
    const idx: number[] = [];
    this.pool.forEach((col, j) => {
      if (col.s === s && (col.row[d] ?? -1) !== v) idx.push(this.firstPoolCol + j);
    });
    if (idx.length > 0) this.master.changeColsBounds({ kind: 'set', indices: idx }, new Float64Array(idx.length), new Float64Array(idx.length));
  }

  /** Frees every forced cell (person fixings stay). */
  clearCells(): void {
    if (this.forcedCount === 0) return;
    this.forced.fill(0);
    this.forcedCount = 0;
    this.restoreBounds();
  }

  /** Bounds of every pooled column from the current person fixings and forced cells. */
  private restoreBounds(): void {
    const n = this.pool.length;
    if (n === 0) return;
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    this.pool.forEach((col, j) => {
      const f = this.fixedTo[col.s];
      if (f !== undefined) {
        lo[j] = f === j ? 1 : 0;
        hi[j] = f === j ? 1 : 0;
      } else hi[j] = this.compatible(col.s, col.row) ? Number.POSITIVE_INFINITY : 0;
    });
    this.master.changeColsBounds({ kind: 'range', from: this.firstPoolCol, to: this.firstPoolCol + n - 1 }, lo, hi);
  }

  /**
   * Aggregated LP value of each cell: `out[(s * H + d) * (T + 1) + v + 1]` = Σ λ over person s's
   * columns working v on day d. Null before the first master solve.
   */
  cellValues(): Float64Array | null {
    const x = this.primal;
    if (x === null) return null;
    const { S, H, T } = this.c;
    const V = T + 1;
    const out = new Float64Array(S * H * V);
    this.pool.forEach((col, j) => {
      const lam = x[this.firstPoolCol + j] ?? 0;
      if (lam <= 1e-9) return;
      for (let d = 0; d < H; d++) {
        const k = (col.s * H + d) * V + (col.row[d] ?? -1) + 1;
        out[k] = (out[k] ?? 0) + lam;
      }
    });
    return out;
  }

  /** True while the LP still uses an artificial "no schedule" column (fixings left no room). */
  usesArtificial(): boolean {
    return this.lpValue >= BIG / 2;
  }

  /** Adds every person's row of a roster (rows breaking that person's rules are skipped). */
  addRoster(roster: readonly (readonly number[])[]): number {
    let n = 0;
    roster.forEach((row, s) => {
      if (this.addColumn(s, row)) n++;
    });
    return n;
  }

  private solveMaster(): boolean {
    this.master.run();
    const status = this.master.getModelStatus();
    if (status !== this.highs.constants.modelStatus.optimal) return false;
    this.lpValue = this.master.getObjectiveValue();
    const sol = this.master.getSolution();
    this.duals = Float64Array.from(sol.rowDual);
    this.primal = Float64Array.from(sol.colValue);
    return true;
  }

  private pricer(s: number): Pricer {
    const existing = this.pricers[s];
    if (existing) return existing;
    const { S, H } = this.c;
    const empty = Array.from({ length: S }, () => new Array<number>(H).fill(-1));
    const free = Array.from({ length: S }, (_, i) => new Array<boolean>(H).fill(i === s));
    const mip = buildRosterMip(this.c, empty, free, { withoutCover: true });
    const model = this.highs.createModel(mip.model);
    model.options.set({ output_flag: false, mip_rel_gap: 1e-6, mip_abs_gap: 1e-6 });
    let offset = 0;
    for (let d = 0; d < H; d++) for (const r of this.c.onRequests[s]?.[d] ?? []) offset += r.weight;
    const p: Pricer = { mip, model, offset, baseCost: Float64Array.from(mip.model.colCost as ArrayLike<number>) };
    this.pricers[s] = p;
    return p;
  }

  /**
   * Prices person s under the current duals: adds every improving schedule HiGHS meets with a
   * negative reduced cost, returns a lower bound on the person's least reduced cost.
   */
  private price(s: number, timeLimitSec: number, sep: Float64Array | null): { minRc: number; added: number; value: number } {
    const rmp = this.duals;
    if (rmp === null) return { minRc: 0, added: 0, value: Number.NaN };
    // Cover duals of the pricing: the master's, or smoothed ones (see runRoot).
    const duals = sep ?? rmp;
    const { H, T } = this.c;
    const V = T + 1;
    const cellCost = new Float64Array(H * V);
    for (let d = 0; d < H; d++) {
      for (const r of this.c.onRequests[s]?.[d] ?? []) {
        for (let v = -1; v < T; v++) if (v !== r.t) cellCost[d * V + v + 1] = (cellCost[d * V + v + 1] ?? 0) + r.weight;
      }
      for (const r of this.c.offRequests[s]?.[d] ?? []) cellCost[d * V + r.t + 1] = (cellCost[d * V + r.t + 1] ?? 0) + r.weight;
      for (let t = 0; t < T; t++) {
        const row = this.coverRow[d]?.[t] ?? -1;
        if (row >= 0) cellCost[d * V + t + 1] = (cellCost[d * V + t + 1] ?? 0) - (duals[row] ?? 0);
      }
      const f = this.forced[s * H + d] ?? 0;
      if (f !== 0) for (let v = 0; v < V; v++) if (v !== f - 1) cellCost[d * V + v] = (cellCost[d * V + v] ?? 0) + FORBIDDEN;
    }
    const dp = cheapestSchedules(this.c, s, cellCost, PRICED_PER_PERSON);
    if (dp !== null) {
      this.dpCalls++;
      let added = 0;
      // Added only when they price out against the master's own duals.
      for (const sch of dp) if (sch.value < FORBIDDEN / 2 && this.reducedCost(s, sch.row) < -EPS && this.addColumn(s, sch.row)) added++;
      const best = dp[0];
      const value = best === undefined || best.value >= FORBIDDEN / 2 ? Number.POSITIVE_INFINITY : best.value;
      return { minRc: value - (duals[s] ?? 0), added, value };
    }
    this.mipCalls++;
    const p = this.pricer(s);
    const cost = Float64Array.from(p.baseCost);
    for (let d = 0; d < this.c.H; d++) {
      for (let t = 0; t < this.c.T; t++) {
        const col = p.mip.cells[s]?.[d]?.[t] ?? -1;
        const r = this.coverRow[d]?.[t] ?? -1;
        if (col >= 0 && r >= 0) cost[col] = (p.baseCost[col] ?? 0) - (duals[r] ?? 0);
      }
    }
    const ys = duals[s] ?? 0;
    p.model.changeColsCost({ kind: 'range', from: 0, to: cost.length - 1 }, cost);
    p.model.options.set({ time_limit: Math.max(0.01, timeLimitSec) });
    const found: number[][] = [];
    const cb = this.highs.constants.callbackType;
    p.model.run({
      [cb.mipImprovingSolution]: (e) => {
        const sol = e.data.mip_solution;
        if (sol !== undefined) found.push(p.mip.decode(sol)[s] ?? []);
        return undefined;
      },
    });
    const info = p.model.info;
    const dualBound = Number(info.get('mip_dual_bound'));
    if (Number(info.get('primal_solution_status')) === 2) found.push(p.mip.decode(p.model.getSolution().colValue)[s] ?? []);
    let added = 0;
    for (const row of found) {
      if (this.compatible(s, row) && this.reducedCost(s, row) < -EPS && this.addColumn(s, row)) added++;
    }
    const minRc = Number.isFinite(dualBound) ? dualBound + p.offset - ys : Number.NEGATIVE_INFINITY;
    this.lastPricingMin[s] = minRc;
    return { minRc, added, value: minRc + ys };
  }

  /** Reduced cost of a schedule of person s under the current duals. */
  reducedCost(s: number, row: readonly number[]): number {
    const duals = this.duals;
    if (duals === null) return 0;
    let rc = rowCost(this.c, s, row) - (duals[s] ?? 0);
    for (let d = 0; d < this.c.H; d++) {
      const t = row[d] ?? -1;
      if (t < 0) continue;
      const r = this.coverRow[d]?.[t] ?? -1;
      if (r >= 0) rc -= duals[r] ?? 0;
    }
    return rc;
  }

  /**
   * Column generation at the root until no schedule prices out, the deadline passes or
   * `shouldStop` says so. The bound it leaves in `bound` is valid at every round.
   */
  runRoot(opts: { readonly deadline: number; readonly shouldStop?: () => boolean; readonly maxRounds?: number; readonly debug?: (l: string) => void }): RootResult {
    const maxRounds = opts.maxRounds ?? Number.POSITIVE_INFINITY;
    let rounds = 0;
    let converged = false;
    const { S } = this.c;
    const atRoot = this.fixedTo.every((f) => f === undefined) && this.forcedCount === 0;
    // Dual smoothing (Wentges): at the root, price at a mix of the master's duals and those of
    // the best Lagrangian bound so far; fewer rounds zig-zag. A round that prices out nothing
    // against the master's duals (mispricing) switches smoothing off.
    let alpha = atRoot ? SMOOTHING : 0;
    while (rounds < maxRounds && this.now() < opts.deadline && opts.shouldStop?.() !== true) {
      if (!this.solveMaster()) break;
      rounds++;
      const rmp = this.duals ?? new Float64Array(this.nRows);
      const center = this.center;
      const sep = alpha > 0 && center !== null ? rmp.map((v, r) => alpha * (center[r] ?? 0) + (1 - alpha) * v) : null;
      let sumMin = 0;
      let sumValue = 0;
      let added = 0;
      let complete = true;
      const mipBefore = this.mipCalls;
      for (let s = 0; s < S; s++) {
        if (this.fixedTo[s] !== undefined) continue;
        const left = (opts.deadline - this.now()) / 1000;
        if (left <= 0 || opts.shouldStop?.() === true) {
          complete = false;
          break;
        }
        const r = this.price(s, left, sep);
        sumMin += Math.min(0, r.minRc);
        sumValue += r.value;
        added += r.added;
      }
      if (complete && atRoot && this.lpValue < BIG / 2) {
        // Lagrangian bound at the duals priced: Σ req·π + Σ per person (least c − π·a).
        const pi = sep ?? rmp;
        let bound = sumValue;
        for (let r = S; r < this.nRows; r++) bound += (this.rowReq[r] ?? 0) * (pi[r] ?? 0);
        if (sep === null) bound = Math.max(bound, this.lpValue + sumMin);
        if (this.mipCalls !== mipBefore && sep !== null) bound = Number.NEGATIVE_INFINITY;
        if (bound > this.bound || this.center === null) this.center = Float64Array.from(pi);
        this.bound = Math.max(this.bound, bound);
      }
      opts.debug?.(`cg round ${rounds} lp=${this.lpValue.toFixed(2)} bound=${this.bound.toFixed(2)} added=${added} pool=${this.pool.length} dp=${this.dpCalls} mip=${this.mipCalls}${sep ? ' smoothed' : ''}`);
      if (complete && added === 0) {
        if (sep !== null) {
          alpha = 0;
          continue;
        }
        converged = true;
        break;
      }
    }
    return { lpValue: this.lpValue, bound: this.bound, converged, rounds };
  }

  /**
   * Integer master over the pool ("price and branch"): exactly one pooled schedule per person,
   * integer cover slacks. Starts from `incumbent` when all its rows are pooled.
   */
  solveInteger(opts: {
    readonly timeLimitSec: number;
    readonly incumbent?: readonly (readonly number[])[];
    readonly cutoff?: number;
    readonly shouldStop?: () => boolean;
    readonly seed?: number;
    readonly maxNodes?: number;
    /**
     * Leave out schedules whose reduced cost (under the duals of the last master LP, which
     * must be optimal over the pool) is at least this: with every reduced cost ≥ 0, a roster
     * using one costs at least LP + that reduced cost, so none can beat the incumbent when the
     * limit is incumbent − LP. The incumbent's own schedules are always kept.
     */
    readonly reducedCostLimit?: number;
    /**
     * Give up (no solve) above this many schedules: HiGHS wasm then spends tens of seconds in
     * places its time limit and interrupt callbacks do not reach (36 s for a 3 s limit on
     * Instance8's 3,169 schedules).
     */
    readonly maxColumns?: number;
    readonly onImproving?: (objective: number) => void;
  }): IntegerResult {
    const { S, H, T } = this.c;
    const colCost: number[] = [];
    const integrality: (0 | 1)[] = [];
    const upper: number[] = [];
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const start: number[] = [];
    const rowLower: number[] = new Array<number>(S).fill(1);
    const rowUpper: number[] = new Array<number>(S).fill(1);
    const coverCount = new Map<number, number>();
    const incKeys = opts.incumbent?.map((r) => r.join(','));
    for (let d = 0; d < H; d++) {
      for (let t = 0; t < T; t++) {
        const r = this.coverRow[d]?.[t] ?? -1;
        if (r < 0) continue;
        rowLower[r] = this.c.coverReq[d]?.[t] ?? 0;
        rowUpper[r] = rowLower[r] ?? 0;
        let n = 0;
        if (opts.incumbent) for (let s = 0; s < S; s++) if ((opts.incumbent[s]?.[d] ?? -1) === t) n++;
        coverCount.set(r, n);
      }
    }
    const push = (cost: number, ub: number, entries: number[], vals: number[], st: number): void => {
      colCost.push(cost);
      integrality.push(1);
      upper.push(ub);
      indices.push(...entries);
      values.push(...vals);
      starts.push(indices.length);
      start.push(st);
    };
    for (let d = 0; d < H; d++) {
      for (let t = 0; t < T; t++) {
        const r = this.coverRow[d]?.[t] ?? -1;
        if (r < 0) continue;
        const req = this.c.coverReq[d]?.[t] ?? 0;
        const n = coverCount.get(r) ?? 0;
        push(this.c.coverUnder[d]?.[t] ?? 0, Number.POSITIVE_INFINITY, [r], [1], Math.max(0, req - n));
        push(this.c.coverOver[d]?.[t] ?? 0, Number.POSITIVE_INFINITY, [r], [-1], Math.max(0, n - req));
      }
    }
    const first = colCost.length;
    // People fixed (by a neighbourhood) keep only their fixed schedule.
    const included: number[] = [];
    this.pool.forEach((col, i) => {
      const f = this.fixedTo[col.s];
      if (f !== undefined && f !== i) return;
      const isIncumbent = incKeys?.[col.s] === col.row.join(',');
      if (f === undefined && !isIncumbent && opts.reducedCostLimit !== undefined && this.reducedCost(col.s, col.row) >= opts.reducedCostLimit) return;
      included.push(i);
      const e = this.entries(col);
      push(col.cost, 1, e.indices, e.values, incKeys?.[col.s] === col.row.join(',') ? 1 : 0);
    });
    if (opts.maxColumns !== undefined && included.length > opts.maxColumns) {
      return { roster: null, objective: Number.POSITIVE_INFINITY, optimal: false, columns: included.length };
    }
    const model = this.highs.createModel({
      numCols: colCost.length,
      numRows: this.nRows,
      colCost,
      colLower: colCost.map(() => 0),
      colUpper: upper,
      rowLower,
      rowUpper,
      matrix: { format: 'csc', numRows: this.nRows, numCols: colCost.length, starts, indices, values },
      integrality,
    });
    try {
      model.options.set({
        output_flag: false,
        time_limit: Math.max(0.01, opts.timeLimitSec),
        mip_rel_gap: 0,
        mip_abs_gap: 0.999,
        random_seed: (opts.seed ?? 1) % 2147483647,
        ...(opts.cutoff === undefined ? {} : { objective_bound: opts.cutoff }),
        ...(opts.maxNodes === undefined ? {} : { mip_max_nodes: opts.maxNodes }),
      });
      if (opts.incumbent) {
        try {
          model.setSolution({ colValue: start });
        } catch {
          // A start HiGHS rejects only loses the warm start.
        }
      }
      const cb = this.highs.constants.callbackType;
      const hardStop = performance.now() + opts.timeLimitSec * 1000 + 100;
      const result = model.run({
        [cb.mipImprovingSolution]: (e) => {
          const obj = e.data.objective_function_value;
          if (obj !== undefined) opts.onImproving?.(obj);
          return undefined;
        },
        // HiGHS's own time limit is not checked everywhere (a 5 s limit took 67 s on Instance8
        // under load): stop it from the callbacks as well.
        [cb.mipInterrupt]: (e) => {
          if (opts.shouldStop?.() === true || performance.now() > hardStop) e.interrupt();
          return undefined;
        },
        [cb.simplexInterrupt]: (e) => {
          if (performance.now() > hardStop) e.interrupt();
          return undefined;
        },
      });
      if (Number(model.info.get('primal_solution_status')) !== 2) return { roster: null, objective: Number.POSITIVE_INFINITY, optimal: false, columns: included.length };
      const x = model.getSolution().colValue;
      const roster: number[][] = Array.from({ length: S }, () => new Array<number>(H).fill(-1));
      included.forEach((p, i) => {
        const col = this.pool[p];
        if (col !== undefined && (x[first + i] ?? 0) > 0.5) roster[col.s] = [...col.row];
      });
      return {
        roster,
        objective: model.getObjectiveValue(),
        optimal: result.modelStatus === this.highs.constants.modelStatus.optimal,
        columns: included.length,
      };
    } finally {
      model.dispose();
    }
  }

  /** Fixes person s to pool column i (bounds λ_i = 1, the person's other columns 0). */
  private fix(s: number, i: number): void {
    this.fixedTo[s] = i;
    const idx: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    this.pool.forEach((col, j) => {
      if (col.s !== s) return;
      idx.push(this.firstPoolCol + j);
      lo.push(j === i ? 1 : 0);
      hi.push(j === i ? 1 : 0);
    });
    this.master.changeColsBounds({ kind: 'set', indices: idx }, lo, hi);
  }

  /**
   * One large-neighbourhood move in the set-partitioning model: everyone outside `freeStaff`
   * keeps their schedule of `incumbent`, the column generation re-prices the free people
   * against the others (its LP value bounds what the move can reach: when it is not below the
   * incumbent by at least 1, the move is skipped and counts as closed), then a dive among the
   * free people. Returns the roster (or null), whether the LP closed the neighbourhood, and
   * that LP value (NaN when the pricing did not converge).
   */
  neighbourhood(opts: {
    readonly incumbent: readonly (readonly number[])[];
    readonly incumbentObjective: number;
    readonly freeStaff: ReadonlySet<number>;
    readonly deadline: number;
    readonly rng: () => number;
    readonly shouldStop?: () => boolean;
  }): { roster: number[][] | null; closed: boolean; lp: number } {
    const { S } = this.c;
    this.addRoster(opts.incumbent);
    try {
      for (let s = 0; s < S; s++) {
        if (opts.freeStaff.has(s)) continue;
        const i = this.keys[s]?.get((opts.incumbent[s] ?? []).join(','));
        if (i === undefined) return { roster: null, closed: false, lp: Number.NaN };
        this.fix(s, i);
      }
      // Capped rounds: with most people fixed the duals are far from unique and the pricing can
      // stall (Instance9); the dive then works on what was priced so far.
      const root = this.runRoot({ deadline: opts.deadline, maxRounds: NEIGHBOURHOOD_MAX_ROUNDS, ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) });
      const lp = this.lpValue;
      if (root.converged && lp > opts.incumbentObjective - 1 + 1e-6) return { roster: null, closed: true, lp };
      // Then a dive among the free people: the integer master over their pooled schedules is
      // often beyond HiGHS within seconds, the dive is not.
      const roster = this.diveSteps({ deadline: opts.deadline, rng: opts.rng, firstRounds: root.converged ? 1 : DIVE_ROUNDS_PER_STEP, ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) });
      return { roster, closed: false, lp: root.converged ? lp : Number.NaN };
    } finally {
      this.unfixAll();
    }
  }

  /** Frees every person fixed by a dive. */
  unfixAll(): void {
    if (this.fixedTo.every((f) => f === undefined)) return;
    this.fixedTo.fill(undefined);
    this.restoreBounds();
  }

  /**
   * Diving heuristic (a depth-first branch-and-price without backtracking): re-converge the
   * column generation, fix every person whose LP schedule is (nearly) integral, and the person
   * with the largest fractional schedule, and repeat until everyone is fixed. The LP re-prices
   * after each fixing, so the roster it lands on is usually within a few units of the bound.
   * Returns the roster, or null when the fixings made the master infeasible or time ran out.
   */
  dive(opts: DiveOptions): number[][] | null {
    try {
      return this.diveSteps(opts);
    } finally {
      this.unfixAll();
    }
  }

  /** The dive itself, from the current fixings (kept on return). */
  private diveSteps(opts: DiveOptions): number[][] | null {
    const { S } = this.c;
    for (let step = 0; ; step++) {
      // A few pricing rounds per step: the LP need not be re-converged to guide the next fix.
      this.runRoot({ deadline: opts.deadline, maxRounds: step === 0 ? (opts.firstRounds ?? Number.POSITIVE_INFINITY) : DIVE_ROUNDS_PER_STEP, ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) });
      if (this.now() >= opts.deadline || opts.shouldStop?.() === true) return null;
      const x = this.primal;
      if (x === null || this.lpValue >= BIG / 2) return null;
      // Best column per free person.
      let fixedNow = 0;
      const perStaff: { i: number; v: number }[] = Array.from({ length: S }, () => ({ i: -1, v: -1 }));
      this.pool.forEach((col, i) => {
        const v = x[this.firstPoolCol + i] ?? 0;
        const cur = perStaff[col.s];
        if (cur !== undefined && v > cur.v) perStaff[col.s] = { i, v };
      });
      // Fix every person whose schedule is (nearly) chosen; failing that, the person with the
      // largest fractional schedule.
      const free: { s: number; i: number; v: number }[] = [];
      for (let s = 0; s < S; s++) {
        if (this.fixedTo[s] !== undefined) continue;
        const b = perStaff[s];
        if (b === undefined || b.i < 0) return null;
        free.push({ s, i: b.i, v: b.v + opts.rng() * (opts.jitter ?? 1e-3) });
      }
      for (const threshold of [0.99]) {
        for (const f of free) {
          if (f.v > threshold) {
            this.fix(f.s, f.i);
            fixedNow++;
          }
        }
        if (fixedNow > 0) break;
      }
      if (fixedNow === 0) {
        // The largest fractional schedules; several at once when many people are free (an
        // LP as degenerate as Instance9's would otherwise take one re-pricing per person).
        free.sort((a, b) => b.v - a.v);
        const k = Math.max(1, Math.floor(free.length / DIVE_FIX_DIVISOR));
        for (const f of free.slice(0, k)) this.fix(f.s, f.i);
      }
      opts.debug?.(`dive step ${step} lp=${this.lpValue.toFixed(2)} fixed=${this.fixedTo.filter((f) => f !== undefined).length}/${S}`);
      if (this.fixedTo.every((f) => f !== undefined)) {
        const roster: number[][] = this.fixedTo.map((i) => [...(this.pool[i ?? 0]?.row ?? [])]);
        return roster;
      }
    }
  }

  /** Number of pool columns per person (diagnostics). */
  poolSize(): number {
    return this.pool.length;
  }

  /** Master column index of pool column i (for tests). */
  masterColumn(i: number): number {
    return this.firstPoolCol + i;
  }
}
