import { describe, expect, it } from 'vitest';
import { staffViolations } from './roster.checker.ts';
import { compileInstance, type CompiledInstance } from './roster.compiled.ts';
import { feasibleRows, tinyInstance, twoWeekInstance } from './roster.fixtures.ts';
import type { RosterInstance } from './roster.model.ts';
import { cheapestSchedules } from './roster.pricing.ts';

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 16807) % 2147483647;
    return a / 2147483647;
  };
}

const valueOf = (c: CompiledInstance, cost: Float64Array, row: readonly number[]): number =>
  row.reduce((sum, v, d) => sum + (cost[d * (c.T + 1) + v + 1] ?? 0), 0);

function check(inst: RosterInstance, seeds: number): void {
  const c = compileInstance(inst);
  for (let s = 0; s < c.S; s++) {
    const rows = feasibleRows(c, s);
    for (let seed = 1; seed <= seeds; seed++) {
      const r = rng(seed * 7919 + s);
      // Mixed-sign costs, like cover duals subtracted from request penalties.
      const cost = Float64Array.from({ length: c.H * (c.T + 1) }, () => Math.round((r() - 0.6) * 200) / 10);
      const best = Math.min(...rows.map((row) => valueOf(c, cost, row)));
      const got = cheapestSchedules(c, s, cost, 3);
      expect(got).not.toBeNull();
      const first = got?.[0];
      expect(first).toBeDefined();
      expect(first?.value).toBeCloseTo(best, 9);
      for (const g of got ?? []) {
        // Every schedule returned is feasible and its value is its true cost.
        expect(staffViolations(c, s, g.row)).toEqual([]);
        expect(g.value).toBeCloseTo(valueOf(c, cost, g.row), 9);
      }
    }
  }
}

describe('cheapestSchedules (pricing by dynamic programming)', () => {
  it('finds the exhaustive optimum of each person of the tiny instance', () => {
    check(tinyInstance(), 25);
  });

  it('respects binding maxima per shift type, minimum runs of three and weekends', () => {
    const base = tinyInstance();
    check({
      ...base,
      staff: base.staff.map((p) => ({ ...p, maxShifts: { E: 2, L: 2 }, minConsecutiveShifts: 3, minConsecutiveDaysOff: 1, maxWeekends: 0 })),
    }, 25);
    // Eight days, shifts of different lengths, a rest rule (no D after N) and a weekend.
    check({ ...twoWeekInstance({ maxShifts: { D: 3, N: 2 }, maxConsecutiveShifts: 3, minTotalMinutes: 4 * 480 }), horizonDays: 8 }, 10);
  });

  it('returns [] when a person cannot be rostered at all', () => {
    const base = tinyInstance();
    const c = compileInstance({ ...base, staff: base.staff.map((p) => ({ ...p, minTotalMinutes: 8 * 480 })) });
    expect(cheapestSchedules(c, 0, new Float64Array(c.H * (c.T + 1)))).toEqual([]);
  });

  it('declines (null) when weekend days are not consecutive', () => {
    const c = compileInstance({ ...tinyInstance(), weekendDays: [0, 6] });
    expect(cheapestSchedules(c, 0, new Float64Array(c.H * (c.T + 1)))).toBeNull();
  });
});
