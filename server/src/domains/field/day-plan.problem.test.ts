import { describe, expect, it } from 'vitest';
import { checkPlan, solveVrptw } from '../../../../optimizer/src/vrptw/index.ts';
import type { OrderType, WorkOrder } from '../../contracts/index.ts';
import { buildProblem, comparePlans, crewStarts, PRIORITY_WEIGHT, scopeDayPlan, type DayPlanCrewInput, type DayPlanInput, type TravelTimes } from './day-plan.problem.ts';
import { dayPlanHorizon, parseWorkday } from './day-plan.service.ts';
import { etaNowTo } from './distance.ts';

const NOW = Date.parse('2026-11-30T13:00:00Z') / 1000; // Monday 10:00 in Montevideo
const iso = (s: number) => new Date(s * 1000).toISOString();

const type = (code: string, skills: string[], equipment: string[], minutes: number): OrderType => ({
  code,
  name: code,
  defaultPriority: 'normal',
  responseMinutes: 60,
  resolutionMinutes: 600,
  requiredSkills: skills,
  requiredEquipment: equipment,
  durationMinutes: minutes,
  completionFields: [],
  active: true,
});
const TYPES = [type('cut', ['cut'], [], 30), type('emergency', ['emergency'], ['bucket_truck'], 60), type('hv', ['high_voltage'], [], 45)];

let n = 0;
function order(p: Partial<WorkOrder> & { lat: number; lon: number }): WorkOrder {
  n++;
  return {
    id: `OT-${String(n).padStart(7, '0')}`,
    typeCode: 'cut',
    typeName: 'cut',
    status: 'new',
    priority: 'normal',
    address: 'x',
    accountRef: null,
    windowStart: null,
    windowEnd: null,
    source: 'manual',
    notes: '',
    crewId: null,
    sequence: null,
    respondBy: iso(NOW + 3600),
    resolveBy: iso(NOW + 86400),
    completion: null,
    failureReason: null,
    version: 1,
    createdAt: iso(NOW - 600),
    updatedAt: iso(NOW - 600),
    ...p,
  };
}

function crew(id: string, at: { lat: number; lon: number }, p: Partial<DayPlanCrewInput> = {}): DayPlanCrewInput {
  return { id, name: `Cuadrilla ${id}`, skills: ['cut'], equipment: [], availability: 'available', start: at, startFrom: 'live', home: at, shift: { start: NOW, end: NOW + 7 * 3600 }, ...p };
}

/** Straight line × 1.3 at 30 km/h, like the server's fallback provider. */
function matrixOf(points: { lat: number; lon: number }[]): TravelTimes {
  const k = points.length;
  const seconds = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) seconds[i * k + j] = etaNowTo(points[j]!, points[i]!);
  return { n: k, seconds };
}

const WEST = { lat: -34.9, lon: -56.25 };
const EAST = { lat: -34.88, lon: -56.08 };

function input(p: Partial<DayPlanInput>): DayPlanInput {
  return { now: NOW, crews: [], orders: [], types: TYPES, since: new Map(), horizonEnd: NOW + 7 * 3600, ...p };
}

describe('day plan: which crews and orders are planned', () => {
  it('skips crews that are off and crews whose shift is over', () => {
    const s = scopeDayPlan(
      input({
        crews: [crew('a', WEST), crew('off', WEST, { availability: 'off' }), crew('late', WEST, { shift: { start: NOW - 9 * 3600, end: NOW - 60 } })],
      }),
    );
    expect(s.crews.map((c) => c.input.id)).toEqual(['a']);
    expect(s.skippedCrews).toEqual([
      { crewId: 'off', reason: 'off' },
      { crewId: 'late', reason: 'shift_over' },
    ]);
  });

  it('plans new, scheduled and assigned orders freely, pins dispatched ones to their crew, leaves finished and far-off appointments alone', () => {
    const o = [
      order({ ...WEST, status: 'new' }),
      order({ ...WEST, status: 'assigned', crewId: 'a', sequence: 1 }),
      order({ ...WEST, status: 'acknowledged', crewId: 'a', sequence: 2 }),
      order({ ...WEST, status: 'completed', crewId: 'a' }),
      order({ ...WEST, status: 'scheduled', windowStart: iso(NOW + 86400), windowEnd: iso(NOW + 90000) }),
      order({ ...WEST, status: 'dispatched', crewId: 'not-planned' }),
    ];
    const s = scopeDayPlan(input({ crews: [crew('a', WEST)], orders: o }));
    expect(s.orders.map((p) => [p.order.id, p.pinnedTo])).toEqual([
      [o[0]!.id, null],
      [o[1]!.id, null],
      [o[2]!.id, 'crew:a'],
    ]);
    expect(s.orders[2]!.required).toEqual(['skill:cut', 'crew:a']);
    expect(s.crews[0]!.current).toEqual([o[1]!.id, o[2]!.id]);
  });

  it('with a crew filter, leaves other working crews\' orders alone but takes work from crews that are off', () => {
    const theirs = order({ ...WEST, status: 'assigned', crewId: 'b' });
    const offs = order({ ...WEST, status: 'assigned', crewId: 'c' });
    const s = scopeDayPlan(input({ crews: [crew('a', WEST), crew('b', WEST), crew('c', WEST, { availability: 'off' })], orders: [theirs, offs], crewIds: ['a', 'c'] }));
    expect(s.orders.map((p) => p.order.id)).toEqual([offs.id]);
  });
});

describe('day plan: the VRPTW problem', () => {
  it('starts a crew on site from its job once the remaining work is done, and an en-route crew after the drive and the whole job', () => {
    const onSite = order({ ...EAST, status: 'on_site', crewId: 'a', typeCode: 'cut' });
    const enRoute = order({ ...EAST, status: 'en_route', crewId: 'b', typeCode: 'cut' });
    const s = scopeDayPlan(input({ crews: [crew('a', WEST), crew('b', WEST)], orders: [onSite, enRoute], since: new Map([[onSite.id, NOW - 20 * 60]]) }));
    const tt = matrixOf(s.points);
    const starts = crewStarts(s, tt, TYPES);
    const east = s.points.findIndex((p) => p.lat === EAST.lat);
    expect(starts[0]).toMatchObject({ loc: east, open: 10 * 60 }); // 30 min job, 20 min done
    expect(starts[1]!.loc).toBe(east);
    expect(starts[1]!.open).toBeCloseTo(etaNowTo(EAST, WEST) + 30 * 60, 3);
    // frozen orders are not in the problem
    expect(buildProblem(s, tt, starts).orders).toEqual([]);
  });

  it('turns skills, equipment, appointments and priorities into the engine\'s terms', () => {
    const appt = order({ ...WEST, status: 'scheduled', windowStart: iso(NOW + 3600), windowEnd: iso(NOW + 7200), priority: 'high' });
    const emergency = order({ ...EAST, typeCode: 'emergency', priority: 'emergency', respondBy: iso(NOW + 1800) });
    const s = scopeDayPlan(input({ crews: [crew('a', WEST, { skills: ['cut', 'emergency'], equipment: ['bucket_truck'] })], orders: [appt, emergency] }));
    const tt = matrixOf(s.points);
    const p = buildProblem(s, tt, crewStarts(s, tt, TYPES));
    expect(p.vehicles[0]!.skills).toEqual(['skill:cut', 'skill:emergency', 'equip:bucket_truck', 'crew:a']);
    expect(p.vehicles[0]!.shift).toEqual([0, 7 * 3600]);
    expect(p.orders[0]).toMatchObject({ timeWindow: [3600, 7200], priority: PRIORITY_WEIGHT.high, serviceTime: 1800 });
    expect(p.orders[1]!.requiredSkills).toEqual(['skill:emergency', 'equip:bucket_truck']);
    // the later of the response SLA and 15 min after the earliest possible arrival
    const drive = etaNowTo(EAST, WEST);
    expect(p.orders[1]!.timeWindow![1]).toBeCloseTo(Math.max(1800, drive + 900), 3);
    expect(PRIORITY_WEIGHT.emergency).toBeGreaterThan(1500 * (1 + PRIORITY_WEIGHT.high));
  });
});

describe('day plan: proposal from a solved plan', () => {
  it('serves the emergency, leaves out with its reason the order nobody can do, and is accepted by the checker', () => {
    const crews = [crew('west', WEST, { skills: ['cut', 'emergency'], equipment: ['bucket_truck'] }), crew('east', EAST)];
    // today the east crew drives across town for west orders and vice versa
    const o = [
      order({ lat: WEST.lat + 0.005, lon: WEST.lon, status: 'assigned', crewId: 'east', sequence: 1 }),
      order({ lat: WEST.lat - 0.005, lon: WEST.lon + 0.01, status: 'assigned', crewId: 'east', sequence: 2 }),
      order({ lat: EAST.lat + 0.004, lon: EAST.lon, status: 'assigned', crewId: 'west', sequence: 1 }),
      order({ lat: EAST.lat, lon: EAST.lon - 0.01, status: 'new' }),
      order({ lat: WEST.lat, lon: WEST.lon - 0.01, typeCode: 'emergency', priority: 'emergency' }),
      order({ lat: EAST.lat, lon: EAST.lon + 0.01, typeCode: 'hv' }),
    ];
    const s = scopeDayPlan(input({ crews, orders: o }));
    const tt = matrixOf(s.points);
    const starts = crewStarts(s, tt, TYPES);
    const problem = buildProblem(s, tt, starts);
    const plan = solveVrptw(problem, { seed: 1, maxIterations: 3000, timeLimitSeconds: Infinity, objective: 'distance' });
    expect(checkPlan(problem, plan).feasible).toBe(true);
    const cmp = comparePlans(s, tt, starts, plan);
    expect(cmp.unassigned).toEqual([{ orderId: o[5]!.id, reason: 'no_crew_with_skill', priority: 'normal', keptByCrewId: null }]);
    const west = cmp.crews.find((c) => c.crewId === 'west')!;
    expect(west.after).toContain(o[4]!.id);
    expect(west.after[0]).toBe(o[4]!.id); // the emergency goes first
    expect(cmp.after.travelSeconds).toBeLessThan(cmp.before.travelSeconds);
    expect(cmp.before).toMatchObject({ assigned: 3, unassigned: 3 });
    expect(cmp.after).toMatchObject({ assigned: 5, unassigned: 1 });
    expect(cmp.sequences.map((x) => x.crewId).sort()).toEqual(['east', 'west']);
    expect(cmp.changedOrders).toBe(5);
  });

  it('keeps at the end of its crew\'s list an order the plan leaves out, and reports it', () => {
    const c = crew('a', WEST, { shift: { start: NOW, end: NOW + 3600 } });
    const long = order({ ...EAST, status: 'assigned', crewId: 'a', sequence: 1, windowStart: iso(NOW - 7200), windowEnd: iso(NOW - 3600) });
    const s = scopeDayPlan(input({ crews: [c], orders: [long] }));
    const tt = matrixOf(s.points);
    const starts = crewStarts(s, tt, TYPES);
    const problem = buildProblem(s, tt, starts);
    const plan = solveVrptw(problem, { seed: 1, maxIterations: 100, timeLimitSeconds: Infinity, objective: 'distance' });
    const cmp = comparePlans(s, tt, starts, plan);
    expect(cmp.unassigned).toEqual([{ orderId: long.id, reason: 'window_outside_shifts', priority: 'normal', keptByCrewId: 'a' }]);
    expect(cmp.crews[0]!.after).toEqual([long.id]);
    expect(cmp.crews[0]!.changed).toBe(false);
    expect(cmp.crews[0]!.lateSecondsBefore).toBeGreaterThan(3600);
    expect(cmp.sequences).toEqual([]);
  });
});

describe('day plan horizon', () => {
  const workday = { start: '08:00', end: '17:00' };
  it('is the rest of the working day during it', () => {
    expect(dayPlanHorizon(NOW, { workday, utcOffsetMinutes: -180 })).toEqual({ source: 'workday', start: NOW, end: Date.parse('2026-11-30T20:00:00Z') / 1000 });
  });
  it('starts at the opening before it', () => {
    const early = Date.parse('2026-11-30T09:30:00Z') / 1000; // 06:30 local
    expect(dayPlanHorizon(early, { workday, utcOffsetMinutes: -180 })).toMatchObject({ source: 'workday', start: Date.parse('2026-11-30T11:00:00Z') / 1000 });
  });
  it('after hours, covers a working day\'s length from now', () => {
    const night = Date.parse('2026-12-01T01:00:00Z') / 1000; // 22:00 local
    expect(dayPlanHorizon(night, { workday, utcOffsetMinutes: -180 })).toEqual({ source: 'after_hours', start: night, end: night + 9 * 3600 });
  });
  it('rolls over the next 9 hours when configured so (24/7 operation)', () => {
    expect(parseWorkday('rolling')).toBe('rolling');
    expect(parseWorkday('07:00-15:30')).toEqual({ start: '07:00', end: '15:30' });
    expect(dayPlanHorizon(NOW, { workday: 'rolling', utcOffsetMinutes: -180 })).toEqual({ source: 'rolling', start: NOW, end: NOW + 9 * 3600 });
  });
});
