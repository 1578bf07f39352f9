import type { CompiledInstance } from './roster.compiled.ts';

/**
 * Simulated annealing over whole rosters, in plain TypeScript.
 *
 * Why next to the MIP: HiGHS in wasm needs ~0.1–1 s per neighbourhood MIP, so on 30–40 staff it
 * makes a few dozen moves a minute. Annealing evaluates a move in microseconds (only the touched
 * rows and the touched cover cells are re-priced) and gets a large instance to within a few
 * percent; the MIP neighbourhoods then polish what it leaves.
 *
 * Hard rules are priced (weight × how far each is broken) so the walk may cross infeasible
 * rosters; the best roster with no hard violation is what is kept.
 */
export interface AnnealOptions {
  readonly start: readonly (readonly number[])[];
  readonly rng: () => number;
  /** Number of proposed moves; the temperature schedule is laid out over it. */
  readonly moves: number;
  /** Deadline on `now` (default `performance.now`, ms); the walk stops early when reached. */
  readonly deadline: number;
  readonly shouldStop?: () => boolean;
  /** Clock of `deadline`; default `performance.now`. */
  readonly now?: () => number;
  readonly onImproved?: (objective: number) => void;
  /** Tuning knobs (defaults fit the benchmark's weights). */
  readonly hardWeight?: number;
  readonly startTemperature?: number;
  readonly endTemperature?: number;
}

export interface AnnealResult {
  /** Best hard-feasible roster met, or null if none. */
  readonly best: number[][] | null;
  readonly bestObjective: number;
  readonly movesDone: number;
  /** Where the walk ended (maybe infeasible): a start for repairing only the people in breach. */
  readonly last: number[][];
}

/** Price of one unit of hard violation; above any single soft weight in the benchmark. */
const HARD_DEFAULT = 2000;

export function anneal(c: CompiledInstance, opts: AnnealOptions): AnnealResult {
  const { S, H, T } = c;
  const inst = c.instance;
  const x: Int16Array[] = opts.start.map((r) => Int16Array.from(r));
  // Options per person: -1 (off) plus each allowed shift type.
  const values: number[][] = inst.staff.map((_, s) => [-1, ...Array.from({ length: T }, (_, t) => t).filter((t) => (c.maxShifts[s]?.[t] ?? 0) > 0)]);
  // Request weight per cell and value: onW[s][d*T+t] (weight lost unless worked), offW likewise.
  const onAny = new Float64Array(S * H);
  const onW = new Float64Array(S * H * T);
  const offW = new Float64Array(S * H * T);
  for (let s = 0; s < S; s++) {
    for (let d = 0; d < H; d++) {
      for (const r of c.onRequests[s]?.[d] ?? []) {
        onAny[s * H + d] = (onAny[s * H + d] ?? 0) + r.weight;
        onW[(s * H + d) * T + r.t] = (onW[(s * H + d) * T + r.t] ?? 0) + r.weight;
      }
      for (const r of c.offRequests[s]?.[d] ?? []) offW[(s * H + d) * T + r.t] = (offW[(s * H + d) * T + r.t] ?? 0) + r.weight;
    }
  }
  const req = new Int32Array(H * T);
  const wu = new Float64Array(H * T);
  const wo = new Float64Array(H * T);
  for (let d = 0; d < H; d++) {
    for (let t = 0; t < T; t++) {
      req[d * T + t] = c.coverReq[d]?.[t] ?? 0;
      wu[d * T + t] = c.coverUnder[d]?.[t] ?? 0;
      wo[d * T + t] = c.coverOver[d]?.[t] ?? 0;
    }
  }
  const count = new Int32Array(H * T);
  for (let s = 0; s < S; s++) for (let d = 0; d < H; d++) {
    const t = x[s]?.[d] ?? -1;
    if (t >= 0) count[d * T + t] = (count[d * T + t] ?? 0) + 1;
  }
  const coverCost = (i: number, n: number): number => {
    const r = req[i] ?? 0;
    return n < r ? (r - n) * (wu[i] ?? 0) : (n - r) * (wo[i] ?? 0);
  };

  const staff = inst.staff;
  const perType = new Int32Array(T);
  /** Soft request cost + HARD × violation amount of one person's row. */
  const rowCost = (s: number, row: Int16Array): { soft: number; hard: number } => {
    const p = staff[s];
    if (p === undefined) return { soft: 0, hard: 0 };
    let soft = 0;
    let hard = 0;
    perType.fill(0);
    let minutes = 0;
    const base = s * H;
    for (let d = 0; d < H; d++) {
      const t = row[d] ?? -1;
      soft += onAny[base + d] ?? 0;
      if (t < 0) continue;
      soft += (offW[(base + d) * T + t] ?? 0) - (onW[(base + d) * T + t] ?? 0);
      if (c.dayOff[s]?.[d]) hard += 1;
      perType[t] = (perType[t] ?? 0) + 1;
      minutes += c.minutes[t] ?? 0;
      if (d > 0) {
        const prev = row[d - 1] ?? -1;
        if (prev >= 0 && c.forbidNext[prev]?.[t]) hard += 1;
      }
    }
    for (let t = 0; t < T; t++) {
      const over = (perType[t] ?? 0) - (c.maxShifts[s]?.[t] ?? 0);
      if (over > 0) hard += over;
    }
    if (minutes > p.maxTotalMinutes) hard += (minutes - p.maxTotalMinutes) / 240;
    if (minutes < p.minTotalMinutes) hard += (p.minTotalMinutes - minutes) / 240;
    let start = 0;
    for (let d = 1; d <= H; d++) {
      const w0 = (row[start] ?? -1) >= 0;
      if (d < H && ((row[d] ?? -1) >= 0) === w0) continue;
      const len = d - start;
      const interior = start > 0 && d < H;
      if (w0) {
        if (len > p.maxConsecutiveShifts) hard += len - p.maxConsecutiveShifts;
        if (interior && len < p.minConsecutiveShifts) hard += p.minConsecutiveShifts - len;
      } else if (interior && len < p.minConsecutiveDaysOff) hard += p.minConsecutiveDaysOff - len;
      start = d;
    }
    let weekends = 0;
    for (const days of c.weekends) {
      for (const d of days) {
        if ((row[d] ?? -1) >= 0) {
          weekends++;
          break;
        }
      }
    }
    if (weekends > p.maxWeekends) hard += weekends - p.maxWeekends;
    return { soft, hard };
  };

  const rowSoft = new Float64Array(S);
  const rowHard = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const rc = rowCost(s, x[s] ?? new Int16Array(H));
    rowSoft[s] = rc.soft;
    rowHard[s] = rc.hard;
  }
  let coverTotal = 0;
  for (let i = 0; i < H * T; i++) coverTotal += coverCost(i, count[i] ?? 0);
  let softTotal = coverTotal;
  let hardTotal = 0;
  for (let s = 0; s < S; s++) {
    softTotal += rowSoft[s] ?? 0;
    hardTotal += rowHard[s] ?? 0;
  }

  let best: number[][] | null = null;
  let bestObjective = Number.POSITIVE_INFINITY;
  const snapshot = (): void => {
    if (hardTotal > 1e-9 || softTotal >= bestObjective) return;
    bestObjective = softTotal;
    best = x.map((r) => Array.from(r));
    opts.onImproved?.(softTotal);
  };
  snapshot();

  // Temperatures from "a cover unit is cheap" down to "nothing worse is accepted".
  const t0 = opts.startTemperature ?? 60;
  const t1 = opts.endTemperature ?? 0.5;
  // The price of breaking a rule rises along the walk: cheap early so the walk can pass through
  // infeasible rosters between good ones, dear at the end so it settles on a feasible one.
  const hardEnd = opts.hardWeight ?? HARD_DEFAULT;
  const hardStart = hardEnd / 10;
  let HARD = hardStart;
  const hardGrow = Math.pow(hardEnd / hardStart, 1 / Math.max(1, opts.moves));
  const rng = opts.rng;
  const backup1 = new Int16Array(H);
  const backup2 = new Int16Array(H);
  // Cover delta of setting cells of a person's row; applied to `count` as it goes (undone on reject).
  const changeCell = (d: number, from: number, to: number): number => {
    let delta = 0;
    if (from >= 0) {
      const i = d * T + from;
      const n = count[i] ?? 0;
      delta += coverCost(i, n - 1) - coverCost(i, n);
      count[i] = n - 1;
    }
    if (to >= 0) {
      const i = d * T + to;
      const n = count[i] ?? 0;
      delta += coverCost(i, n + 1) - coverCost(i, n);
      count[i] = n + 1;
    }
    return delta;
  };

  let done = 0;
  let temp = t0;
  const cool = Math.pow(t1 / t0, 1 / Math.max(1, opts.moves));
  for (; done < opts.moves; done++) {
    if ((done & 1023) === 0) {
      if ((opts.now ?? performance.now.bind(performance))() >= opts.deadline || opts.shouldStop?.() === true) break;
    }
    temp *= cool;
    HARD *= hardGrow;
    const kind = rng();
    const s1 = Math.floor(rng() * S);
    const r1 = x[s1];
    if (r1 === undefined) continue;
    if (kind < 0.6) {
      backup1.set(r1);
      const sub = rng();
      if (sub < 0.67) {
        // Re-assign a block of 1–3 days to one value (off or a shift): opens, closes, extends runs.
        const len = 1 + Math.floor(rng() * 3);
        const d0 = Math.floor(rng() * (H - len + 1));
        const vals = values[s1] ?? [-1];
        const v = vals[Math.floor(rng() * vals.length)] ?? -1;
        for (let d = d0; d < d0 + len; d++) r1[d] = v;
      } else if (sub < 0.84) {
        // Change the shift type of one worked day: the work/rest pattern (and so every run rule)
        // is untouched, which makes this the cheap way to rebalance cover between shift types.
        const d = Math.floor(rng() * H);
        const vals = values[s1] ?? [-1];
        if ((r1[d] ?? -1) < 0 || vals.length <= 2) continue;
        r1[d] = vals[1 + Math.floor(rng() * (vals.length - 1))] ?? -1;
      } else {
        // Exchange two days of the same person up to three days apart: moves a day off.
        const d1 = Math.floor(rng() * H);
        const d2 = d1 + 1 + Math.floor(rng() * 3);
        if (d2 >= H) continue;
        const tmp = r1[d1] ?? -1;
        r1[d1] = r1[d2] ?? -1;
        r1[d2] = tmp;
      }
      // Fixed days off are never worked: such proposals are dropped before pricing.
      let changed = false;
      let offending = false;
      for (let d = 0; d < H; d++) {
        const now = r1[d] ?? -1;
        if (now === (backup1[d] ?? -1)) continue;
        changed = true;
        if (now >= 0 && c.dayOff[s1]?.[d]) offending = true;
      }
      if (!changed || offending) {
        r1.set(backup1);
        continue;
      }
      let coverDelta = 0;
      for (let d = 0; d < H; d++) {
        const old = backup1[d] ?? -1;
        const now = r1[d] ?? -1;
        if (old !== now) coverDelta += changeCell(d, old, now);
      }
      const rc = rowCost(s1, r1);
      const dSoft = coverDelta + rc.soft - (rowSoft[s1] ?? 0);
      const dHard = rc.hard - (rowHard[s1] ?? 0);
      const delta = dSoft + HARD * dHard;
      if (delta <= 0 || rng() < Math.exp(-delta / temp)) {
        softTotal += dSoft;
        hardTotal += dHard;
        rowSoft[s1] = rc.soft;
        rowHard[s1] = rc.hard;
        if (delta < 0) snapshot();
      } else {
        for (let d = 0; d < H; d++) {
          const now = r1[d] ?? -1;
          const old = backup1[d] ?? -1;
          if (now !== old) changeCell(d, now, old);
        }
        r1.set(backup1);
      }
    } else {
      // Swap a block of 1–7 days between two people: cover cannot change, so this only trades
      // requests and rule violations — the move that untangles patterns without losing cover.
      const s2 = Math.floor(rng() * S);
      const r2 = x[s2];
      if (r2 === undefined || s2 === s1) continue;
      const len = 1 + Math.floor(rng() * 7);
      const d0 = Math.floor(rng() * (H - len + 1));
      let changed = false;
      let offending = false;
      for (let d = d0; d < d0 + len; d++) {
        if (r1[d] === r2[d]) continue;
        changed = true;
        if (((r2[d] ?? -1) >= 0 && c.dayOff[s1]?.[d]) || ((r1[d] ?? -1) >= 0 && c.dayOff[s2]?.[d])) offending = true;
      }
      if (!changed || offending) continue;
      backup1.set(r1);
      backup2.set(r2);
      for (let d = d0; d < d0 + len; d++) {
        const a = r1[d] ?? -1;
        r1[d] = r2[d] ?? -1;
        r2[d] = a;
      }
      const rc1 = rowCost(s1, r1);
      const rc2 = rowCost(s2, r2);
      const dSoft = rc1.soft + rc2.soft - (rowSoft[s1] ?? 0) - (rowSoft[s2] ?? 0);
      const dHard = rc1.hard + rc2.hard - (rowHard[s1] ?? 0) - (rowHard[s2] ?? 0);
      const delta = dSoft + HARD * dHard;
      if (delta <= 0 || rng() < Math.exp(-delta / temp)) {
        softTotal += dSoft;
        hardTotal += dHard;
        rowSoft[s1] = rc1.soft;
        rowHard[s1] = rc1.hard;
        rowSoft[s2] = rc2.soft;
        rowHard[s2] = rc2.hard;
        if (delta < 0) snapshot();
      } else {
        r1.set(backup1);
        r2.set(backup2);
      }
    }
  }
  return { best, bestObjective, movesDone: done, last: x.map((r) => Array.from(r)) };
}
