/** The server refuses longer ranges (replay.service MAX_RANGE_MS). */
export const MAX_RANGE_MS = 24 * 3_600_000;
export const DEFAULT_RANGE_MS = 2 * 3_600_000;
export const ZONE = 'America/Montevideo';

export type ReplayTarget =
  | { kind: 'area'; bbox: readonly [number, number, number, number] | null }
  | { kind: 'crew'; crewId: string }
  | { kind: 'order'; orderId: string };

export interface ReplayForm {
  from: number;
  to: number;
  target: ReplayTarget;
}

export type QueryError = 'from-invalid' | 'to-invalid' | 'order' | 'range-order' | 'range-long' | 'crew' | 'bbox';
export type QueryResult = { ok: true; query: string } | { ok: false; field: 'from' | 'to' | 'target'; error: QueryError };

const ORDER_ID = /^OT-\d{7,}$/;
const SLUG = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * Validates the form the way the server does (from < to, at most 24 h, one target) and builds
 * the query string shared by `/api/v1/replay` and its exports. An order's replay sends no range:
 * the server takes the order's own span plus a margin.
 */
export function buildReplayQuery(f: ReplayForm): QueryResult {
  const p = new URLSearchParams();
  if (f.target.kind === 'order') {
    const id = f.target.orderId.trim().toUpperCase();
    if (!ORDER_ID.test(id)) return { ok: false, field: 'target', error: 'order' };
    p.set('orderId', id);
    return { ok: true, query: p.toString() };
  }
  if (!Number.isFinite(f.from)) return { ok: false, field: 'from', error: 'from-invalid' };
  if (!Number.isFinite(f.to)) return { ok: false, field: 'to', error: 'to-invalid' };
  if (!(f.from < f.to)) return { ok: false, field: 'to', error: 'range-order' };
  if (f.to - f.from > MAX_RANGE_MS) return { ok: false, field: 'to', error: 'range-long' };
  p.set('from', new Date(f.from).toISOString());
  p.set('to', new Date(f.to).toISOString());
  if (f.target.kind === 'crew') {
    const id = f.target.crewId.trim();
    if (!SLUG.test(id)) return { ok: false, field: 'target', error: 'crew' };
    p.set('crewId', id);
  } else {
    const b = f.target.bbox;
    if (!b || !(b[0] < b[2] && b[1] < b[3])) return { ok: false, field: 'target', error: 'bbox' };
    p.set('bbox', b.map((n) => n.toFixed(5)).join(','));
  }
  return { ok: true, query: p.toString() };
}

function zoneParts(ms: number, zone: string): Record<string, number> {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const out: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') out[part.type] = Number(part.value);
  return out;
}

/** Offset of `zone` from UTC at `ms`, in ms (Montevideo: −3 h since 2015, no DST). */
function zoneOffset(ms: number, zone: string): number {
  const p = zoneParts(ms, zone);
  const wall = Date.UTC(p['year'] ?? 1970, (p['month'] ?? 1) - 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');

/** `<input type=datetime-local>` value for `ms` as seen in `zone` ("2026-11-28T14:05"). */
export function toZoneInput(ms: number, zone = ZONE): string {
  const p = zoneParts(ms, zone);
  return `${p['year']}-${pad(p['month'])}-${pad(p['day'])}T${pad(p['hour'])}:${pad(p['minute'])}`;
}

/** Reads a datetime-local value as a wall time in `zone`; NaN when not a date. */
export function fromZoneInput(value: string, zone = ZONE): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return NaN;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  const guess = asUtc - zoneOffset(asUtc, zone);
  return asUtc - zoneOffset(guess, zone);
}

/** The form's opening range: the last two hours, to the minute. */
export function defaultRange(now: number): { from: number; to: number } {
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: to - DEFAULT_RANGE_MS, to };
}
