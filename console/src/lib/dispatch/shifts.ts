import type { CrewShift } from '../contracts.ts';

export const SHIFT_TIME_ZONE = 'America/Montevideo';

/** `YYYY-MM-DD` of an instant in the utility's time zone. */
export function localDate(ms: number, timeZone = SHIFT_TIME_ZONE): string {
  // en-CA formats dates as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** The dates to ask `/shifts` for: yesterday (a night shift may still be running) and today. */
export function shiftQueryRange(nowMs: number, timeZone = SHIFT_TIME_ZONE): { from: string; to: string } {
  return { from: localDate(nowMs - 24 * 3600_000, timeZone), to: localDate(nowMs, timeZone) };
}

export type ShiftState = 'on' | 'before' | 'after';

export interface CrewShiftToday {
  shift: CrewShift;
  /** now inside the shift, before its start, or after its end */
  state: ShiftState;
}

/**
 * Each crew's shift for "now": the one running, else today's (local date) next or last one.
 * Crews without a shift today are absent.
 */
export function shiftsNow(shifts: readonly CrewShift[], nowMs: number, timeZone = SHIFT_TIME_ZONE): Map<string, CrewShiftToday> {
  const today = localDate(nowMs, timeZone);
  const out = new Map<string, CrewShiftToday>();
  const rank = (s: ShiftState): number => (s === 'on' ? 0 : s === 'before' ? 1 : 2);
  for (const shift of shifts) {
    const start = Date.parse(shift.start);
    const end = Date.parse(shift.end);
    if (!Number.isFinite(start) || !Number.isFinite(end)) continue;
    const state: ShiftState = nowMs < start ? 'before' : nowMs >= end ? 'after' : 'on';
    // yesterday's shifts only matter while they run (a night shift past midnight)
    if (shift.date !== today && state !== 'on') continue;
    const held = out.get(shift.crewId);
    if (!held || rank(state) < rank(held.state) || (state === held.state && start < Date.parse(held.shift.start))) {
      out.set(shift.crewId, { shift, state });
    }
  }
  return out;
}

/** "07:00–15:00" in the utility's time zone. */
export function shiftHours(shift: CrewShift, locale: string, timeZone = SHIFT_TIME_ZONE): string {
  const f = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${f.format(new Date(shift.start))}–${f.format(new Date(shift.end))}`;
}

/** A short tag for the shift's code ("M" for a morning shift coded `M` or `morning`). */
export function shiftTag(shift: CrewShift): string {
  return shift.shiftCode.length <= 3 ? shift.shiftCode.toUpperCase() : (shift.shiftCode[0] ?? '?').toUpperCase();
}

/** Black or white text, whichever reads better on the shift's colour (WCAG relative luminance). */
export function inkOn(hex: string): '#000' | '#fff' {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000';
  const lin = (h: string): number => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(m[1]!) + 0.7152 * lin(m[2]!) + 0.0722 * lin(m[3]!);
  return l > 0.179 ? '#000' : '#fff';
}
