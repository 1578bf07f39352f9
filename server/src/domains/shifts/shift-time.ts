/**
 * Calendar dates and local times of the utility. A date (`YYYY-MM-DD`) is a label of a local
 * day, computed in UTC arithmetic so no zone or DST ever shifts it; an instant is made only when
 * a local date and clock time are placed in the utility's time zone (`SHIFT_TIME_ZONE`).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → UTC midnight of that day in ms; throws on a date that does not exist. */
export function dateMs(iso: string): number {
  const m = ISO_DATE.exec(iso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) throw new RangeError(`not a date: ${iso}`);
  return ms;
}

/** `addDays('2026-12-31', 1)` → `'2027-01-01'`. */
export function addDays(iso: string, n: number): string {
  return new Date(dateMs(iso) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateMs(b) - dateMs(a)) / 86_400_000);
}

/** The `days` dates from `start` on. */
export function dateRange(start: string, days: number): string[] {
  return Array.from({ length: Math.max(0, days) }, (_, i) => addDays(start, i));
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  return ((new Date(dateMs(iso)).getUTCDay() + 6) % 7) + 1;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone (`America/Montevideo`). */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at instant `ms`, in minutes (Montevideo: −180). */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (t: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant (ms) at which local `date` `time` happens in `timeZone`. The offset is read at the
 * naive guess and read again at the result, which settles DST changes (a clock time skipped by a
 * spring-forward lands after the gap, as in RFC 5545 §3.3.5).
 */
export function localInstant(date: string, time: string, timeZone: string): number {
  const [h, m] = time.split(':').map(Number);
  const naive = dateMs(date) + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
  const first = naive - zoneOffsetMinutes(timeZone, naive) * 60_000;
  const second = naive - zoneOffsetMinutes(timeZone, first) * 60_000;
  return second;
}

/** ISO 8601 with the zone's offset at that instant: `2026-12-01T23:00:00-03:00`. */
export function isoWithOffset(ms: number, timeZone: string): string {
  const off = zoneOffsetMinutes(timeZone, ms);
  const local = new Date(ms + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Today's date where the utility is. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return new Date(now + zoneOffsetMinutes(timeZone, now) * 60_000).toISOString().slice(0, 10);
}
