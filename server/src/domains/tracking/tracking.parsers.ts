import { z } from 'zod';
import type { DeviceProtocol } from '../../contracts/index.ts';
import type { Fix, ParseResult } from './tracking.types.ts';

/** Largest message accepted from a device (MQTT payload or HTTP body). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const KNOTS_TO_MPS = 1852 / 3600;
const KMH_TO_MPS = 1000 / 3600;

// Shapes only: ranges (lat/lon, time) are checked by the validate step so each gets its reason.
const num = z.number();
const optNum = z.number().nullish();

const vatioFixShape = z.object({
  t: z.union([z.string().max(40), z.number()]),
  lat: num,
  lon: num,
  speed: optNum,
  heading: optNum,
  acc: optNum,
  batt: optNum,
});
const vatioPayloadShape = z.union([vatioFixShape, z.array(vatioFixShape).min(1).max(1000)]);

const owntracksShape = z.object({
  _type: z.string(),
  lat: num.optional(),
  lon: num.optional(),
  tst: num.optional(),
  acc: optNum,
  vel: optNum,
  cog: optNum,
  batt: optNum,
});

const traccarJsonShape = z.object({
  device_id: z.string().min(1).max(64),
  location: z.object({
    timestamp: z.string().max(40),
    coords: z.object({
      latitude: num,
      longitude: num,
      accuracy: optNum,
      speed: optNum,
      heading: optNum,
      altitude: optNum,
    }),
    battery: z.object({ level: optNum, is_charging: z.boolean().nullish() }).nullish(),
  }),
});

function jsonOf(payload: Buffer | string): { ok: true; value: unknown } | { ok: false; detail: string } {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > MAX_PAYLOAD_BYTES) return { ok: false, detail: `payload of ${size} bytes` };
  try {
    return { ok: true, value: JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) };
  } catch {
    return { ok: false, detail: 'not JSON' };
  }
}

/** ISO 8601 text or epoch milliseconds → epoch ms (NaN when unreadable; validate rejects it). */
export function timeFromIsoOrMs(t: string | number): number {
  if (typeof t === 'number') return t;
  // Only ISO 8601-looking text: Date.parse accepts far too much ("1", "May 3").
  return /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
}

/** OsmAnd `timestamp`: epoch seconds, or ms when ≥ 2^31, or ISO 8601 (Traccar's osmand decoder). */
export function osmandTime(v: string | undefined): number {
  if (v === undefined || v === '') return Number.NaN;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return n >= 2 ** 31 ? n : n * 1000;
  }
  return timeFromIsoOrMs(v);
}

const nullIfNegative = (v: number | null | undefined) => (v === null || v === undefined || v < 0 ? null : v);

function fix(
  deviceId: string,
  protocol: DeviceProtocol,
  receivedMs: number,
  f: Omit<Fix, 'deviceId' | 'protocol' | 'receivedMs'>,
): Fix {
  return { deviceId, protocol, receivedMs, ...f };
}

function issue(err: z.ZodError): string {
  const i = err.issues[0];
  return i ? `${i.path.join('.') || 'payload'}: ${i.message}` : 'invalid';
}

/** Vatio JSON (`vatio/v1/devices/{id}/fix`): one fix or an array of buffered fixes; SI units. */
export function parseVatio(payload: Buffer | string, deviceId: string, receivedMs: number): ParseResult {
  const j = jsonOf(payload);
  if (!j.ok) return { ok: false, reason: j.detail.startsWith('payload') ? 'payload_too_large' : 'malformed', detail: j.detail };
  const p = vatioPayloadShape.safeParse(j.value);
  if (!p.success) return { ok: false, reason: 'malformed', detail: issue(p.error) };
  const list = Array.isArray(p.data) ? p.data : [p.data];
  return {
    ok: true,
    fixes: list.map((f) =>
      fix(deviceId, 'vatio', receivedMs, {
        fixMs: timeFromIsoOrMs(f.t),
        lat: f.lat,
        lon: f.lon,
        speed: nullIfNegative(f.speed),
        heading: nullIfNegative(f.heading),
        accuracy: nullIfNegative(f.acc),
        battery: nullIfNegative(f.batt),
      }),
    ),
  };
}

/**
 * OwnTracks JSON on `owntracks/{user}/{device}`. Only `_type: location` carries a fix; `lwt`,
 * `transition` and others are acknowledged and ignored here. `tst` is epoch seconds, `vel` km/h.
 */
export function parseOwnTracks(payload: Buffer | string, deviceId: string, receivedMs: number): ParseResult {
  const j = jsonOf(payload);
  if (!j.ok) return { ok: false, reason: j.detail.startsWith('payload') ? 'payload_too_large' : 'malformed', detail: j.detail };
  const p = owntracksShape.safeParse(j.value);
  if (!p.success) return { ok: false, reason: 'malformed', detail: issue(p.error) };
  const m = p.data;
  if (m._type !== 'location') return { ok: true, fixes: [], ignored: m._type };
  if (m.lat === undefined || m.lon === undefined || m.tst === undefined) {
    return { ok: false, reason: 'malformed', detail: 'location without lat, lon or tst' };
  }
  return {
    ok: true,
    fixes: [
      fix(deviceId, 'owntracks', receivedMs, {
        fixMs: m.tst * 1000,
        lat: m.lat,
        lon: m.lon,
        speed: m.vel === null || m.vel === undefined || m.vel < 0 ? null : m.vel * KMH_TO_MPS,
        heading: nullIfNegative(m.cog),
        accuracy: nullIfNegative(m.acc),
        battery: nullIfNegative(m.batt),
      }),
    ],
  };
}

const numOrNull = (v: string | undefined): number | null => {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
};

/**
 * OsmAnd / Traccar Client query or form parameters. `speed` is knots (Traccar's osmand decoder);
 * `location=lat,lon` may replace `lat` and `lon`.
 */
export function parseOsmandParams(params: Record<string, string | undefined>, receivedMs: number): ParseResult & { deviceId?: string } {
  const deviceId = params['id'] ?? params['deviceid'];
  if (!deviceId) return { ok: false, reason: 'malformed', detail: 'id is required' };
  let lat = numOrNull(params['lat']);
  let lon = numOrNull(params['lon']);
  if ((lat === null || lon === null) && params['location']) {
    const [a, b] = params['location'].split(',');
    lat = numOrNull(a);
    lon = numOrNull(b);
  }
  if (lat === null || lon === null) return { ok: false, reason: 'malformed', detail: 'lat and lon are required', deviceId };
  const speedKnots = numOrNull(params['speed']);
  const battery = numOrNull(params['batt'] ?? params['battery']);
  return {
    ok: true,
    deviceId,
    fixes: [
      fix(deviceId, 'osmand', receivedMs, {
        fixMs: osmandTime(params['timestamp']),
        lat,
        lon,
        speed: speedKnots === null ? null : speedKnots < 0 ? null : speedKnots * KNOTS_TO_MPS,
        heading: nullIfNegative(numOrNull(params['bearing'] ?? params['heading'])),
        accuracy: nullIfNegative(numOrNull(params['accuracy'])),
        battery: nullIfNegative(battery),
      }),
    ],
  };
}

/** Traccar Client JSON (POST application/json): speed m/s, heading deg, negative = unknown, battery 0–1. */
export function parseTraccarJson(body: unknown, receivedMs: number): ParseResult & { deviceId?: string } {
  const p = traccarJsonShape.safeParse(body);
  if (!p.success) return { ok: false, reason: 'malformed', detail: issue(p.error) };
  const { device_id: deviceId, location } = p.data;
  const c = location.coords;
  const level = location.battery?.level;
  return {
    ok: true,
    deviceId,
    fixes: [
      fix(deviceId, 'osmand', receivedMs, {
        fixMs: timeFromIsoOrMs(location.timestamp),
        lat: c.latitude,
        lon: c.longitude,
        speed: nullIfNegative(c.speed),
        heading: nullIfNegative(c.heading),
        accuracy: nullIfNegative(c.accuracy),
        battery: level === null || level === undefined || level < 0 ? null : level * 100,
      }),
    ],
  };
}

export { vatioPayloadShape };
