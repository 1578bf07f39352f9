import { EARTH_RADIUS_M, normalizeBearing, normalizeLongitude, toDegrees, toRadians, type LatLon } from './lat-lon.ts';

/**
 * Great-circle distance in metres (haversine formula on a sphere of radius {@link EARTH_RADIUS_M}).
 *
 * @example
 * haversineMeters({ lat: -34.9011, lon: -56.1645 }, { lat: -34.9627, lon: -54.9451 }); // ≈ 111_400 (Montevideo → Punta del Este)
 */
export function haversineMeters(a: LatLon, b: LatLon): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * Haversine on raw coordinates, for hot loops over typed arrays (no object allocation).
 *
 * @example
 * haversineRaw(-34.9, -56.16, -34.9, -56.15); // ≈ 912
 */
export function haversineRaw(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * Initial bearing (forward azimuth) from `a` to `b`, degrees clockwise from true north in [0, 360).
 *
 * @example
 * initialBearing({ lat: 0, lon: 0 }, { lat: 0, lon: 1 }); // 90 (due east)
 */
export function initialBearing(a: LatLon, b: LatLon): number {
  const φ1 = toRadians(a.lat);
  const φ2 = toRadians(b.lat);
  const Δλ = toRadians(b.lon - a.lon);
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return normalizeBearing(toDegrees(Math.atan2(y, x)));
}

/**
 * The point reached travelling `distanceM` metres from `origin` on the initial bearing
 * `bearingDeg` along a great circle.
 *
 * @example
 * destinationPoint({ lat: -34.9, lon: -56.16 }, 0, 1000); // ≈ { lat: -34.891, lon: -56.16 }
 */
export function destinationPoint(origin: LatLon, bearingDeg: number, distanceM: number): LatLon {
  const δ = distanceM / EARTH_RADIUS_M;
  const θ = toRadians(bearingDeg);
  const φ1 = toRadians(origin.lat);
  const λ1 = toRadians(origin.lon);
  const sinφ2 = Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ);
  const φ2 = Math.asin(Math.max(-1, Math.min(1, sinφ2)));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * sinφ2);
  return { lat: toDegrees(φ2), lon: normalizeLongitude(toDegrees(λ2)) };
}

/**
 * Linear interpolation between two nearby points (`t` = 0 → `a`, 1 → `b`). For the short
 * segments of a street graph (< a few km) the error against the great circle is negligible.
 *
 * @example
 * interpolate({ lat: 0, lon: 0 }, { lat: 0, lon: 2 }, 0.25); // { lat: 0, lon: 0.5 }
 */
export function interpolate(a: LatLon, b: LatLon, t: number): LatLon {
  return { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t };
}
