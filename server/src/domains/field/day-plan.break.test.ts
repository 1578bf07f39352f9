import { describe, expect, it } from 'vitest';
import { checkPlan, solveVrptw } from '../../../../optimizer/src/vrptw/index.ts';
import { loadConfig } from '../../config.ts';
import { breakIssue, shiftBreakOffsets, shiftConfig, type OrderType, type ShiftConfig, type WorkOrder } from '../../contracts/index.ts';
import { buildProblem, comparePlans, crewStarts, evaluateRoute, scopeDayPlan, type DayPlanCrewInput, type TravelTimes } from './day-plan.problem.ts';
import { breakOnShift, parseDayPlanBreak } from './day-plan.service.ts';

const NOW = Date.parse('2026-11-30T13:00:00Z') / 1000; // Monday 10:00 in Montevideo (UTC−3)
const local = (hhmm: string) => Date.parse(`2026-11-30T${hhmm}:00-03:00`) / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString();
const TYPES: OrderType[] = [{ code: 'cut', name: 'cut', defaultPriority: 'normal', responseMinutes: 60, resolutionMinutes: 600, requiredSkills: [], requiredEquipment: [], durationMinutes: 30, completionFields: [], active: true }];
const WEST = { lat: -34.9, lon: -56.25 };

let n = 0;
function order(p: Partial<WorkOrder> & { lat: number; lon: number }): WorkOrder {
  n++;
  return {
    id: `OT-${String(n).padStart(7, '0')}`, typeCode: 'cut', typeName: 'cut', status: 'new', priority: 'normal', address: 'x', accountRef: null, windowStart: null, windowEnd: null,
    source: 'manual', notes: '', crewId: null, sequence: null, respondBy: iso(NOW + 3600), resolveBy: iso(NOW + 86400), completion: null, failureReason: null, version: 1,
    createdAt: iso(NOW - 600), updatedAt: iso(NOW - 600), ...p,
  };
}

function crew(id: string, p: Partial<DayPlanCrewInput> = {}): DayPlanCrewInput {
  return { id, name: `Cuadrilla ${id}`, skills: [], equipment: [], availability: 'available', start: WEST, startFrom: 'live', home: WEST, shift: { start: NOW, end: NOW + 7 * 3600 }, ...p };
}

/** Ten minutes between any two different places. */
function tenMinutes(k: number): TravelTimes {
  const seconds = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) seconds[i * k + j] = i === j ? 0 : 600;
  return { n: k, seconds };
}

/** Scope → problem → plan → proposal, as the service does (minus I/O). */
function plan(crews: DayPlanCrewInput[], orders: WorkOrder[]) {
  const scope = scopeDayPlan({ now: NOW, crews, orders, types: TYPES, since: new Map(), horizonEnd: NOW + 7 * 3600 });
  const tt = tenMinutes(scope.points.length);
  const starts = crewStarts(scope, tt, TYPES);
  const problem = buildProblem(scope, tt, starts);
  const solved = solveVrptw(problem, { seed: 1, maxIterations: 2000, timeLimitSeconds: Infinity, objective: 'distance' });
  expect(checkPlan(problem, solved).errors).toEqual([]);
  return { problem, solved, cmp: comparePlans(scope, tt, starts, solved), scope, tt, starts };
}

const lunch = { earliest: local('12:00'), latest: local('14:00'), minutes: 30 };

describe('day plan: breaks', () => {
  it('gives a working crew its break inside the window, and shows it in the proposal', () => {
    const orders = [order({ ...WEST, lat: WEST.lat + 0.01 }), order({ ...WEST, lat: WEST.lat + 0.02, windowStart: iso(local('12:00')), windowEnd: iso(local('12:10')) })];
    const { problem, cmp } = plan([crew('a', { breakWindow: lunch })], orders);
    expect(problem.vehicles[0]!.breaks).toEqual([{ id: 'break', window: [lunch.earliest - NOW, lunch.latest - NOW], duration: 1800 }]);
    const b = cmp.crews[0]!.break!;
    expect(Date.parse(b.start) / 1000).toBeGreaterThanOrEqual(lunch.earliest);
    expect(Date.parse(b.start) / 1000).toBeLessThanOrEqual(lunch.latest);
    expect(Date.parse(b.end) - Date.parse(b.start)).toBe(30 * 60_000);
    expect([null, ...cmp.crews[0]!.after]).toContain(b.afterOrderId);
    expect(cmp.after.lateSeconds).toBe(0);
  });

  it('clips a window that has begun, skips one that is past, and none for a crew on break now', () => {
    const o = [order({ ...WEST, lat: WEST.lat + 0.01 })];
    const begun = plan([crew('a', { breakWindow: { earliest: NOW - 3600, latest: NOW + 1800, minutes: 30 } })], o);
    expect(begun.problem.vehicles[0]!.breaks).toEqual([{ id: 'break', window: [0, 1800], duration: 1800 }]);
    const past = plan([crew('a', { breakWindow: { earliest: NOW - 7200, latest: NOW - 60, minutes: 30 } })], o);
    expect(past.problem.vehicles[0]!.breaks).toEqual([]);
    expect(past.cmp.crews[0]!.break).toBeNull();
    const resting = plan([crew('a', { availability: 'break', breakWindow: lunch })], o);
    expect(resting.problem.vehicles[0]!.breaks).toEqual([]);
    // a break that would not end before the shift does is not asked for either
    const late = plan([crew('a', { shift: { start: NOW, end: local('12:20') }, breakWindow: lunch })], o);
    expect(late.problem.vehicles[0]!.breaks).toEqual([]);
  });

  it('counts the break in the lateness of a list that leaves it no room', () => {
    // an appointment at 11:55–12:05 (30 min of work) and a break from 11:50 to 12:40: the
    // engine serves first and breaks after, on time
    const appt = order({ ...WEST, lat: WEST.lat + 0.01, windowStart: iso(local('11:55')), windowEnd: iso(local('12:05')) });
    const tight = { earliest: local('11:50'), latest: local('12:40'), minutes: 30 };
    const { scope, tt, starts, cmp } = plan([crew('a', { breakWindow: tight })], [appt]);
    const spec = { window: [tight.earliest - NOW, tight.latest - NOW] as const, duration: 1800 };
    expect(evaluateRoute(scope, tt, 0, starts[0]!, [appt.id], spec).lateSeconds).toBe(0);
    // a two-hour break due at 10:00–10:05 is taken before leaving: arrival 12:10, 5 minutes late
    expect(evaluateRoute(scope, tt, 0, starts[0]!, [appt.id], { window: [0, 300], duration: 7200 }).lateSeconds).toBe(300);
    expect(cmp.crews[0]!.break!.afterOrderId).toBe(appt.id);
    expect(cmp.crews[0]!.lateSecondsAfter).toBe(0);
  });

  it('reads DAY_PLAN_BREAK and places it on the day of the shift', () => {
    expect(parseDayPlanBreak('none')).toBeNull();
    expect(parseDayPlanBreak('12:00-14:00/30')).toEqual({ earliest: '12:00', latest: '14:00', minutes: 30 });
    const b = parseDayPlanBreak('12:00-14:00/30');
    expect(breakOnShift(b, { start: NOW, end: local('17:00') }, -180)).toEqual(lunch);
    // after hours (18:00 → 03:00) there is no noon in the shift
    expect(breakOnShift(b, { start: local('18:00'), end: local('18:00') + 9 * 3600 }, -180)).toBeNull();
    // a night break on the clock lands on the next day
    expect(breakOnShift(parseDayPlanBreak('02:00-03:00/20'), { start: local('22:00'), end: local('22:00') + 8 * 3600 }, -180)).toEqual({ earliest: local('02:00') + 86400, latest: local('03:00') + 86400, minutes: 20 });
  });

  it('validates DAY_PLAN_BREAK at start-up with a clear message', () => {
    expect(loadConfig({}).DAY_PLAN_BREAK).toBe('none');
    expect(loadConfig({ DAY_PLAN_BREAK: '12:00-14:00/30' }).DAY_PLAN_BREAK).toBe('12:00-14:00/30');
    expect(() => loadConfig({ DAY_PLAN_BREAK: 'lunch' })).toThrow(/DAY_PLAN_BREAK: HH:MM-HH:MM\/minutes \(e\.g\. 12:00-14:00\/30\) or none/);
    expect(() => loadConfig({ DAY_PLAN_BREAK: '14:00-12:00/30' })).toThrow(/latest start of the break must not be before the earliest/);
    expect(() => loadConfig({ DAY_PLAN_BREAK: '12:00-14:00/0' })).toThrow(/1 to 180 minutes/);
    expect(() => loadConfig({ DAY_PLAN_BREAK: '12:00-14:00/200' })).toThrow(/1 to 180 minutes/);
    expect(() => loadConfig({ DAY_PLAN_BREAK: '16:30-16:50/30' })).toThrow(/DAY_PLAN_BREAK: 16:30-16:50\/30 must start and end inside the working day DAY_PLAN_WORKDAY 08:00-17:00/);
    expect(loadConfig({ DAY_PLAN_BREAK: '02:00-03:00/30', DAY_PLAN_WORKDAY: 'rolling' }).DAY_PLAN_BREAK).toBe('02:00-03:00/30');
  });
});

describe('shift types: break fields', () => {
  const base: ShiftConfig = {
    shiftTypes: [{ code: 'M', name: 'Mañana', start: '07:00', minutes: 480, forbiddenNext: [], color: '#1f77b4' }],
    rules: { maxShiftsPerWeek: {}, minMinutesPerWeek: 0, maxMinutesPerWeek: 3000, maxConsecutiveShifts: 6, minConsecutiveShifts: 1, minConsecutiveDaysOff: 1, maxWeekendsPer4Weeks: 4 },
    cover: [],
  };
  const withBreak = (b: Record<string, unknown>) => ({ ...base, shiftTypes: [{ ...base.shiftTypes[0]!, ...b }] });
  const issues = (c: unknown) => {
    const r = shiftConfig.safeParse(c);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('keeps configurations without a break valid', () => {
    expect(issues(base)).toEqual([]);
    expect(shiftBreakOffsets(base.shiftTypes[0]!)).toBeNull();
    expect(issues(withBreak({ breakMinutes: 0 }))).toEqual([]);
  });

  it('accepts a break inside the shift, on the clock of a night shift too', () => {
    expect(issues(withBreak({ breakMinutes: 30, breakEarliest: '11:00', breakLatest: '13:00' }))).toEqual([]);
    expect(shiftBreakOffsets({ start: '07:00', breakMinutes: 30, breakEarliest: '11:00', breakLatest: '13:00' })).toEqual({ earliest: 240, latest: 360, minutes: 30 });
    const night = { code: 'N', name: 'Noche', start: '22:00', minutes: 480, forbiddenNext: [], color: '#1f77b4', breakMinutes: 30, breakEarliest: '01:30', breakLatest: '03:00' };
    expect(breakIssue(night)).toBeNull();
    expect(shiftBreakOffsets(night)).toEqual({ earliest: 210, latest: 300, minutes: 30 });
  });

  it('refuses a break outside the shift or without its window, naming the field', () => {
    expect(issues(withBreak({ breakMinutes: 30 }))).toEqual(['shiftTypes.0.breakEarliest: set when the break may start']);
    expect(issues(withBreak({ breakMinutes: 30, breakEarliest: '11:00' }))).toEqual(['shiftTypes.0.breakLatest: set by when the break must start']);
    expect(issues(withBreak({ breakMinutes: 30, breakEarliest: '06:00', breakLatest: '08:00' }))).toEqual(['shiftTypes.0.breakEarliest: the break must start inside the shift']);
    expect(issues(withBreak({ breakMinutes: 30, breakEarliest: '13:00', breakLatest: '12:00' }))).toEqual(['shiftTypes.0.breakLatest: must not be before the earliest start of the break']);
    expect(issues(withBreak({ breakMinutes: 60, breakEarliest: '13:00', breakLatest: '14:30' }))).toEqual(['shiftTypes.0.breakLatest: the break must end inside the shift']);
    expect(issues(withBreak({ breakMinutes: 181, breakEarliest: '11:00', breakLatest: '12:00' }))[0]).toMatch(/^shiftTypes\.0\.breakMinutes:/);
  });
});
