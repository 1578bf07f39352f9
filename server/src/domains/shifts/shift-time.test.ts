import { describe, expect, it } from 'vitest';
import { addDays, dateRange, daysBetween, isoWeekday, isoWithOffset, isTimeZone, localInstant, todayIn } from './shift-time.ts';

describe('shift dates and times', () => {
  it('does calendar arithmetic on dates, across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-12-25', '2027-01-08')).toBe(14);
    expect(dateRange('2026-12-30', 3)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
    expect(isoWeekday('2026-12-07')).toBe(1);
    expect(isoWeekday('2026-12-13')).toBe(7);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('places a local clock time in the zone: Montevideo is UTC−3 all year', () => {
    const night = localInstant('2026-12-07', '23:00', 'America/Montevideo');
    expect(new Date(night).toISOString()).toBe('2026-12-08T02:00:00.000Z');
    expect(isoWithOffset(night, 'America/Montevideo')).toBe('2026-12-07T23:00:00-03:00');
    expect(isoWithOffset(night + 8 * 3600_000, 'America/Montevideo')).toBe('2026-12-08T07:00:00-03:00');
    expect(isoWithOffset(localInstant('2026-07-01', '07:00', 'America/Montevideo'), 'America/Montevideo')).toBe('2026-07-01T07:00:00-03:00');
  });

  it('follows daylight saving time where the zone has it', () => {
    // Madrid: CET (+01) in winter, CEST (+02) from 29 March 2026 02:00
    expect(isoWithOffset(localInstant('2026-01-15', '07:00', 'Europe/Madrid'), 'Europe/Madrid')).toBe('2026-01-15T07:00:00+01:00');
    expect(isoWithOffset(localInstant('2026-07-15', '07:00', 'Europe/Madrid'), 'Europe/Madrid')).toBe('2026-07-15T07:00:00+02:00');
    // 23:00 on the eve of the change + 8 h of work ends at 08:00 local (an hour was skipped)
    const eve = localInstant('2026-03-28', '23:00', 'Europe/Madrid');
    expect(isoWithOffset(eve + 8 * 3600_000, 'Europe/Madrid')).toBe('2026-03-29T08:00:00+02:00');
    // a time skipped by the change lands after the gap
    expect(isoWithOffset(localInstant('2026-03-29', '02:30', 'Europe/Madrid'), 'Europe/Madrid')).toBe('2026-03-29T03:30:00+02:00');
  });

  it('knows today in the zone and which zones exist', () => {
    // 01:30 UTC on 8 Dec is still 7 Dec in Montevideo
    expect(todayIn('America/Montevideo', Date.parse('2026-12-08T01:30:00Z'))).toBe('2026-12-07');
    expect(isTimeZone('America/Montevideo')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
