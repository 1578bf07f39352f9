import { describe, expect, it } from 'vitest';
import type { CrewShift } from '../lib/contracts.ts';
import { breakTimes, dayLabel, hoursLabel, loadShiftsCache, saveShiftsCache, shiftDays, shiftRange, shiftTimes } from './shifts.ts';

const shift = (date: string, code: string, start: string, end: string): CrewShift => ({ crewId: 'c1', date, shiftCode: code, name: code === 'N' ? 'Noche' : 'Día', color: '#123456', start, end, rosterId: 'RS-000001' });

describe('crew shifts', () => {
  it('lists fourteen days from today, days off included, today and tomorrow marked', () => {
    const days = shiftDays([shift('2026-11-30', 'D', '2026-11-30T10:00:00Z', '2026-11-30T18:00:00Z'), shift('2026-11-28', 'N', '2026-11-29T01:00:00Z', '2026-11-29T09:00:00Z')], '2026-11-28');
    expect(days).toHaveLength(14);
    expect(days[0]).toMatchObject({ date: '2026-11-28', today: true, tomorrow: false });
    expect(days[0]?.shifts.map((s) => s.shiftCode)).toEqual(['N']);
    expect(days[1]).toMatchObject({ date: '2026-11-29', today: false, tomorrow: true, shifts: [] });
    expect(days[2]?.shifts.map((s) => s.shiftCode)).toEqual(['D']);
    expect(days[13]?.date).toBe('2026-12-11');
    // a day off between shifts is a day off; after the last published shift nothing is known yet
    expect(days.map((d) => d.unpublished).indexOf(true)).toBe(3);
    expect(days[1]?.unpublished).toBe(false);
    expect(shiftRange('2026-11-28')).toEqual({ from: '2026-11-28', to: '2026-12-11' });
  });
  it('shows times in Montevideo and says when a night shift ends the next day', () => {
    // 22:00–06:00 Montevideo (UTC−3)
    const t = shiftTimes(shift('2026-11-28', 'N', '2026-11-29T01:00:00Z', '2026-11-29T09:00:00Z'), 'es-UY');
    expect(t).toEqual({ start: '22:00', end: '06:00', nextDay: true, minutes: 480 });
    expect(shiftTimes(shift('2026-11-30', 'D', '2026-11-30T10:00:00Z', '2026-11-30T18:00:00Z'), 'es-UY').nextDay).toBe(false);
    expect(hoursLabel(450)).toBe('7 h 30 min');
    expect(dayLabel('2026-11-28', 'es-UY')).toBe('sábado, 28 de noviembre');
  });
  it('says when the break may start, on the Montevideo clock, and none without one', () => {
    const day = shift('2026-11-30', 'D', '2026-11-30T10:00:00Z', '2026-11-30T18:00:00Z');
    expect(breakTimes(day, 'es-UY')).toBeNull();
    // 12:00–14:00 Montevideo (UTC−3), 30 minutes
    expect(breakTimes({ ...day, break: { earliest: '2026-11-30T15:00:00Z', latest: '2026-11-30T17:00:00Z', minutes: 30 } }, 'es-UY')).toEqual({ from: '12:00', to: '14:00', minutes: 30 });
  });
  it("keeps the last shifts per user, and never shows another user's", () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    saveShiftsCache({ userId: 7, from: '2026-11-28', to: '2026-12-11', shifts: [shift('2026-11-30', 'D', '2026-11-30T10:00:00Z', '2026-11-30T18:00:00Z')], savedAt: '2026-11-28T12:00:00Z' }, storage);
    expect(loadShiftsCache(7, storage)?.shifts).toHaveLength(1);
    expect(loadShiftsCache(8, storage)).toBeNull();
    mem.set('vatio.crew.shifts', '{broken');
    expect(loadShiftsCache(7, storage)).toBeNull();
  });
});
