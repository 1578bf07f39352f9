import type { CompiledInstance } from './roster.compiled.ts';

/** One schedule found by {@link cheapestSchedules}: the row and its summed cell costs. */
export interface PricedSchedule {
  readonly row: number[];
  readonly value: number;
}

/**
 * Cheapest schedules of person `s` under their own hard rules, by dynamic programming over the
 * days: the pricing problem of column generation, about a hundred times faster than the same
 * question asked of HiGHS as a MIP.
 *
 * `cellCost[d * (T + 1) + v + 1]` is the cost of value v on day d (v = -1 off, else a shift).
 * A state is (last value, length of the current run, total minutes, weekends worked, whether
 * the current weekend is already counted, and counts of the shift types whose maximum can bind);
 * states with the same key are merged, so the result is exact. Rules are those of
 * `staffViolations`: runs touching either end are exempt from the minimum-run rules.
 *
 * Returns up to `k` schedules (distinct end states, cheapest first; the first is optimal), `[]`
 * when the person has no feasible schedule, or null when the DP does not apply (weekend days
 * not consecutive) or a day would hold more than `maxStates` states: callers then ask the MIP.
 */
export function cheapestSchedules(
  c: CompiledInstance,
  s: number,
  cellCost: ArrayLike<number>,
  k = 1,
  maxStates = 150_000,
): PricedSchedule[] | null {
  // Counting every bindable type multiplies the states (Instance8: 15 × 15 × 5); most optimal
  // schedules do not reach those maxima, so solve without the counters first and add a counter
  // only for a type the best schedule works too often. A relaxation's optimum that satisfies the
  // dropped rules is optimal, so the answer stays exact.
  const counted = new Set<number>();
  for (;;) {
    const out = dpSchedules(c, s, cellCost, k, maxStates, counted);
    if (out === null || out.length === 0) return out;
    const best = out[0]?.row ?? [];
    const over = overMax(c, s, best);
    if (over.length === 0) return out.filter((o, i) => i === 0 || overMax(c, s, o.row).length === 0);
    for (const t of over) counted.add(t);
  }
}

/** Shift types that `row` works more often than person s's maximum. */
function overMax(c: CompiledInstance, s: number, row: readonly number[]): number[] {
  const count = new Array<number>(c.T).fill(0);
  for (const v of row) if (v >= 0) count[v] = (count[v] ?? 0) + 1;
  const out: number[] = [];
  count.forEach((n, t) => {
    if (n > (c.maxShifts[s]?.[t] ?? 0)) out.push(t);
  });
  return out;
}

function dpSchedules(
  c: CompiledInstance,
  s: number,
  cellCost: ArrayLike<number>,
  k: number,
  maxStates: number,
  counted: ReadonlySet<number>,
): PricedSchedule[] | null {
  const p = c.instance.staff[s];
  if (p === undefined) return [];
  const { H, T } = c;
  const V = T + 1;
  for (const days of c.weekends) {
    for (let i = 1; i < days.length; i++) if (days[i] !== (days[i - 1] ?? 0) + 1) return null;
  }
  const maxShifts = c.maxShifts[s] ?? [];
  const allowed: number[] = [];
  for (let t = 0; t < T; t++) if ((maxShifts[t] ?? 0) > 0) allowed.push(t);
  let maxShiftMinutes = 0;
  for (const t of allowed) maxShiftMinutes = Math.max(maxShiftMinutes, c.minutes[t] ?? 0);
  // Types whose maximum can bind get a counter in the state (mixed radix).
  const mult = new Array<number>(T).fill(0);
  let radix = 1;
  for (const t of allowed) {
    const m = maxShifts[t] ?? 0;
    const mins = c.minutes[t] ?? 0;
    const reachable = Math.min(H, mins > 0 ? Math.floor(p.maxTotalMinutes / mins) : H);
    if (m < reachable && counted.has(t)) {
      mult[t] = radix;
      radix *= m + 1;
    }
  }
  const capOff = Math.max(1, p.minConsecutiveDaysOff);
  const maxW = p.maxWeekends;

  // Layer arrays: state fields, cost, parent (index in previous layer) and value taken.
  interface Layer {
    vi: number[];
    run: number[];
    m: number[];
    w: number[];
    flag: number[];
    code: number[];
    cost: number[];
    parent: number[];
  }
  const layers: Layer[] = [];
  const newLayer = (): Layer => ({ vi: [], run: [], m: [], w: [], flag: [], code: [], cost: [], parent: [] });

  // Day 0 from a virtual start.
  for (let d = 0; d < H; d++) {
    const next = newLayer();
    const index = new Map<number, number>();
    const prev = d === 0 ? null : (layers[d - 1] ?? null);
    const prevCount = prev === null ? 1 : prev.cost.length;
    const wk = c.weekendOf[d] ?? -1;
    const sameWeekend = wk >= 0 && d > 0 && c.weekendOf[d - 1] === wk;
    const remainingMax = maxShiftMinutes * (H - 1 - d);
    const dayOff = c.dayOff[s]?.[d] === true;
    for (let i = 0; i < prevCount; i++) {
      const pv = prev === null ? -2 : (prev.vi[i] ?? 0) - 1;
      const prun = prev === null ? 0 : prev.run[i] ?? 0;
      const pm = prev === null ? 0 : prev.m[i] ?? 0;
      const pw = prev === null ? 0 : prev.w[i] ?? 0;
      const pflag = prev === null ? 0 : prev.flag[i] ?? 0;
      const pcode = prev === null ? 0 : prev.code[i] ?? 0;
      const pcost = prev === null ? 0 : prev.cost[i] ?? 0;
      for (let j = -1; j < allowed.length; j++) {
        const v = j < 0 ? -1 : (allowed[j] ?? 0);
        const work = v >= 0;
        if (work && dayOff) continue;
        let run = 1;
        if (prev !== null) {
          const pwork = pv >= 0;
          if (work && pwork && c.forbidNext[pv]?.[v]) continue;
          if (work === pwork) {
            run = prun + 1;
            if (work && run > p.maxConsecutiveShifts) continue;
            if (!work) run = Math.min(run, capOff);
          } else {
            // The run that ends here started at day 0 exactly when its length is d.
            if (pwork && prun < p.minConsecutiveShifts && prun !== d) continue;
            if (!pwork && prun < p.minConsecutiveDaysOff && prun !== d) continue;
          }
        } else if (work && p.maxConsecutiveShifts < 1) continue;
        let m = pm;
        let code = pcode;
        if (work) {
          m += c.minutes[v] ?? 0;
          if (m > p.maxTotalMinutes) continue;
          const mu = mult[v] ?? 0;
          if (mu > 0) {
            const count = Math.floor(code / mu) % ((maxShifts[v] ?? 0) + 1);
            if (count + 1 > (maxShifts[v] ?? 0)) continue;
            code += mu;
          }
        }
        if (m + remainingMax < p.minTotalMinutes) continue;
        let w = pw;
        let flag = 0;
        if (wk >= 0) {
          flag = sameWeekend ? pflag : 0;
          if (work && flag === 0) {
            w++;
            if (w > maxW) continue;
            flag = 1;
          }
        }
        const cost = pcost + (cellCost[d * V + v + 1] ?? 0);
        const key = ((((code * 20011 + m) * 16 + w) * 2 + flag) * 64 + run) * V + v + 1;
        const at = index.get(key);
        if (at === undefined) {
          index.set(key, next.cost.length);
          next.vi.push(v + 1);
          next.run.push(run);
          next.m.push(m);
          next.w.push(w);
          next.flag.push(flag);
          next.code.push(code);
          next.cost.push(cost);
          next.parent.push(i);
          if (next.cost.length > maxStates) return null;
        } else if (cost < (next.cost[at] ?? Number.POSITIVE_INFINITY)) {
          next.cost[at] = cost;
          next.parent[at] = i;
        }
      }
    }
    layers.push(next);
  }
  const last = layers[H - 1];
  if (last === undefined) return [];
  const ends: number[] = [];
  for (let i = 0; i < last.cost.length; i++) if ((last.m[i] ?? 0) >= p.minTotalMinutes) ends.push(i);
  ends.sort((a, b) => (last.cost[a] ?? 0) - (last.cost[b] ?? 0));
  const out: PricedSchedule[] = [];
  const seen = new Set<string>();
  for (const e of ends) {
    if (out.length >= k) break;
    const row = new Array<number>(H).fill(-1);
    let i = e;
    for (let d = H - 1; d >= 0; d--) {
      const layer = layers[d];
      if (layer === undefined) break;
      row[d] = (layer.vi[i] ?? 0) - 1;
      i = layer.parent[i] ?? 0;
    }
    const key = row.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ row, value: last.cost[e] ?? 0 });
  }
  return out;
}
