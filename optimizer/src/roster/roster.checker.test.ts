import { describe, expect, it } from 'vitest';
import { checkRoster } from './roster.checker.ts';
import { row, twoWeekInstance } from './roster.fixtures.ts';
import type { HardRule, StaffMember } from './roster.model.ts';

const FEASIBLE = 'DD_____DD_____';

describe('checkRoster', () => {
  it('accepts a roster that keeps every hard rule and prices its soft penalties', () => {
    const check = checkRoster(twoWeekInstance(), [row(FEASIBLE)]);
    expect(check.violations).toEqual([]);
    expect(check.feasible).toBe(true);
    // Off-request on day 7 granted against (2) + nobody on D on day 2 (1 × 100).
    expect(check.breakdown).toEqual({ shiftOnRequests: 0, shiftOffRequests: 2, coverUnder: 100, coverOver: 0 });
    expect(check.objective).toBe(102);
    expect(check.penalties.map((p) => [p.kind, p.day, p.shiftId, p.amount, p.cost])).toEqual([
      ['shift-off-request', 7, 'D', 1, 2],
      ['cover-under', 2, 'D', 1, 100],
    ]);
  });

  it('explains unmet on-requests and over-cover', () => {
    const check = checkRoster(twoWeekInstance(), [row('______NN______')]);
    expect(check.penalties.map((p) => [p.kind, p.day, p.cost])).toEqual([
      ['shift-on-request', 0, 3],
      ['cover-under', 0, 100],
      ['cover-under', 2, 100],
    ]);
    const over = checkRoster(twoWeekInstance(), [row('_______NN_____')]);
    expect(over.penalties.find((p) => p.kind === 'cover-over')).toMatchObject({ day: 8, shiftId: 'N', amount: 1, cost: 5 });
  });

  const cases: { rule: HardRule; day: number | null; roster: string; staff?: Partial<StaffMember> }[] = [
    { rule: 'day-off', day: 1, roster: FEASIBLE, staff: { daysOff: [1] } },
    { rule: 'max-shifts', day: 8, roster: FEASIBLE, staff: { maxShifts: { D: 3, N: 2 } } },
    { rule: 'max-total-minutes', day: null, roster: FEASIBLE, staff: { maxTotalMinutes: 1000 } },
    { rule: 'min-total-minutes', day: null, roster: FEASIBLE, staff: { minTotalMinutes: 5000 } },
    { rule: 'max-consecutive-shifts', day: 0, roster: 'DDDDD_________' },
    { rule: 'min-consecutive-shifts', day: 5, roster: 'DD___D___DD___' },
    { rule: 'min-consecutive-days-off', day: 2, roster: 'DD_DD_________' },
    { rule: 'max-weekends', day: 12, roster: '_____DD_____DD' },
    { rule: 'forbidden-succession', day: 1, roster: 'ND____________' },
    { rule: 'unknown-shift', day: 1, roster: 'DX____________' },
  ];
  for (const c of cases) {
    it(`reports exactly one ${c.rule} violation with its staff and day`, () => {
      const check = checkRoster(twoWeekInstance(c.staff), [row(c.roster)]);
      expect(check.feasible).toBe(false);
      expect(check.violations.map((v) => ({ staffId: v.staffId, day: v.day, rule: v.rule }))).toEqual([
        { staffId: 'A', day: c.day, rule: c.rule },
      ]);
      expect(check.violations[0]?.message).not.toBe('');
    });
  }

  it('exempts short runs that touch either end of the horizon, as the benchmark does', () => {
    const check = checkRoster(twoWeekInstance(), [row('D_____DD______')]);
    expect(check.violations).toEqual([]);
    // A single day worked at the very end, after a single day off at the very start.
    const ends = checkRoster(twoWeekInstance(), [row('_DD__________D')]);
    expect(ends.violations).toEqual([]);
    // The same single day one step inside the horizon is a short run.
    const inside = checkRoster(twoWeekInstance(), [row('_DD_________D_')]);
    expect(inside.violations.map((v) => [v.rule, v.day])).toEqual([['min-consecutive-shifts', 12]]);
  });

  it('reports a roster of the wrong shape instead of throwing', () => {
    const check = checkRoster(twoWeekInstance(), [row(FEASIBLE), row(FEASIBLE)]);
    expect(check.violations.map((v) => v.rule)).toEqual(['roster-shape']);
    const short = checkRoster(twoWeekInstance(), [row('DD')]);
    expect(short.violations.map((v) => v.rule)).toEqual(['roster-shape']);
  });
});
