import { describe, expect, it } from 'vitest';
import { checkRoster } from '../../../../optimizer/src/roster/index.ts';
import { shiftConfig, type ShiftConfig } from '../../contracts/index.ts';
import { buildRosterInstance, weekendCount, weekendOffsets } from './roster.instance.ts';

const config: ShiftConfig = shiftConfig.parse({
  shiftTypes: [
    { code: 'M', name: 'Mañana', start: '07:00', minutes: 480 },
    { code: 'T', name: 'Tarde', start: '15:00', minutes: 480, forbiddenNext: ['M'] },
    { code: 'N', name: 'Noche', start: '23:00', minutes: 480, forbiddenNext: ['M', 'T'] },
  ],
  rules: {
    maxShiftsPerWeek: { N: 3 },
    minMinutesPerWeek: 1920,
    maxMinutesPerWeek: 2880,
    maxConsecutiveShifts: 6,
    minConsecutiveShifts: 2,
    minConsecutiveDaysOff: 2,
    maxWeekendsPer4Weeks: 3,
  },
  cover: [
    { shiftCode: 'M', weekdays: [1, 2, 3, 4, 5], required: 2 },
    { shiftCode: 'N', weekdays: [6, 7], required: 1, weightUnder: 50, weightOver: 5 },
    { shiftCode: 'N', weekdays: [7], required: 3 },
  ],
});

describe('buildRosterInstance', () => {
  it('scales per-week rules to the period, rounding to the nearest integer', () => {
    const two = buildRosterInstance({ config, crewIds: ['C1', 'C2'], requests: [], start: '2026-12-07', days: 14 });
    expect(two.horizonDays).toBe(14);
    expect(two.staff.map((s) => s.id)).toEqual(['C1', 'C2']);
    const s = two.staff[0]!;
    expect(s.minTotalMinutes).toBe(3840);
    expect(s.maxTotalMinutes).toBe(5760);
    // N limited 3/week → 6; M and T unlisted → no limit (every day)
    expect(s.maxShifts).toEqual({ M: 14, T: 14, N: 6 });
    // 2 weekends × 3/4 = 1.5 → 2
    expect(s.maxWeekends).toBe(2);
    expect([s.maxConsecutiveShifts, s.minConsecutiveShifts, s.minConsecutiveDaysOff]).toEqual([6, 2, 2]);

    const ten = buildRosterInstance({ config, crewIds: ['C1'], requests: [], start: '2026-12-07', days: 10 });
    // 1920 × 10/7 = 2742.86 → 2743; 2880 × 10/7 = 4114.29 → 4114; N 3 × 10/7 = 4.29 → 4; 1 weekend × 3/4 → 1
    expect(ten.staff[0]).toMatchObject({ minTotalMinutes: 2743, maxTotalMinutes: 4114, maxShifts: { N: 4 }, maxWeekends: 1 });
  });

  it('takes weekends from the calendar dates, whatever day the roster starts', () => {
    expect(weekendOffsets('2026-12-07', 14)).toEqual([5, 6]); // Monday
    expect(weekendOffsets('2026-12-09', 14)).toEqual([3, 4]); // Wednesday: Sat 12, Sun 13
    expect(weekendOffsets('2026-12-12', 14)).toEqual([0, 1]); // Saturday
    expect(weekendOffsets('2026-12-13', 10)).toEqual([-1, 0]); // Sunday
    expect(weekendOffsets('2026-12-13', 14)).toEqual([6, 7]); // Sunday, whole weeks
    // Wednesday 9 Dec, 14 days: weekends 12–13 and 19–20 → days 3,4 and 10,11
    const inst = buildRosterInstance({ config, crewIds: ['C1'], requests: [], start: '2026-12-09', days: 14 });
    expect(inst.weekendDays).toEqual([3, 4]);
    expect(weekendCount(inst.weekendDays, 14)).toBe(2);
    // the checker counts a worked Saturday 12 Dec (day 3) as a weekend: with 0 allowed it is a violation
    const noWeekends = buildRosterInstance({ config: { ...config, rules: { ...config.rules, maxWeekendsPer4Weeks: 0 } }, crewIds: ['C1'], requests: [], start: '2026-12-09', days: 14 });
    const row = Array.from({ length: 14 }, (_, d) => (d === 3 ? 'M' : ''));
    expect(checkRoster(noWeekends, [row]).violations.map((v) => [v.rule, v.day])).toContainEqual(['max-weekends', 3]);
    const weekday = Array.from({ length: 14 }, (_, d) => (d === 2 ? 'M' : ''));
    expect(checkRoster(noWeekends, [weekday]).violations.map((v) => v.rule)).not.toContain('max-weekends');
  });

  it('Sunday start: the opening Sunday is a weekend of its own', () => {
    // Sunday 13 Dec for 9 days: Sun 13 (day 0) alone, then Sat 19 + Sun 20 (days 6, 7)
    const inst = buildRosterInstance({ config, crewIds: ['C1'], requests: [], start: '2026-12-13', days: 9 });
    expect(weekendCount(inst.weekendDays, 9)).toBe(2);
    const strict = { ...inst, staff: inst.staff.map((s) => ({ ...s, maxWeekends: 1 })) };
    const row = ['M', 'M', '', '', '', '', 'M', 'M', ''];
    expect(checkRoster(strict, [row]).violations.filter((v) => v.rule === 'max-weekends').map((v) => v.day)).toEqual([6]);
  });

  it('turns day_off into hard days off (and lowers the minimum minutes) and on/off into soft requests', () => {
    const inst = buildRosterInstance({
      config,
      crewIds: ['C1', 'C2'],
      start: '2026-12-07',
      days: 14,
      requests: [
        { crewId: 'C1', date: '2026-12-08', kind: 'day_off', shiftCode: null, weight: 1 },
        { crewId: 'C1', date: '2026-12-09', kind: 'day_off', shiftCode: null, weight: 1 },
        { crewId: 'C1', date: '2026-12-09', kind: 'day_off', shiftCode: null, weight: 1 },
        { crewId: 'C2', date: '2026-12-10', kind: 'on', shiftCode: 'N', weight: 3 },
        { crewId: 'C2', date: '2026-12-11', kind: 'off', shiftCode: 'M', weight: 2 },
        { crewId: 'C9', date: '2026-12-10', kind: 'day_off', shiftCode: null, weight: 1 }, // not in the roster
        { crewId: 'C1', date: '2026-12-30', kind: 'day_off', shiftCode: null, weight: 1 }, // after it
        { crewId: 'C2', date: '2026-12-12', kind: 'on', shiftCode: 'X', weight: 1 }, // unknown shift
      ],
    });
    expect(inst.staff[0]!.daysOff).toEqual([1, 2]);
    expect(inst.staff[1]!.daysOff).toEqual([]);
    // 1920 × 12/7 = 3291.4 → 3291 for C1 (two days of leave); C2 keeps 3840
    expect(inst.staff[0]!.minTotalMinutes).toBe(3291);
    expect(inst.staff[1]!.minTotalMinutes).toBe(3840);
    expect(inst.shiftOnRequests).toEqual([{ staffId: 'C2', day: 3, shiftId: 'N', weight: 3 }]);
    expect(inst.shiftOffRequests).toEqual([{ staffId: 'C2', day: 4, shiftId: 'M', weight: 2 }]);
  });

  it('applies cover rules by weekday, the later rule winning for the same shift and day', () => {
    const inst = buildRosterInstance({ config, crewIds: ['C1'], requests: [], start: '2026-12-07', days: 7 });
    const byDay = (d: number) => inst.cover.filter((c) => c.day === d).map((c) => [c.shiftId, c.requirement, c.weightUnder, c.weightOver]);
    expect(byDay(0)).toEqual([['M', 2, 100, 1]]); // Monday
    expect(byDay(5)).toEqual([['N', 1, 50, 5]]); // Saturday
    expect(byDay(6)).toEqual([['N', 3, 100, 1]]); // Sunday: the later rule
  });
});
