import type { ColumnGeneration } from './roster.colgen.ts';
import type { CompiledInstance } from './roster.compiled.ts';

export interface CellDiveOptions {
  readonly deadline: number;
  readonly rng: () => number;
  readonly shouldStop?: () => boolean;
  readonly debug?: (l: string) => void;
  /** Give up as soon as the LP says no roster under this dive can cost less than this. */
  readonly cutoff?: number;
  /** Pricing rounds between two branchings (default: until the LP converges). */
  readonly roundsPerStep?: number;
  /** A cell whose LP value is at least this is forced together with the best one. */
  readonly batchThreshold?: number;
}

/**
 * Diving on cells: a depth-first branch-and-price without backtracking whose branches are
 * single cells ("person s works v on day d"), not whole schedules. On a degenerate master such
 * as Instance9's, fixing a whole schedule throws away the fractional combination the LP relies
 * on; forcing one cell keeps every schedule that agrees with it, and the re-priced LP moves
 * only where it must. Each step re-converges the column generation, then forces the fractional
 * cell with the largest LP value (and every other cell above `batchThreshold`).
 *
 * Returns the roster the dive lands on, or null when a forcing left the master without a
 * schedule for someone, the LP passed the cutoff, or time ran out. Forced cells are cleared on
 * return.
 */
export function cellDive(cg: ColumnGeneration, c: CompiledInstance, opts: CellDiveOptions): number[][] | null {
  const { S, H, T } = c;
  const V = T + 1;
  const threshold = opts.batchThreshold ?? 0.9;
  try {
    for (let step = 0; ; step++) {
      cg.runRoot({ deadline: opts.deadline, ...(opts.roundsPerStep === undefined ? {} : { maxRounds: opts.roundsPerStep }), ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) });
      if (cg.now() >= opts.deadline || opts.shouldStop?.() === true) return null;
      if (cg.usesArtificial()) return null;
      if (opts.cutoff !== undefined && cg.lpValue > opts.cutoff - 1 + 1e-6) {
        opts.debug?.(`cell dive cut at step ${step} lp=${cg.lpValue.toFixed(2)}`);
        return null;
      }
      const x = cg.cellValues();
      if (x === null) return null;
      let best = -1;
      let bestValue = -1;
      const batch: number[] = [];
      for (let k = 0; k < S * H; k++) {
        const s = Math.floor(k / H);
        const d = k % H;
        if (cg.forcedValue(s, d) !== undefined) continue;
        for (let v = 0; v < V; v++) {
          const val = x[k * V + v] ?? 0;
          if (val < 1e-6 || val > 1 - 1e-6) continue;
          const jitter = val + opts.rng() * 1e-4;
          if (jitter > bestValue) {
            bestValue = jitter;
            best = k * V + v;
          }
          if (val >= threshold) batch.push(k * V + v);
        }
      }
      if (best < 0) {
        // Every cell is integral: each person's columns in the LP agree, read the roster off.
        const roster: number[][] = Array.from({ length: S }, () => new Array<number>(H).fill(-1));
        for (let s = 0; s < S; s++) {
          for (let d = 0; d < H; d++) {
            let arg = 0;
            for (let v = 1; v < V; v++) if ((x[(s * H + d) * V + v] ?? 0) > (x[(s * H + d) * V + arg] ?? 0)) arg = v;
            (roster[s] as number[])[d] = arg - 1;
          }
        }
        opts.debug?.(`cell dive done at step ${step} lp=${cg.lpValue.toFixed(2)}`);
        return roster;
      }
      if (!batch.includes(best)) batch.push(best);
      for (const b of batch) {
        const k = Math.floor(b / V);
        cg.forceCell(Math.floor(k / H), k % H, (b % V) - 1);
      }
      opts.debug?.(`cell dive step ${step} lp=${cg.lpValue.toFixed(2)} forced+=${batch.length} best=${bestValue.toFixed(3)} pool=${cg.pool.length}`);
      if (cg.now() >= opts.deadline) return null;
    }
  } finally {
    cg.clearCells();
  }
}
