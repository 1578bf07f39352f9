import { describe, expect, it } from 'vitest';
import type { CrewPlan, Point } from './insertion.ts';
import { offerSlots, workingWindows } from './slots.ts';

const P = (x: number): Point => ({ lat: 0, lon: x });
const travel = (a: Point, b: Point) => Math.abs(a.lon - b.lon) * 100;
// Monday 2026-11-30 06:00 in Montevideo (UTC-3) = 09:00 UTC
const MON_6AM = Date.parse('2026-11-30T09:00:00Z') / 1000;

const crew = (over: Partial<CrewPlan> = {}): CrewPlan => ({
  crewId: 'a', position: P(0), busyUntil: MON_6AM, freeAt: P(0), currentOrderId: null, route: [], shiftEnd: MON_6AM + 12 * 3600,
  skills: [], equipment: [], available: true, ...over,
});
const order = { orderId: 'n', at: P(3), serviceSeconds: 3600, priority: 'normal' as const, requiredSkills: [], requiredEquipment: [] };

describe('appointment slots', () => {
  it('makes two-hour windows on working days, 08–18 local, after the lead time', () => {
    const w = workingWindows({ now: MON_6AM, days: 2, utcOffsetMinutes: -180 });
    const local = (s: number) => new Date((s - 3 * 3600) * 1000).toISOString().slice(0, 16);
    expect(w.map((x) => local(x.start))).toEqual([
      '2026-11-30T08:00', '2026-11-30T10:00', '2026-11-30T12:00', '2026-11-30T14:00', '2026-11-30T16:00',
      '2026-12-01T08:00', '2026-12-01T10:00', '2026-12-01T12:00', '2026-12-01T14:00', '2026-12-01T16:00',
    ]);
    // Friday 17:00 → next working day is Monday
    const fri = Date.parse('2026-12-04T20:00:00Z') / 1000;
    expect(local(workingWindows({ now: fri, days: 1, utcOffsetMinutes: -180 })[0]?.start ?? 0)).toBe('2026-12-07T08:00');
  });

  it('offers only slots that keep the crew\'s other appointments', () => {
    // the crew has an appointment at 6 that must start between 10:00 and 10:15 local
    const appt = MON_6AM + 4 * 3600;
    const c = crew({ route: [{ orderId: 'appt', at: P(6), serviceSeconds: 3600, earliestStart: appt, latestStart: appt + 900 }] });
    const windows = [
      { start: MON_6AM + 2 * 3600, end: MON_6AM + 4 * 3600 }, // 08–10: fits before the appointment
      { start: MON_6AM + 3.5 * 3600, end: MON_6AM + 3.75 * 3600 }, // 09:30–09:45: would make it late
      { start: MON_6AM + 6 * 3600, end: MON_6AM + 8 * 3600 }, // 12–14: after it
    ];
    const offers = offerSlots({ order: { ...order, at: P(-2) }, crews: [c], windows, now: MON_6AM, travel });
    expect(offers.map((o) => o.feasible)).toEqual([true, false, true]);
    expect(offers[0]).toMatchObject({ crewId: 'a', addedTravel: 400 }); // 0→-2→6 instead of 0→6
  });

  it('marks slots past the SLA and scores them worse', () => {
    const windows = [{ start: MON_6AM + 7200, end: MON_6AM + 14400 }, { start: MON_6AM + 86400, end: MON_6AM + 93600 }];
    const offers = offerSlots({ order, crews: [crew({ shiftEnd: MON_6AM + 40 * 3600 })], windows, now: MON_6AM, travel, resolveBy: MON_6AM + 10 * 3600 });
    expect(offers.map((o) => o.breaksSla)).toEqual([false, true]);
    expect((offers[1]?.score ?? 0) - (offers[0]?.score ?? 0)).toBeGreaterThanOrEqual(7200);
  });
});
