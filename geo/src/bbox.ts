import type { LatLon } from './lat-lon.ts';
import { EARTH_RADIUS_M, toDegrees, toRadians } from './lat-lon.ts';

/** A bounding box `[west, south, east, north]` in degrees (GeoJSON / RFC 7946 order). */
export type BBox = [west: number, south: number, east: number, north: number];

/**
 * Bounding box of a set of points; throws on an empty set.
 *
 * @example
 * bboxOf([{ lat: -34.9, lon: -56.2 }, { lat: -34.8, lon: -56.1 }]); // [-56.2, -34.9, -56.1, -34.8]
 */
export function bboxOf(points: Iterable<LatLon>): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of points) {
    if (p.lon < w) w = p.lon;
    if (p.lon > e) e = p.lon;
    if (p.lat < s) s = p.lat;
    if (p.lat > n) n = p.lat;
  }
  if (w === Infinity) throw new RangeError('bboxOf: no points');
  return [w, s, e, n];
}

/**
 * Whether a point lies inside (or on the edge of) a bbox. Boxes crossing the antimeridian
 * (west > east) are handled.
 *
 * @example
 * bboxContains([-56.42, -34.94, -56.03, -34.70], { lat: -34.9, lon: -56.16 }); // true
 */
export function bboxContains(box: BBox, p: LatLon): boolean {
  const [w, s, e, n] = box;
  if (p.lat < s || p.lat > n) return false;
  return w <= e ? p.lon >= w && p.lon <= e : p.lon >= w || p.lon <= e;
}

/**
 * Whether two bboxes overlap (touching counts). Assumes neither crosses the antimeridian.
 *
 * @example
 * bboxIntersects([0, 0, 1, 1], [1, 1, 2, 2]); // true
 */
export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Grows a bbox by `meters` on every side (approximate, uses the latitude of its centre).
 *
 * @example
 * bboxExpand([-56.2, -34.9, -56.1, -34.8], 1000); // ≈ [-56.211, -34.909, -56.089, -34.791]
 */
export function bboxExpand(box: BBox, meters: number): BBox {
  const dLat = toDegrees(meters / EARTH_RADIUS_M);
  const midLat = toRadians((box[1] + box[3]) / 2);
  const dLon = dLat / Math.max(1e-9, Math.cos(midLat));
  return [box[0] - dLon, Math.max(-90, box[1] - dLat), box[2] + dLon, Math.min(90, box[3] + dLat)];
}

/**
 * Centre of a bbox (not antimeridian-aware).
 *
 * @example
 * bboxCenter([0, 0, 2, 2]); // { lat: 1, lon: 1 }
 */
export function bboxCenter(box: BBox): LatLon {
  return { lat: (box[1] + box[3]) / 2, lon: (box[0] + box[2]) / 2 };
}
