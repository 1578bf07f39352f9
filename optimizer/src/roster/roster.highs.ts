import highsLoader, { type Highs } from 'highs';
import type { RosterMip } from './roster.mip.ts';

let runtime: Promise<Highs> | null = null;

/** Loads the HiGHS wasm runtime once per process; instantiating it costs ~100 ms. */
export function loadHighs(): Promise<Highs> {
  runtime ??= highsLoader();
  return runtime;
}

/** Outcome of one MIP solve, in roster terms. */
export interface MipOutcome {
  /** Column values of the best solution found, or null if none. */
  readonly colValue: Float64Array | null;
  /** Roster objective of that solution (MIP objective + fixed offset). */
  readonly objective: number;
  /** True when HiGHS proved optimality (within the integrality gap of 1, see below). */
  readonly optimal: boolean;
  /** Lower bound on the roster objective proven by this solve. */
  readonly bound: number;
  /** Branch-and-bound nodes used: a deterministic measure of how hard the MIP was. */
  readonly nodes: number;
}

export interface MipSolveOptions {
  readonly timeLimitSec: number;
  /** Node limit: sub-problems stop on work done, not time, so a seed reproduces the same moves. */
  readonly maxNodes?: number;
  readonly seed: number;
  /** HiGHS `mip_heuristic_effort`; small neighbourhoods start from a good incumbent and need little. */
  readonly heuristicEffort?: number;
  /** Called synchronously for each improving solution, with the roster objective. */
  readonly onImproving?: (objective: number, colValue: Float64Array) => void;
  /** Polled by HiGHS; returning true interrupts the solve (keeps the incumbent). */
  readonly shouldStop?: () => boolean;
}

const MODEL_STATUS_OPTIMAL = 7;

/** Solves a roster MIP with a MIP start; blocks the thread for at most `timeLimitSec`. */
export function solveMip(highs: Highs, mip: RosterMip, opts: MipSolveOptions): MipOutcome {
  const model = highs.createModel(mip.model);
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.01, opts.timeLimitSec),
      // Every weight is an integer, so the objective is integral: a gap below 1 proves optimality
      // and saves HiGHS from closing the last fraction of the LP bound.
      mip_rel_gap: 0,
      mip_abs_gap: 0.999,
      random_seed: opts.seed % 2147483647,
      ...(opts.maxNodes === undefined ? {} : { mip_max_nodes: opts.maxNodes }),
      ...(opts.heuristicEffort === undefined ? {} : { mip_heuristic_effort: opts.heuristicEffort }),
    });
    if (mip.model.numCols > 0) {
      try {
        model.setSolution({ colValue: mip.start });
      } catch {
        // An infeasible or rejected start only loses the warm start.
      }
    }
    const cb = highs.constants.callbackType;
    const hardStop = performance.now() + Math.max(0.01, opts.timeLimitSec) * 1000 + 100;
    const result = model.run({
      [cb.mipImprovingSolution]: (e) => {
        const sol = e.data.mip_solution;
        const obj = e.data.objective_function_value;
        if (sol !== undefined && obj !== undefined) opts.onImproving?.(obj + mip.offset, sol);
        return undefined;
      },
      // HiGHS does not check its time limit everywhere: stop it from the callbacks as well.
      [cb.mipInterrupt]: (e) => {
        if (opts.shouldStop?.() === true || performance.now() > hardStop) e.interrupt();
        return undefined;
      },
      [cb.simplexInterrupt]: (e) => {
        if (performance.now() > hardStop) e.interrupt();
        return undefined;
      },
    });
    const status = result.modelStatus;
    const sol = model.getSolution();
    const info = model.info;
    const dual = Number(info.get('mip_dual_bound'));
    const hasSolution = Number(info.get('primal_solution_status')) === 2;
    const colValue = hasSolution ? sol.colValue : null;
    return {
      colValue,
      objective: hasSolution ? model.getObjectiveValue() + mip.offset : Number.POSITIVE_INFINITY,
      optimal: status === MODEL_STATUS_OPTIMAL,
      bound: Number.isFinite(dual) ? dual + mip.offset : Number.NEGATIVE_INFINITY,
      nodes: Number(info.get('mip_node_count')),
    };
  } finally {
    model.dispose();
  }
}
