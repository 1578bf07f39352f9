import { penaltiesOf, staffViolations } from './roster.checker.ts';
import type { CompiledInstance } from './roster.compiled.ts';
import type { RosterInstance, StaffMember } from './roster.model.ts';

/** Staff rules used by the hand-made test instances; tests override one field at a time. */
export const baseStaff: StaffMember = {
  id: 'A',
  maxShifts: { D: 10, N: 2 },
  minTotalMinutes: 0,
  maxTotalMinutes: 10 * 480,
  maxConsecutiveShifts: 4,
  minConsecutiveShifts: 2,
  minConsecutiveDaysOff: 2,
  maxWeekends: 1,
  daysOff: [],
};

/** Two weeks, day shift D and night shift N (no D straight after N, a rest rule). */
export function twoWeekInstance(staff: Partial<StaffMember> = {}): RosterInstance {
  return {
    horizonDays: 14,
    weekendDays: [5, 6],
    shifts: [
      { id: 'D', minutes: 480, forbiddenNext: [] },
      { id: 'N', minutes: 600, forbiddenNext: ['D'] },
    ],
    staff: [{ ...baseStaff, ...staff }],
    shiftOnRequests: [{ staffId: 'A', day: 0, shiftId: 'D', weight: 3 }],
    shiftOffRequests: [{ staffId: 'A', day: 7, shiftId: 'D', weight: 2 }],
    cover: [
      { day: 0, shiftId: 'D', requirement: 1, weightUnder: 100, weightOver: 1 },
      { day: 2, shiftId: 'D', requirement: 1, weightUnder: 100, weightOver: 1 },
      { day: 8, shiftId: 'N', requirement: 0, weightUnder: 100, weightOver: 5 },
    ],
  };
}

/** Splits "DD__N" into a roster row ('_' = off). */
export const row = (s: string): string[] => [...s].map((ch) => (ch === '_' ? '' : ch));

/**
 * A tiny instance (2 people, 7 days, 2 shift types) small enough for brute force, with every
 * rule and every soft term able to bind.
 */
export function tinyInstance(): RosterInstance {
  const staff = (id: string, over: Partial<StaffMember>): StaffMember => ({
    id,
    maxShifts: { E: 4, L: 3 },
    minTotalMinutes: 3 * 480,
    maxTotalMinutes: 5 * 480,
    maxConsecutiveShifts: 4,
    minConsecutiveShifts: 2,
    minConsecutiveDaysOff: 2,
    maxWeekends: 1,
    daysOff: [],
    ...over,
  });
  return {
    horizonDays: 7,
    weekendDays: [5, 6],
    shifts: [
      { id: 'E', minutes: 480, forbiddenNext: [] },
      { id: 'L', minutes: 480, forbiddenNext: ['E'] },
    ],
    staff: [staff('A', { daysOff: [3] }), staff('B', { maxShifts: { E: 5, L: 1 }, maxWeekends: 0 })],
    shiftOnRequests: [
      { staffId: 'A', day: 0, shiftId: 'L', weight: 2 },
      { staffId: 'B', day: 4, shiftId: 'L', weight: 3 },
    ],
    shiftOffRequests: [
      { staffId: 'A', day: 5, shiftId: 'E', weight: 1 },
      { staffId: 'B', day: 1, shiftId: 'E', weight: 2 },
    ],
    cover: [0, 1, 2, 3, 4, 5, 6].flatMap((day) => [
      { day, shiftId: 'E', requirement: day === 2 ? 2 : 1, weightUnder: 10, weightOver: 1 },
      { day, shiftId: 'L', requirement: day % 2, weightUnder: 8, weightOver: 2 },
    ]),
  };
}

/** Every schedule of person s that keeps their own rules (brute force: tiny horizons only). */
export function feasibleRows(c: CompiledInstance, s: number): number[][] {
  const vals = [-1, ...Array.from({ length: c.T }, (_, t) => t)];
  const out: number[][] = [];
  for (let code = 0; code < vals.length ** c.H; code++) {
    const row: number[] = [];
    let k = code;
    for (let d = 0; d < c.H; d++) {
      row.push(vals[k % vals.length] ?? -1);
      k = Math.floor(k / vals.length);
    }
    if (staffViolations(c, s, row).length === 0) out.push(row);
  }
  return out;
}

/** Benchmark objective of an index roster. */
export const rosterObjective = (c: CompiledInstance, x: readonly (readonly number[])[]): number => {
  const b = penaltiesOf(c, x).breakdown;
  return b.shiftOnRequests + b.shiftOffRequests + b.coverUnder + b.coverOver;
};

/** Brute-force optimum over every pair of feasible rows (two-person instances). */
export function bruteForceOptimum(c: CompiledInstance): number {
  const [a, b] = [feasibleRows(c, 0), feasibleRows(c, 1)];
  let best = Number.POSITIVE_INFINITY;
  for (const ra of a) for (const rb of b) best = Math.min(best, rosterObjective(c, [ra, rb]));
  return best;
}
