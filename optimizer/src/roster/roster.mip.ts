import type { ModelData } from 'highs';
import type { CompiledInstance } from './roster.compiled.ts';

/**
 * A MIP over the "free" cells of a roster, every other cell held at its current value.
 *
 * With every cell free this is the full benchmark model; with a few staff or a window of days
 * free it is one large-neighbourhood-search move. Fixed cells become constants moved to the
 * right-hand side, and rows without any free variable are dropped: they cannot change, and for
 * the sequential construction (other staff still empty) they would be violated on purpose.
 */
export interface RosterMip {
  readonly model: ModelData;
  /** Dense start vector encoding `current` (HiGHS may reject it if infeasible, that is fine). */
  readonly start: Float64Array;
  /** Reads a HiGHS column vector back into a full index roster. */
  decode(colValue: ArrayLike<number>): number[][];
  /** Objective value of the fixed part (the MIP objective plus this is the roster objective). */
  readonly offset: number;
  /** cells[s][d][t] = column of "s works t on day d", or -1 (fixed cell or shift not allowed). */
  readonly cells: readonly (readonly (readonly number[])[])[];
}

interface Row {
  idx: number[];
  val: number[];
  lo: number;
  hi: number;
}

/**
 * Builds the MIP. `current[s][d]` is a shift index or -1; `free[s][d]` marks cells to optimise.
 *
 * Formulation (x = shift assignment, w = works that day, sums of x):
 * - consecutive-shift limits as sliding windows: any k+1 consecutive days hold ≤ k worked days;
 * - minimum runs: a run starting inside the horizon must still be on k < min days later, unless
 *   that day is past the end (the benchmark exempts runs touching either end);
 * - a weekend indicator y ≥ w(Sat), y ≥ w(Sun) with Σ y ≤ max weekends (y may stay continuous:
 *   it only has to exceed the two binaries);
 * - cover with integer under/over slacks priced by their weights.
 */
export function buildRosterMip(
  c: CompiledInstance,
  current: readonly (readonly number[])[],
  free: readonly (readonly boolean[])[],
  options: {
    readonly keepWorkPattern?: boolean;
    /**
     * Leave out the cover rows: only each person's own rules remain (the pricing problem of
     * column generation, where cover is the master's and its duals are put on the costs).
     */
    readonly withoutCover?: boolean;
  } = {},
): RosterMip {
  const { H, S, T } = c;
  const inst = c.instance;
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const integrality: (0 | 1)[] = [];
  const start: number[] = [];
  const addCol = (cst: number, lo: number, hi: number, integer: boolean, st: number): number => {
    cost.push(cst);
    lower.push(lo);
    upper.push(hi);
    integrality.push(integer ? 1 : 0);
    start.push(st);
    return cost.length - 1;
  };
  const cur = (s: number, d: number): number => current[s]?.[d] ?? -1;
  const isFree = (s: number, d: number): boolean => free[s]?.[d] === true;

  // x[s][d][t] = column index, or -1 when the cell is fixed or the shift is not allowed there.
  const x: number[][][] = [];
  let offset = 0;
  for (let s = 0; s < S; s++) {
    const rowS: number[][] = [];
    for (let d = 0; d < H; d++) {
      const cell = new Array<number>(T).fill(-1);
      if (isFree(s, d) && !c.dayOff[s]?.[d]) {
        for (let t = 0; t < T; t++) {
          if ((c.maxShifts[s]?.[t] ?? 0) <= 0) continue;
          let cst = 0;
          for (const r of c.onRequests[s]?.[d] ?? []) if (r.t === t) cst -= r.weight;
          for (const r of c.offRequests[s]?.[d] ?? []) if (r.t === t) cst += r.weight;
          cell[t] = addCol(cst, 0, 1, true, cur(s, d) === t ? 1 : 0);
        }
      }
      rowS.push(cell);
    }
    x.push(rowS);
  }
  // Request weights as constants: on-requests are paid unless granted (−w·x above plus +w here).
  for (let s = 0; s < S; s++) {
    for (let d = 0; d < H; d++) {
      for (const r of c.onRequests[s]?.[d] ?? []) {
        if (isFree(s, d)) offset += r.weight;
        else if (cur(s, d) !== r.t) offset += r.weight;
      }
      if (!isFree(s, d)) for (const r of c.offRequests[s]?.[d] ?? []) if (cur(s, d) === r.t) offset += r.weight;
    }
  }

  const rows: Row[] = [];
  // Linear expression accumulator: variables plus a constant from fixed cells.
  class Lin {
    idx: number[] = [];
    val: number[] = [];
    k = 0;
    /** Adds coef × [person s works shift t on day d] (t = -1: works any shift). */
    cell(s: number, d: number, t: number, coef: number): this {
      if (isFree(s, d)) {
        const cols = x[s]?.[d] ?? [];
        cols.forEach((col, tt) => {
          if (col >= 0 && (t < 0 || tt === t)) {
            this.idx.push(col);
            this.val.push(coef);
          }
        });
      } else {
        const v = cur(s, d);
        if (v >= 0 && (t < 0 || v === t)) this.k += coef;
      }
      return this;
    }
    col(col: number, coef: number): this {
      this.idx.push(col);
      this.val.push(coef);
      return this;
    }
    /** Adds lo ≤ expr ≤ hi when the expression has a free variable. */
    add(lo: number, hi: number): void {
      if (this.idx.length === 0) return;
      rows.push({ idx: this.idx, val: this.val, lo: lo - this.k, hi: hi - this.k });
    }
  }
  const INF = Number.POSITIVE_INFINITY;
  const worksNow = (s: number, d: number): number => (cur(s, d) >= 0 ? 1 : 0);

  for (let s = 0; s < S; s++) {
    const p = inst.staff[s];
    if (p === undefined) continue;
    const hasFree = (free[s] ?? []).some((f) => f);
    if (!hasFree) continue;
    // keepWorkPattern: free cells keep working or resting as they are; only shift types move.
    // With the work/rest pattern fixed, every run, weekend and day-off rule is constant, so
    // the whole roster fits in one MIP that re-balances shift types across all staff at once.
    for (let d = 0; d < H; d++) {
      if (!isFree(s, d)) continue;
      const working = options.keepWorkPattern === true && cur(s, d) >= 0;
      new Lin().cell(s, d, -1, 1).add(working ? 1 : -INF, 1);
    }
    for (let t = 0; t < T; t++) {
      const e = new Lin();
      for (let d = 0; d < H; d++) e.cell(s, d, t, 1);
      e.add(-INF, c.maxShifts[s]?.[t] ?? 0);
    }
    const minutes = new Lin();
    for (let d = 0; d < H; d++) for (let t = 0; t < T; t++) minutes.cell(s, d, t, c.minutes[t] ?? 0);
    minutes.add(p.minTotalMinutes, p.maxTotalMinutes);

    const k = p.maxConsecutiveShifts;
    for (let d0 = 0; d0 + k < H; d0++) {
      const e = new Lin();
      for (let d = d0; d <= d0 + k; d++) e.cell(s, d, -1, 1);
      e.add(-INF, k);
    }
    // A run of work starting on day i ≥ 1 must still be on at i + k (k < min) whenever i + k is
    // inside the horizon: a run reaching the end is exempt, any shorter one ends inside it.
    // w[i] − w[i−1] ≤ w[i+k] is the 3-term form; it is tighter in the LP than forbidding each
    // short pattern off·work^l·off as a whole (the l-term form adds −w for the middle days).
    for (let k = 1; k < p.minConsecutiveShifts; k++) {
      for (let i = 1; i + k <= H - 1; i++) {
        new Lin().cell(s, i, -1, 1).cell(s, i - 1, -1, -1).cell(s, i + k, -1, -1).add(-INF, 0);
      }
    }
    // Likewise for a run of days off starting on day i ≥ 1: w[i−1] − w[i] + w[i+k] ≤ 1.
    for (let k = 1; k < p.minConsecutiveDaysOff; k++) {
      for (let i = 1; i + k <= H - 1; i++) {
        new Lin().cell(s, i - 1, -1, 1).cell(s, i, -1, -1).cell(s, i + k, -1, 1).add(-INF, 1);
      }
    }
    for (let d = 0; d + 1 < H; d++) {
      if (!isFree(s, d) && !isFree(s, d + 1)) continue;
      for (let a = 0; a < T; a++) {
        const e = new Lin().cell(s, d, a, 1);
        let any = false;
        for (let b = 0; b < T; b++) {
          if (c.forbidNext[a]?.[b]) {
            e.cell(s, d + 1, b, 1);
            any = true;
          }
        }
        if (any) e.add(-INF, 1);
      }
    }
    const weekendSum = new Lin();
    for (const days of c.weekends) {
      const fixedWorked = days.some((d) => !isFree(s, d) && worksNow(s, d) === 1);
      const anyFree = days.some((d) => isFree(s, d) && (x[s]?.[d] ?? []).some((col) => col >= 0));
      if (fixedWorked) weekendSum.k += 1;
      else if (anyFree) {
        const y = addCol(0, 0, 1, false, days.some((d) => worksNow(s, d) === 1) ? 1 : 0);
        for (const d of days) new Lin().cell(s, d, -1, 1).col(y, -1).add(-INF, 0);
        weekendSum.col(y, 1);
      }
    }
    weekendSum.add(-INF, p.maxWeekends);
  }

  for (let d = 0; d < H && options.withoutCover !== true; d++) {
    for (let t = 0; t < T; t++) {
      const wu = c.coverUnder[d]?.[t] ?? 0;
      const wo = c.coverOver[d]?.[t] ?? 0;
      const req = c.coverReq[d]?.[t] ?? 0;
      const e = new Lin();
      let n = 0;
      for (let s = 0; s < S; s++) {
        e.cell(s, d, t, 1);
        if (cur(s, d) === t) n++;
      }
      if (e.idx.length === 0) {
        offset += n < req ? (req - n) * wu : (n - req) * wo;
        continue;
      }
      if (wu === 0 && wo === 0) continue;
      // Integer slacks (implied anyway) let HiGHS see that the objective is integral and prune
      // nodes whose bound is within 1 of the incumbent.
      const under = addCol(wu, 0, INF, true, Math.max(0, req - n));
      const over = addCol(wo, 0, INF, true, Math.max(0, n - req));
      e.col(under, 1).col(over, -1).add(req, req);
    }
  }

  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    indices.push(...r.idx);
    values.push(...r.val);
    starts.push(indices.length);
  }
  const model: ModelData = {
    numCols: cost.length,
    numRows: rows.length,
    colCost: cost,
    colLower: lower,
    colUpper: upper,
    rowLower: rows.map((r) => r.lo),
    rowUpper: rows.map((r) => r.hi),
    matrix: { format: 'csr', numRows: rows.length, numCols: cost.length, starts, indices, values },
    integrality,
  };

  return {
    model,
    start: Float64Array.from(start),
    offset,
    cells: x,
    decode(colValue) {
      const out = current.map((row) => [...row]);
      for (let s = 0; s < S; s++) {
        for (let d = 0; d < H; d++) {
          if (!isFree(s, d)) continue;
          let v = -1;
          (x[s]?.[d] ?? []).forEach((col, t) => {
            if (col >= 0 && (colValue[col] ?? 0) > 0.5) v = t;
          });
          const row = out[s];
          if (row !== undefined) row[d] = v;
        }
      }
      return out;
    },
  };
}
