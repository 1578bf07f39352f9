import { compileInstance, toIndexRoster, type CompiledInstance } from './roster.compiled.ts';
import type {
  RosterBreakdown,
  RosterCheck,
  RosterInstance,
  RosterPenalty,
  RosterViolation,
} from './roster.model.ts';

/**
 * Recomputes, from scratch and independently of the solver, every hard-rule violation and the
 * benchmark objective of a roster. Meant for live rule checking while a planner edits by hand:
 * each violation names the staff member, the day (null for whole-horizon rules) and the rule, and
 * each paid penalty (request not honoured, cover gap or surplus) is listed with its cost.
 *
 * The objective is the Curtois & Qu one: Σ unmet shift-on request weights + Σ honoured-against
 * shift-off request weights + Σ (under-cover × weight under + over-cover × weight over).
 * It is computed even when hard rules are broken, so an editor can show both.
 *
 * @example
 * ```ts
 * const check = checkRoster(instance, [['D', 'D', ''], ['', 'D', 'D']]);
 * if (!check.feasible) for (const v of check.violations) console.log(v.staffId, v.day, v.rule, v.message);
 * console.log(check.objective, check.breakdown.coverUnder);
 * ```
 */
export function checkRoster(instance: RosterInstance, roster: readonly (readonly string[])[]): RosterCheck {
  const c = compileInstance(instance);
  const violations: RosterViolation[] = [];
  const { H, S } = c;
  if (roster.length !== S) {
    violations.push({
      staffId: '', day: null, rule: 'roster-shape',
      message: `roster has ${roster.length} rows but the instance has ${S} staff; missing rows count as all days off`,
    });
  }
  roster.forEach((row, s) => {
    if (row.length !== H && s < S) {
      violations.push({
        staffId: instance.staff[s]?.id ?? '', day: null, rule: 'roster-shape',
        message: `row has ${row.length} days but the horizon is ${H}; missing days count as off`,
      });
    }
  });
  const idx = toIndexRoster(c, roster);
  const x: number[][] = [];
  for (let s = 0; s < S; s++) {
    const row: number[] = [];
    for (let d = 0; d < H; d++) {
      const v = idx[s]?.[d] ?? -1;
      if (v === -2) {
        violations.push({
          staffId: instance.staff[s]?.id ?? '', day: d, rule: 'unknown-shift',
          message: `"${roster[s]?.[d] ?? ''}" is not a shift type; treated as a day off`,
        });
      }
      row.push(v < 0 ? -1 : v);
    }
    x.push(row);
  }
  for (let s = 0; s < S; s++) violations.push(...staffViolations(c, s, x[s] ?? []));
  const { penalties, breakdown } = penaltiesOf(c, x);
  return {
    feasible: violations.length === 0,
    violations,
    objective: breakdown.shiftOnRequests + breakdown.shiftOffRequests + breakdown.coverUnder + breakdown.coverOver,
    breakdown,
    penalties,
  };
}

/** Hard-rule violations of one person's row (`-1` = off). */
export function staffViolations(c: CompiledInstance, s: number, row: readonly number[]): RosterViolation[] {
  const p = c.instance.staff[s];
  if (p === undefined) return [];
  const out: RosterViolation[] = [];
  const v = (day: number | null, rule: RosterViolation['rule'], message: string): void => {
    out.push({ staffId: p.id, day, rule, message });
  };
  const { H, T } = c;
  const shiftId = (t: number): string => c.instance.shifts[t]?.id ?? '?';
  const works = (d: number): boolean => (row[d] ?? -1) >= 0;

  const count = new Array<number>(T).fill(0);
  let minutes = 0;
  for (let d = 0; d < H; d++) {
    const t = row[d] ?? -1;
    if (t < 0) continue;
    if (c.dayOff[s]?.[d]) v(d, 'day-off', `works ${shiftId(t)} on a fixed day off`);
    count[t] = (count[t] ?? 0) + 1;
    const max = c.maxShifts[s]?.[t] ?? 0;
    if ((count[t] ?? 0) === max + 1) {
      v(d, 'max-shifts', max === 0
        ? `shift ${shiftId(t)} is not allowed for ${p.id}`
        : `shift ${shiftId(t)} worked more than the maximum of ${max} times (from this day on)`);
    }
    minutes += c.minutes[t] ?? 0;
    if (d > 0) {
      const prev = row[d - 1] ?? -1;
      if (prev >= 0 && c.forbidNext[prev]?.[t]) v(d, 'forbidden-succession', `${shiftId(t)} may not follow ${shiftId(prev)} of the previous day`);
    }
  }
  if (minutes > p.maxTotalMinutes) v(null, 'max-total-minutes', `works ${minutes} min, above the maximum of ${p.maxTotalMinutes}`);
  if (minutes < p.minTotalMinutes) v(null, 'min-total-minutes', `works ${minutes} min, below the minimum of ${p.minTotalMinutes}`);

  // Runs of equal working state; the benchmark exempts runs touching either end of the horizon
  // from the minimum-length rules (infinitely many shifts / days off are assumed outside it).
  let start = 0;
  for (let d = 1; d <= H; d++) {
    if (d < H && works(d) === works(start)) continue;
    const len = d - start;
    const interior = start > 0 && d < H;
    if (works(start)) {
      if (len > p.maxConsecutiveShifts) v(start, 'max-consecutive-shifts', `works ${len} consecutive days from this day, above the maximum of ${p.maxConsecutiveShifts}`);
      if (interior && len < p.minConsecutiveShifts) v(start, 'min-consecutive-shifts', `works only ${len} consecutive day(s) from this day, below the minimum of ${p.minConsecutiveShifts}`);
    } else if (interior && len < p.minConsecutiveDaysOff) {
      v(start, 'min-consecutive-days-off', `only ${len} consecutive day(s) off from this day, below the minimum of ${p.minConsecutiveDaysOff}`);
    }
    start = d;
  }

  let worked = 0;
  for (const days of c.weekends) {
    if (!days.some(works)) continue;
    worked++;
    if (worked > p.maxWeekends) v(days[0] ?? null, 'max-weekends', `weekend ${worked} worked, above the maximum of ${p.maxWeekends}`);
  }
  return out;
}

/** Soft penalties and the objective breakdown of an index roster (`-1` = off). */
export function penaltiesOf(c: CompiledInstance, x: readonly (readonly number[])[]): {
  penalties: RosterPenalty[];
  breakdown: RosterBreakdown;
} {
  const penalties: RosterPenalty[] = [];
  let on = 0;
  let off = 0;
  let under = 0;
  let over = 0;
  const inst = c.instance;
  for (const r of inst.shiftOnRequests) {
    const s = inst.staff.findIndex((p) => p.id === r.staffId);
    const t = c.shiftIndex.get(r.shiftId);
    if (s < 0 || t === undefined || (x[s]?.[r.day] ?? -1) === t) continue;
    on += r.weight;
    penalties.push({ kind: 'shift-on-request', day: r.day, shiftId: r.shiftId, staffId: r.staffId, amount: 1, cost: r.weight, message: `${r.staffId} asked to work ${r.shiftId}` });
  }
  for (const r of inst.shiftOffRequests) {
    const s = inst.staff.findIndex((p) => p.id === r.staffId);
    const t = c.shiftIndex.get(r.shiftId);
    if (s < 0 || t === undefined || (x[s]?.[r.day] ?? -1) !== t) continue;
    off += r.weight;
    penalties.push({ kind: 'shift-off-request', day: r.day, shiftId: r.shiftId, staffId: r.staffId, amount: 1, cost: r.weight, message: `${r.staffId} asked not to work ${r.shiftId}` });
  }
  for (const cv of inst.cover) {
    const t = c.shiftIndex.get(cv.shiftId);
    if (t === undefined) continue;
    let n = 0;
    for (const row of x) if ((row[cv.day] ?? -1) === t) n++;
    if (n < cv.requirement) {
      const amount = cv.requirement - n;
      under += amount * cv.weightUnder;
      penalties.push({ kind: 'cover-under', day: cv.day, shiftId: cv.shiftId, amount, cost: amount * cv.weightUnder, message: `${n} on ${cv.shiftId}, ${amount} below the requirement of ${cv.requirement}` });
    } else if (n > cv.requirement) {
      const amount = n - cv.requirement;
      over += amount * cv.weightOver;
      penalties.push({ kind: 'cover-over', day: cv.day, shiftId: cv.shiftId, amount, cost: amount * cv.weightOver, message: `${n} on ${cv.shiftId}, ${amount} above the requirement of ${cv.requirement}` });
    }
  }
  return { penalties, breakdown: { shiftOnRequests: on, shiftOffRequests: off, coverUnder: under, coverOver: over } };
}
