import type { LatLon } from './lat-lon.ts';
import { haversineMeters, initialBearing, interpolate } from './spherical.ts';

/**
 * Cumulative distance in metres at each vertex of a polyline (first is 0, last is the length).
 *
 * @example
 * cumulativeDistances([{ lat: 0, lon: 0 }, { lat: 0, lon: 0.001 }]); // Float64Array [0, ≈111.2]
 */
export function cumulativeDistances(line: readonly LatLon[]): Float64Array {
  const out = new Float64Array(line.length);
  for (let i = 1; i < line.length; i++) {
    out[i] = (out[i - 1] ?? 0) + haversineMeters(line[i - 1] as LatLon, line[i] as LatLon);
  }
  return out;
}

/**
 * Length of a polyline in metres.
 *
 * @example
 * polylineLength([{ lat: 0, lon: 0 }, { lat: 0, lon: 0.001 }, { lat: 0.001, lon: 0.001 }]); // ≈ 222.4
 */
export function polylineLength(line: readonly LatLon[]): number {
  const c = cumulativeDistances(line);
  return c.length === 0 ? 0 : (c[c.length - 1] ?? 0);
}

/** Where a point along a polyline lies: position, heading of the segment, segment index. */
export interface PointAlong {
  point: LatLon;
  /** degrees clockwise from north of the segment the point is on */
  heading: number;
  /** index of the segment's first vertex */
  segment: number;
}

/**
 * The point `distanceM` metres along a polyline (clamped to its ends), with the heading of the
 * segment it falls on. Pass precomputed `cumulative` (from {@link cumulativeDistances}) when
 * calling repeatedly on the same line.
 *
 * @example
 * pointAlongPolyline([{ lat: 0, lon: 0 }, { lat: 0, lon: 0.002 }], 111.2).point; // ≈ { lat: 0, lon: 0.001 }
 */
export function pointAlongPolyline(
  line: readonly LatLon[],
  distanceM: number,
  cumulative: Float64Array = cumulativeDistances(line),
): PointAlong {
  const first = line[0];
  if (first === undefined) throw new RangeError('pointAlongPolyline: empty polyline');
  if (line.length === 1) return { point: { ...first }, heading: 0, segment: 0 };
  const total = cumulative[cumulative.length - 1] ?? 0;
  const d = Math.max(0, Math.min(total, distanceM));
  // binary search for the segment [i, i+1] with cumulative[i] <= d < cumulative[i+1]
  let lo = 0;
  let hi = line.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((cumulative[mid] ?? 0) <= d) lo = mid;
    else hi = mid - 1;
  }
  const a = line[lo] as LatLon;
  const b = line[lo + 1] as LatLon;
  const segLen = (cumulative[lo + 1] ?? 0) - (cumulative[lo] ?? 0);
  const t = segLen > 0 ? (d - (cumulative[lo] ?? 0)) / segLen : 0;
  return { point: interpolate(a, b, t), heading: initialBearing(a, b), segment: lo };
}
