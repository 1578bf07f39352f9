import { translate, type Locale } from './i18n/messages.ts';

const DASH = '—';

/** Speed arrives in m/s (contracts: VehicleLive.speed); people read km/h. */
export function formatSpeed(metresPerSecond: number | null, locale: Locale): string {
  if (metresPerSecond === null || !Number.isFinite(metresPerSecond)) return DASH;
  const kmh = Math.round(metresPerSecond * 3.6);
  return `${new Intl.NumberFormat(locale).format(kmh)} km/h`;
}

/** "hace 12 s", "hace 2 min" (es-UY) / "12 s ago", "2 min ago" (en). Floors, like a clock. */
export function formatAge(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) return DASH;
  if (seconds < 1) return translate(locale, 'age.future');
  if (seconds < 60) return translate(locale, 'age.seconds', { n: Math.floor(seconds) });
  if (seconds < 3600) return translate(locale, 'age.minutes', { n: Math.floor(seconds / 60) });
  if (seconds < 86_400) return translate(locale, 'age.hours', { n: Math.floor(seconds / 3600) });
  return translate(locale, 'age.days', { n: Math.floor(seconds / 86_400) });
}

const compass: Record<Locale, readonly string[]> = {
  'es-UY': ['N', 'NE', 'E', 'SE', 'S', 'SO', 'O', 'NO'],
  en: ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'],
};

/** Degrees clockwise from north → "135° SE". */
export function formatHeading(degrees: number | null, locale: Locale): string {
  if (degrees === null || !Number.isFinite(degrees)) return DASH;
  const d = ((Math.round(degrees) % 360) + 360) % 360;
  const point = compass[locale][Math.round(d / 45) % 8] ?? '';
  return `${d}° ${point}`;
}

export function formatBattery(percent: number | null, locale: Locale): string {
  if (percent === null || !Number.isFinite(percent)) return DASH;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

export function formatAccuracy(metres: number | null, locale: Locale): string {
  if (metres === null || !Number.isFinite(metres)) return DASH;
  return `± ${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(metres)} m`;
}

/** Latitude, longitude with 5 decimals (≈ 1 m), the order people paste into other tools. */
export function formatCoordinates(lat: number, lon: number): string {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

const clockFormats = new Map<Locale, Intl.DateTimeFormat>();

/** Wall clock in the utility's time zone, whatever the browser's zone is. */
export function formatClock(date: Date, locale: Locale, timeZone = 'America/Montevideo'): string {
  const key = locale;
  let f = timeZone === 'America/Montevideo' ? clockFormats.get(key) : undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    if (timeZone === 'America/Montevideo') clockFormats.set(key, f);
  }
  return f.format(date);
}

export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(n);
}
