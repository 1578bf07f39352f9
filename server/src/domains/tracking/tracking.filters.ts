import type { DropReason, Fix } from './tracking.types.ts';

export interface FilterLimits {
  maxAgeMs: number;
  maxFutureMs: number;
  maxSpeedKmh: number;
  maxAccuracyM: number;
}

/** A named predicate: returns the reason to drop, or null to keep. */
export interface FixFilter {
  name: string;
  check(fix: Fix, now: number): DropReason | null;
  /** called once a fix has passed every filter */
  accept?(fix: Fix): void;
}

const EARTH_RADIUS_M = 6_371_008.8;
function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Coordinates are finite and on the globe; (0,0) is the classic "no fix yet" value of cheap units. */
export const validCoordinates: FixFilter = {
  name: 'validate.coordinates',
  check: (f) =>
    Number.isFinite(f.lat) &&
    Number.isFinite(f.lon) &&
    Math.abs(f.lat) <= 90 &&
    Math.abs(f.lon) <= 180 &&
    !(f.lat === 0 && f.lon === 0) &&
    [f.speed, f.heading, f.accuracy, f.battery].every((v) => v === null || Number.isFinite(v))
      ? null
      : 'invalid_coordinates',
};

export function validTime(limits: FilterLimits): FixFilter {
  return {
    name: 'validate.time',
    check: (f, now) => {
      if (!Number.isFinite(f.fixMs)) return 'invalid_time';
      if (f.fixMs > now + limits.maxFutureMs) return 'future';
      if (f.fixMs < now - limits.maxAgeMs) return 'too_old';
      return null;
    },
  };
}

export function tooInaccurate(limits: FilterLimits): FixFilter {
  return {
    name: 'filter.inaccurate',
    check: (f) => (f.accuracy !== null && f.accuracy > limits.maxAccuracyM ? 'inaccurate' : null),
  };
}

/**
 * Same device and same fix time seen recently: a QoS 1 redelivery or a unit resending its
 * buffer. The database key (device, fix time) catches older repeats too.
 */
export function duplicateFix(ringSize = 64): FixFilter {
  const recent = new Map<string, { times: Float64Array; next: number }>();
  return {
    name: 'filter.duplicate',
    check: (f) => {
      const r = recent.get(f.deviceId);
      if (!r) return null;
      for (let i = 0; i < r.times.length; i++) if (r.times[i] === f.fixMs) return 'duplicate';
      return null;
    },
    accept: (f) => {
      let r = recent.get(f.deviceId);
      if (!r) {
        r = { times: new Float64Array(ringSize).fill(Number.NaN), next: 0 };
        recent.set(f.deviceId, r);
      }
      r.times[r.next] = f.fixMs;
      r.next = (r.next + 1) % ringSize;
    },
  };
}

/**
 * An implied speed from the last accepted fix above the limit is a GPS glitch. So that one bad
 * anchor cannot reject a unit forever, the third of three fixes in a row that agree with each
 * other is accepted and becomes the new anchor.
 */
export function impossibleJump(limits: FilterLimits): FixFilter {
  const maxMps = (limits.maxSpeedKmh * 1000) / 3600;
  const anchors = new Map<string, { lat: number; lon: number; fixMs: number }>();
  const suspects = new Map<string, { lat: number; lon: number; fixMs: number; count: number }>();
  const implied = (a: { lat: number; lon: number; fixMs: number }, f: Fix) => {
    const dt = Math.abs(f.fixMs - a.fixMs) / 1000;
    const d = haversineM(a.lat, a.lon, f.lat, f.lon);
    // Below one second, allow GPS jitter (50 m) rather than dividing by ~0.
    return dt < 1 ? (d > 50 ? Infinity : 0) : d / dt;
  };
  return {
    name: 'filter.impossible_jump',
    check: (f) => {
      const a = anchors.get(f.deviceId);
      if (!a || implied(a, f) <= maxMps) return null;
      const s = suspects.get(f.deviceId);
      if (s && implied(s, f) <= maxMps) {
        s.count++;
        s.lat = f.lat;
        s.lon = f.lon;
        s.fixMs = f.fixMs;
        if (s.count >= 3) {
          suspects.delete(f.deviceId);
          return null;
        }
      } else {
        suspects.set(f.deviceId, { lat: f.lat, lon: f.lon, fixMs: f.fixMs, count: 1 });
      }
      return 'impossible_jump';
    },
    accept: (f) => {
      const a = anchors.get(f.deviceId);
      // The anchor follows the newest fix; a late (buffered) fix does not move it back.
      if (!a || f.fixMs >= a.fixMs) anchors.set(f.deviceId, { lat: f.lat, lon: f.lon, fixMs: f.fixMs });
      suspects.delete(f.deviceId);
    },
  };
}
