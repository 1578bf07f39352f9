import { z } from 'zod';
import { crewShift, type CrewShift } from '../lib/contracts.ts';
import { addDays, dateRange, todayIn, UTILITY_TIME_ZONE } from '../lib/planner/dates.ts';

/** "Mis turnos" shows this many days from today. */
export const SHIFT_DAYS = 14;

export interface ShiftDay {
  date: string;
  today: boolean;
  tomorrow: boolean;
  shifts: CrewShift[];
  /**
   * After the crew's last published shift: the app cannot tell a day off from a day not planned
   * yet (crews do not read rosters), so it says "no shift published" rather than "day off".
   */
  unpublished: boolean;
}

/** The range the app asks the server for: today and the next 13 days (inclusive). */
export function shiftRange(today: string, days = SHIFT_DAYS): { from: string; to: string } {
  return { from: today, to: addDays(today, days - 1) };
}

/** One entry per day from today (days off included, so a crew sees its rest days too). */
export function shiftDays(shifts: readonly CrewShift[], today: string, days = SHIFT_DAYS): ShiftDay[] {
  const byDate = new Map<string, CrewShift[]>();
  for (const s of shifts) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
  const tomorrow = addDays(today, 1);
  const last = shifts.reduce((m, s) => (s.date > m ? s.date : m), '');
  return dateRange(today, days).map((date) => ({
    date,
    today: date === today,
    tomorrow: date === tomorrow,
    shifts: (byDate.get(date) ?? []).sort((a, b) => a.start.localeCompare(b.start)),
    unpublished: date > last,
  }));
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Local start and end (Montevideo, whatever the phone says) and whether it ends the next day. */
export function shiftTimes(s: Pick<CrewShift, 'start' | 'end' | 'date'>, locale: string, timeZone = UTILITY_TIME_ZONE): { start: string; end: string; nextDay: boolean; minutes: number } {
  let f = timeFormats.get(locale + timeZone);
  if (!f) timeFormats.set(locale + timeZone, (f = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })));
  const a = new Date(s.start);
  const b = new Date(s.end);
  const endDate = todayIn(timeZone, b);
  return { start: f.format(a), end: f.format(b), nextDay: endDate > s.date, minutes: Math.round((b.getTime() - a.getTime()) / 60_000) };
}

/**
 * When the shift's break may start, on the utility's clock, and its length; null without one.
 * @example breakTimes({ break: { earliest: '…T15:00:00Z', latest: '…T17:00:00Z', minutes: 30 } }, 'es-UY') → { from: '12:00', to: '14:00', minutes: 30 }
 */
export function breakTimes(s: Pick<CrewShift, 'break'>, locale: string, timeZone = UTILITY_TIME_ZONE): { from: string; to: string; minutes: number } | null {
  if (!s.break) return null;
  const { start, end } = shiftTimes({ start: s.break.earliest, end: s.break.latest, date: '' }, locale, timeZone);
  return { from: start, to: end, minutes: s.break.minutes };
}

export function hoursLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** "sábado 28 de noviembre" in the reader's language (the date is a label: read in UTC). */
export function dayLabel(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/**
 * The last shifts seen, kept on the phone so "Mis turnos" opens without signal (same idea as the
 * orders cache). Per user: a shared phone must not show the previous crew's shifts.
 */
export const shiftsCache = z.object({ userId: z.number(), from: z.string(), to: z.string(), shifts: z.array(crewShift), savedAt: z.string() });
export type ShiftsCache = z.infer<typeof shiftsCache>;

const KEY = 'vatio.crew.shifts';

export function loadShiftsCache(userId: number, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ShiftsCache | null {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    const parsed = shiftsCache.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.userId === userId ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveShiftsCache(c: ShiftsCache, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(c));
  } catch {
    // full or blocked storage: the list still shows while online
  }
}

export function clearShiftsCache(storage: Pick<Storage, 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}
