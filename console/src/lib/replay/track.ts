/** One fix of a replay track: `[epochMs, lon, lat, speedMps | null, heading | null]` (server order). */
export type TrackPoint = readonly [number, number, number, number | null, number | null];

export interface TrackPosition {
  lon: number;
  lat: number;
  /** degrees clockwise from north, from the fix or the direction of travel; null when unknown */
  heading: number | null;
}

/** Index of the last item at or before `t` (binary search; items in time order), -1 if none. */
export function lastIndexAtOrBefore<T>(items: ArrayLike<T>, t: number, timeOf: (item: T) => number = Number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item !== undefined && timeOf(item) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function bearing(a: TrackPoint, b: TrackPoint): number | null {
  if (a[1] === b[1] && a[2] === b[2]) return null;
  const dx = (b[1] - a[1]) * Math.cos((a[2] * Math.PI) / 180);
  const dy = b[2] - a[2];
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/**
 * Where the vehicle was at `t`: linear interpolation between the fixes around it. Before the
 * first fix nothing is known (null); after the last one the vehicle stays where it was last seen.
 */
export function positionAt(points: readonly TrackPoint[], t: number): TrackPosition | null {
  const first = points[0];
  if (!first || t < first[0]) return null;
  // every frame, for every vehicle: no copying of the track
  const i = lastIndexAtOrBefore(points, t, (p) => p[0]);
  const a = points[i] ?? first;
  const b = points[i + 1];
  if (!b || b[0] === a[0]) return { lon: a[1], lat: a[2], heading: a[4] };
  const f = (t - a[0]) / (b[0] - a[0]);
  return { lon: a[1] + (b[1] - a[1]) * f, lat: a[2] + (b[2] - a[2]) * f, heading: a[4] ?? bearing(a, b) };
}

/**
 * The part of a track already driven at `t` (as a deck.gl path), ending at the interpolated
 * position. `coords` is the track's `[lon, lat]` list when the caller already has it (per frame).
 */
export function playedPath(points: readonly TrackPoint[], t: number, coords?: readonly [number, number][]): [number, number][] {
  const here = positionAt(points, t);
  if (!here) return [];
  const end = lastIndexAtOrBefore(points, t, (p) => p[0]);
  const path = coords ? coords.slice(0, end + 1) : points.slice(0, end + 1).map((p): [number, number] => [p[1], p[2]]);
  const last = path[path.length - 1];
  if (!last || last[0] !== here.lon || last[1] !== here.lat) path.push([here.lon, here.lat]);
  return path;
}
