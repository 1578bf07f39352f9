import { describe, expect, it } from 'vitest';
import type { RosterView, ShiftConfig } from '../contracts.ts';
import { fieldErrors, normaliseField, removeShiftType, renameShiftCode } from './config-form.ts';
import { addDays, compactHours, dateRange, dayHeader, daysBetween, isoWeekday, isWeekend, nextMonday, parseDate, shiftHours, todayIn } from './dates.ts';
import { buildGantt, coverGaps, coverTable, groupViolations, inkOn, moveFocus, objectiveTerms, sortedViolations, withChange } from './gantt.ts';
import { clock, progressView } from './progress.ts';

const D = { code: 'D', name: 'Día', start: '07:00', minutes: 480, forbiddenNext: [], color: '#f5b400' };
const N = { code: 'N', name: 'Noche', start: '22:00', minutes: 480, forbiddenNext: ['D'], color: '#0f2a44' };

function view(over: Partial<RosterView> = {}): RosterView {
  return {
    roster: {
      id: 'r1', start: '2026-12-05', days: 3, crewIds: ['c1', 'c2'], status: 'draft', progress: null, objective: 100,
      message: null, createdBy: 'plan', createdAt: '2026-11-28T00:00:00Z', publishedAt: null,
    },
    dates: ['2026-12-05', '2026-12-06', '2026-12-07'],
    shiftTypes: [D, N],
    assignments: { c1: ['N', 'D', ''], c2: ['D', '', 'X'] },
    check: {
      feasible: false,
      objective: 101,
      violations: [
        { crewId: 'c1', date: '2026-12-06', rule: 'forbidden-succession', message: 'D may not follow N of the previous day' },
        { crewId: 'c2', date: null, rule: 'min-total-minutes', message: 'works 480 min, below the minimum of 900' },
        { crewId: 'c1', date: '2026-12-05', rule: 'max-weekends', message: 'weekend 1 worked' },
      ],
      penalties: [
        { kind: 'cover-under', date: '2026-12-07', shiftCode: 'D', amount: 1, cost: 100, message: '0 on D, 1 below the requirement of 1' },
        { kind: 'cover-over', date: '2026-12-05', shiftCode: 'N', amount: 1, cost: 1, message: '1 on N, 1 above the requirement of 0' },
        { kind: 'shift-on-request', date: '2026-12-07', shiftCode: 'D', crewId: 'c1', amount: 1, cost: 3, message: 'c1 asked to work D' },
      ],
    },
    ...over,
  };
}

describe('planner dates', () => {
  it('counts days across month, year and DST ends without drifting', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(dateRange('2026-12-30', 4)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
  });
  it('refuses impossible dates', () => {
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('30/11/2026')).toBeNull();
    expect(() => addDays('nope', 1)).toThrow(RangeError);
  });
  it('numbers weekdays like ISO (Monday 1, Sunday 7) and shades Saturday and Sunday', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-06')).toBe(7);
    expect(isWeekend('2026-12-05')).toBe(true);
    expect(isWeekend('2026-12-04')).toBe(false);
    expect(nextMonday('2026-11-28')).toBe('2026-11-30');
    expect(nextMonday('2026-11-30')).toBe('2026-11-30');
  });
  it("takes today's date in Montevideo, not in the browser's zone", () => {
    // 02:00 UTC on the 29th is still the 28th in Montevideo (UTC−3)
    expect(todayIn('America/Montevideo', new Date('2026-11-29T02:00:00Z'))).toBe('2026-11-28');
  });
  it('writes shift hours, marking those that end the next day', () => {
    expect(shiftHours('07:00', 480)).toBe('07:00–15:00');
    expect(shiftHours('22:00', 480)).toBe('22:00–06:00 +1');
    expect(shiftHours('14:30', 450)).toBe('14:30–22:00');
    expect(compactHours('07:00', 480)).toBe('07–15');
    expect(compactHours('23:00', 480)).toBe('23–07 +1');
    expect(compactHours('14:30', 450)).toBe('14:30–22');
  });
  it('makes column headers in Spanish', () => {
    const h = dayHeader('2026-12-07', 'es-UY');
    expect(h.weekday.toLowerCase()).toContain('lun');
    expect(h.date).toBe('7/12');
  });
});

describe('planner Gantt model', () => {
  it('puts each violation on its crew and day, whole-roster ones on the crew', () => {
    const g = groupViolations(view().check!.violations);
    expect(g.byCell.get('c1|2026-12-06')?.map((v) => v.rule)).toEqual(['forbidden-succession']);
    expect(g.byCrew.get('c2')?.map((v) => v.rule)).toEqual(['min-total-minutes']);
    expect(g.byCell.has('c2|2026-12-06')).toBe(false);
  });
  it('builds rows of cells with shift, hours, weekend, today, violations and unmet requests', () => {
    const m = buildGantt({ view: view(), crewNames: new Map([['c1', 'Cuadrilla Centro']]), today: '2026-12-06' });
    expect(m.days.map((d) => [d.weekend, d.today])).toEqual([[true, false], [true, true], [false, false]]);
    const [r1, r2] = m.rows;
    expect(r1?.name).toBe('Cuadrilla Centro');
    expect(r2?.name).toBe('c2');
    expect(r1?.cells.map((c) => c.code)).toEqual(['N', 'D', '']);
    expect(r1?.cells[0]?.hours).toBe('22:00–06:00 +1');
    expect(r1?.cells[1]?.violations).toHaveLength(1);
    expect(r1?.cells[2]?.requests.map((p) => p.kind)).toEqual(['shift-on-request']);
    expect(r1?.shifts).toBe(2);
    expect(r1?.minutes).toBe(960);
    // an unknown code is kept (so it can be seen and fixed) but has no shift type
    expect(r2?.cells[2]?.code).toBe('X');
    expect(r2?.cells[2]?.shift).toBeNull();
    expect(r2?.crewViolations.map((v) => v.rule)).toEqual(['min-total-minutes']);
    expect(m.violationCount).toBe(3);
  });
  it("puts the crews' requests (leave, wishes) on their cells", () => {
    const m = buildGantt({
      view: view(),
      shiftRequests: [
        { id: 1, crewId: 'c2', date: '2026-12-06', kind: 'day_off', shiftCode: null, weight: 1, note: 'licencia' },
        { id: 2, crewId: 'c1', date: '2026-12-07', kind: 'on', shiftCode: 'D', weight: 3, note: '' },
        { id: 3, crewId: 'zz', date: '2026-12-07', kind: 'on', shiftCode: 'D', weight: 3, note: '' },
      ],
    });
    expect(m.rows[1]?.cells[1]?.asked.map((r) => r.note)).toEqual(['licencia']);
    expect(m.rows[0]?.cells[2]?.asked.map((r) => r.kind)).toEqual(['on']);
    expect(m.rows.flatMap((r) => r.cells).filter((c) => c.asked.length)).toHaveLength(2);
  });
  it('shows required vs assigned cover from the check: gaps negative, surpluses positive, met days when a rule exists', () => {
    const v = view();
    const rows = coverTable({
      dates: v.dates, shiftTypes: v.shiftTypes, assignments: v.assignments, penalties: v.check!.penalties,
      cover: [{ shiftCode: 'D', weekdays: [1, 2, 3, 4, 5, 6, 7], required: 1, weightUnder: 100, weightOver: 1 }],
    });
    const d = rows.find((r) => r.shift.code === 'D')!;
    expect(d.cells.map((c) => [c.assigned, c.required, c.gap])).toEqual([[1, 1, 0], [1, 1, 0], [0, 1, -1]]);
    const n = rows.find((r) => r.shift.code === 'N')!;
    // no rule for N in the config, but the check says the 5th is one above its requirement
    expect(n.cells.map((c) => [c.assigned, c.required, c.gap])).toEqual([[1, 0, 1], [0, null, 0], [0, null, 0]]);
  });
  it('splits the objective into its terms and lists cover gaps before surpluses', () => {
    const p = view().check!.penalties;
    const t = objectiveTerms(p);
    expect(t['cover-under']).toEqual({ cost: 100, count: 1 });
    expect(t['cover-over']).toEqual({ cost: 1, count: 1 });
    expect(t['shift-on-request'].cost).toBe(3);
    expect(coverGaps(p).map((x) => x.kind)).toEqual(['cover-under', 'cover-over']);
  });
  it('sorts violations by day then crew order, whole-roster rules first', () => {
    const s = sortedViolations(view().check!.violations, ['c2', 'c1']);
    expect(s.map((v) => `${v.date}:${v.crewId}`)).toEqual(['null:c2', '2026-12-05:c1', '2026-12-06:c1']);
  });
  it('applies a hand edit locally without touching the original', () => {
    const a = view().assignments;
    const b = withChange(a, view().dates, { crewId: 'c2', date: '2026-12-06', shiftCode: 'N' });
    expect(b['c2']).toEqual(['D', 'N', 'X']);
    expect(a['c2']).toEqual(['D', '', 'X']);
    expect(withChange(a, view().dates, { crewId: 'c1', date: '2030-01-01', shiftCode: 'N' })).toEqual(a);
  });
  it('moves the keyboard focus within the grid', () => {
    const size = { rows: 3, cols: 7 };
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowLeft', size)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowDown', size)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 2, col: 3 }, 'End', size)).toEqual({ row: 2, col: 6 });
    expect(moveFocus({ row: 2, col: 3 }, 'a', size)).toBeNull();
  });
  it('picks black or white text for a shift colour', () => {
    expect(inkOn('#f5b400')).toBe('#000');
    expect(inkOn('#0f2a44')).toBe('#fff');
  });
});

describe('planner progress', () => {
  it('shows elapsed of the limit and the gap to the bound', () => {
    const p = progressView({ phase: 'mip', elapsedSeconds: 1.5, timeLimitSeconds: 3, objective: 200, bound: 150 });
    expect(p.fraction).toBe(0.5);
    expect(p.elapsed).toBe('0:01');
    expect(p.limit).toBe('0:03');
    expect(p.gap).toBe(0.25);
    expect(progressView({ phase: 'x', elapsedSeconds: 9, timeLimitSeconds: 3, objective: null, bound: 1 })).toMatchObject({ fraction: 1, gap: null });
    expect(clock(65)).toBe('1:05');
  });
});

describe('planner rules editor', () => {
  const config: ShiftConfig = {
    shiftTypes: [D, N],
    rules: { maxShiftsPerWeek: { N: 3 }, minMinutesPerWeek: 0, maxMinutesPerWeek: 2880, maxConsecutiveShifts: 5, minConsecutiveShifts: 1, minConsecutiveDaysOff: 1, maxWeekendsPer4Weeks: 2 },
    cover: [{ shiftCode: 'N', weekdays: [1, 2], required: 1, weightUnder: 100, weightOver: 1 }],
  };
  it('finds mistakes at the same field keys the server names', () => {
    expect(fieldErrors(config)).toEqual({});
    const bad = { ...config, shiftTypes: [{ ...D, start: '7:00' }, { ...N, forbiddenNext: ['Z'] }], rules: { ...config.rules, maxMinutesPerWeek: -1 } };
    const e = fieldErrors(bad);
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['shiftTypes.0.start', 'rules.maxMinutesPerWeek', 'shiftTypes.1.forbiddenNext.0']));
    expect(e['shiftTypes.0.start']).toBe('una hora se escribe así: 07:30');
    expect(e['shiftTypes.1.forbiddenNext.0']).toBe('código de turno desconocido: Z');
    expect(e['rules.maxMinutesPerWeek']).toMatch(/>=\s*0|mayor|menor|0/);
    expect(fieldErrors(bad, 'en')['shiftTypes.0.start']).toBe('a time looks like 07:30');
    expect(normaliseField('shiftTypes[1].forbiddenNext[0]')).toBe('shiftTypes.1.forbiddenNext.0');
  });
  it('follows a renamed or removed shift code everywhere it is used', () => {
    const r = renameShiftCode(config, 'N', 'NO');
    expect(r.shiftTypes.map((s) => s.code)).toEqual(['D', 'NO']);
    expect(r.rules.maxShiftsPerWeek).toEqual({ NO: 3 });
    expect(r.cover[0]?.shiftCode).toBe('NO');
    const d = removeShiftType(config, 'D');
    expect(d.shiftTypes.map((s) => [s.code, s.forbiddenNext])).toEqual([['N', []]]);
    expect(fieldErrors(removeShiftType(config, 'N'))).toEqual({});
  });
});

describe('planner violation text', () => {
  it("re-says the checker's sentences in Spanish with their figures, and leaves unknown ones as they are", async () => {
    const { violationText, penaltyText } = await import('./violation-text.ts');
    expect(violationText({ message: 'D may not follow N of the previous day' }, 'es')).toBe('D no puede seguir a N del día anterior (descanso)');
    expect(violationText({ message: 'works 480 min, below the minimum of 900' }, 'es')).toBe('trabaja 8 h, menos que el mínimo de 15 h');
    expect(violationText({ message: 'works 6 consecutive days from this day, above the maximum of 5' }, 'es')).toBe('6 días seguidos de trabajo desde este día (máximo 5)');
    expect(violationText({ message: 'algo nuevo' }, 'es')).toBe('algo nuevo');
    expect(violationText({ message: 'D may not follow N of the previous day' }, 'en')).toBe('D may not follow N of the previous day');
    const p = { kind: 'cover-under' as const, date: '2026-12-07', shiftCode: 'D', amount: 2, cost: 200, message: '1 on D, 2 below the requirement of 3' };
    expect(penaltyText(p, 'es', 1)).toBe('1 en D: faltan 2 (se requieren 3)');
    expect(penaltyText(p, 'en', 1)).toBe(p.message);
  });
});
