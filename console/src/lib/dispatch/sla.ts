import type { WorkOrder } from '../contracts.ts';
import { translate, type Locale } from '../i18n/messages.ts';

/** Which promise the clock is running against: arriving (respond) until on site, then resolving. */
export type SlaKind = 'respond' | 'resolve';

export interface SlaState {
  kind: SlaKind;
  /** ms left; negative once breached */
  leftMs: number;
  breached: boolean;
}

const BEFORE_ARRIVAL = new Set<WorkOrder['status']>(['new', 'scheduled', 'assigned', 'dispatched', 'acknowledged', 'en_route']);

/**
 * The SLA that matters now: `respondBy` until the crew is on site (the response promise), then
 * `resolveBy`. A response already breached stays breached (it is what the utility reports).
 *
 * @example slaAt({ status: 'new', respondBy: '2026-01-01T12:00:00Z', … }, Date.parse('2026-01-01T11:00:00Z'))
 *   // { kind: 'respond', leftMs: 3_600_000, breached: false }
 */
export function slaAt(order: Pick<WorkOrder, 'status' | 'respondBy' | 'resolveBy'>, nowMs: number): SlaState {
  const kind: SlaKind = BEFORE_ARRIVAL.has(order.status) ? 'respond' : 'resolve';
  const leftMs = Date.parse(kind === 'respond' ? order.respondBy : order.resolveBy) - nowMs;
  return { kind, leftMs, breached: leftMs <= 0 };
}

/** "2 h 10 min", "45 min", "3 d 4 h", "< 1 min" — floors like a countdown; sign ignored. */
export function formatDuration(ms: number, locale: Locale): string {
  const totalMin = Math.floor(Math.abs(ms) / 60_000);
  if (totalMin < 1) return translate(locale, 'dispatch.duration.lessThanMinute');
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** Countdown text for a row: "2 h 10 min" or "vencida hace 12 min". */
export function formatSla(sla: SlaState, locale: Locale): string {
  if (!sla.breached) return formatDuration(sla.leftMs, locale);
  return translate(locale, 'dispatch.sla.breachedFor', { duration: formatDuration(sla.leftMs, locale) });
}
