import type { DeviceProtocol, VatioFix } from '../../server/src/contracts/index.ts';
import { topics } from '../../server/src/contracts/index.ts';
import type { Fix } from './gps-unit.ts';

/** One thing to transmit: an MQTT publish or an HTTP GET. */
export type OutboundMessage =
  | { transport: 'mqtt'; topic: string; payload: string }
  | { transport: 'http'; url: string };

/** Who a device is on the wire. */
export interface DeviceIdentity {
  deviceId: string;
  protocol: DeviceProtocol;
  secret: string;
  /** OwnTracks topic user part */
  owntracksUser: string;
  /** OwnTracks tracker id: two characters shown on the map */
  tid: string;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
/** headings are [0, 360): 359.96 must not round up to 360.0 */
const roundHeading = (h: number): number => round(h, 1) % 360;

/** Vatio's fix: SI units (speed m/s), `t` in epoch ms. */
export function vatioFixOf(fix: Fix): VatioFix {
  return {
    t: fix.t,
    lat: round(fix.lat, 6),
    lon: round(fix.lon, 6),
    speed: round(fix.speed, 2),
    heading: roundHeading(fix.heading),
    acc: Math.round(fix.acc),
    batt: Math.round(fix.batt),
  };
}

/** The largest array the server accepts in one Vatio message (contracts: `vatioFixPayload`). */
export const VATIO_MAX_BATCH = 1000;

/** One message for a single fix; buffered bursts go as JSON arrays (oldest first), chunked. */
export function vatioMessages(deviceId: string, fixes: readonly Fix[]): OutboundMessage[] {
  const topic = topics.deviceFix(deviceId);
  if (fixes.length === 1) return [{ transport: 'mqtt', topic, payload: JSON.stringify(vatioFixOf(fixes[0]!)) }];
  const out: OutboundMessage[] = [];
  for (let i = 0; i < fixes.length; i += VATIO_MAX_BATCH) {
    out.push({ transport: 'mqtt', topic, payload: JSON.stringify(fixes.slice(i, i + VATIO_MAX_BATCH).map(vatioFixOf)) });
  }
  return out;
}

/** OwnTracks `location` message (https://owntracks.org/booklet/tech/json/). */
export interface OwnTracksLocation {
  _type: 'location';
  lat: number;
  lon: number;
  /** epoch seconds of the fix */
  tst: number;
  /** km/h, integer */
  vel: number;
  /** course over ground, degrees, integer */
  cog: number;
  /** metres, integer */
  acc: number;
  /** percent, integer */
  batt: number;
  tid: string;
}

export function owntracksLocationOf(fix: Fix, tid: string): OwnTracksLocation {
  return {
    _type: 'location',
    lat: round(fix.lat, 6),
    lon: round(fix.lon, 6),
    tst: Math.floor(fix.t / 1000),
    // OwnTracks `vel` is km/h (booklet: "velocity (iOS,Android/integer/kmh/optional)")
    vel: Math.round(fix.speed * 3.6),
    cog: Math.round(fix.heading) % 360,
    acc: Math.round(fix.acc),
    batt: Math.round(fix.batt),
    tid,
  };
}

/** OwnTracks has no batch message: a buffered burst is several messages with older `tst`. */
export function owntracksMessages(user: string, deviceId: string, tid: string, fixes: readonly Fix[]): OutboundMessage[] {
  const topic = topics.owntracks(user, deviceId);
  return fixes.map((f) => ({ transport: 'mqtt', topic, payload: JSON.stringify(owntracksLocationOf(f, tid)) }));
}

/** m/s → knots (1 kn = 1852 m / 3600 s); OsmAnd / Traccar Client send speed in knots. */
export const MS_TO_KNOTS = 3600 / 1852;

/** Query parameters of the OsmAnd protocol as Traccar Client sends them. */
export function osmandParams(fix: Fix, deviceId: string, secret: string): URLSearchParams {
  return new URLSearchParams({
    id: deviceId,
    lat: round(fix.lat, 6).toString(),
    lon: round(fix.lon, 6).toString(),
    timestamp: Math.floor(fix.t / 1000).toString(),
    speed: round(fix.speed * MS_TO_KNOTS, 2).toString(),
    bearing: roundHeading(fix.heading).toString(),
    accuracy: Math.round(fix.acc).toString(),
    batt: Math.round(fix.batt).toString(),
    key: secret,
  });
}

/** One GET per fix, oldest first (Traccar Client replays its buffer the same way). */
export function osmandRequests(baseUrl: string, deviceId: string, secret: string, fixes: readonly Fix[]): OutboundMessage[] {
  const base = baseUrl.replace(/\/+$/, '');
  return fixes.map((f) => ({ transport: 'http', url: `${base}/ingest/osmand?${osmandParams(f, deviceId, secret).toString()}` }));
}

/** What a device sends for `fixes` (one fix, or a buffered burst, oldest first). */
export function encodeFixes(device: DeviceIdentity, baseUrl: string, fixes: readonly Fix[]): OutboundMessage[] {
  if (fixes.length === 0) return [];
  switch (device.protocol) {
    case 'vatio':
      return vatioMessages(device.deviceId, fixes);
    case 'owntracks':
      return owntracksMessages(device.owntracksUser, device.deviceId, device.tid, fixes);
    case 'osmand':
      return osmandRequests(baseUrl, device.deviceId, device.secret, fixes);
  }
}
