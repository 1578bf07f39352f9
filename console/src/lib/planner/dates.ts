/**
 * Calendar dates of a roster (`YYYY-MM-DD`, the utility's local days). Computed in UTC on
 * purpose: a date is a label, not an instant, so the browser's zone and DST never shift it.
 */

export const UTILITY_TIME_ZONE = 'America/Montevideo';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → UTC midnight of that day; null when not a real date ("2026-02-30"). */
export function parseDate(iso: string): Date | null {
  const m = ISO.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return toIsoDate(d) === iso ? d : null;
}

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `addDays('2026-12-31', 1)` → `'2027-01-01'`. */
export function addDays(iso: string, n: number): string {
  const d = parseDate(iso);
  if (!d) throw new RangeError(`not a date: ${iso}`);
  d.setUTCDate(d.getUTCDate() + n);
  return toIsoDate(d);
}

/** The `days` dates from `start` on. */
export function dateRange(start: string, days: number): string[] {
  return Array.from({ length: Math.max(0, days) }, (_, i) => addDays(start, i));
}

/** ISO weekday: 1 = Monday … 7 = Sunday (the cover rules' numbering). */
export function isoWeekday(iso: string): number {
  const d = parseDate(iso);
  if (!d) throw new RangeError(`not a date: ${iso}`);
  return ((d.getUTCDay() + 6) % 7) + 1;
}

export function isWeekend(iso: string): boolean {
  return isoWeekday(iso) >= 6;
}

/** Today's date where the utility is, whatever zone the browser runs in. */
export function todayIn(timeZone = UTILITY_TIME_ZONE, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The Monday on or after `iso` (rosters usually start on a Monday). */
export function nextMonday(iso: string): string {
  const wd = isoWeekday(iso);
  return wd === 1 ? iso : addDays(iso, 8 - wd);
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  const x = parseDate(a);
  const y = parseDate(b);
  if (!x || !y) throw new RangeError(`not a date: ${x ? b : a}`);
  return Math.round((y.getTime() - x.getTime()) / 86_400_000);
}

/** Column header parts: short weekday and day/month, in the reader's language. */
export function dayHeader(iso: string, locale: string): { weekday: string; date: string } {
  const d = parseDate(iso);
  if (!d) return { weekday: '', date: iso };
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(d).replace('.', '');
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(d);
  return { weekday, date };
}

/** "lun 7/12" style long label for lists and tooltips. */
export function longDate(iso: string, locale: string): string {
  const d = parseDate(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(d);
}

/** "07:00" + 480 min → "07:00–15:00"; past midnight gets "+1" ("22:00–06:00 +1"). */
export function shiftHours(start: string, minutes: number): string {
  const [h = 0, m = 0] = start.split(':').map(Number);
  const endTotal = h * 60 + m + minutes;
  const endDay = Math.floor(endTotal / 1440);
  const end = endTotal % 1440;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${start}–${pad(Math.floor(end / 60))}:${pad(end % 60)}${endDay > 0 ? ` +${endDay}` : ''}`;
}

/** Short form for a Gantt cell: "07–15", "23–07 +1", "14:30–22" (minutes only when not :00). */
export function compactHours(start: string, minutes: number): string {
  const [h = 0, m = 0] = start.split(':').map(Number);
  const endTotal = h * 60 + m + minutes;
  const endDay = Math.floor(endTotal / 1440);
  const end = endTotal % 1440;
  const part = (hh: number, mm: number): string => `${String(hh).padStart(2, '0')}${mm ? `:${String(mm).padStart(2, '0')}` : ''}`;
  return `${part(h, m)}–${part(Math.floor(end / 60), end % 60)}${endDay > 0 ? ` +${endDay}` : ''}`;
}
