import type { LatLon } from './lat-lon.ts';

/** A GeoJSON position: `[lon, lat]` (extra members such as altitude are ignored). */
export type Position = readonly number[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: readonly (readonly Position[])[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: readonly (readonly (readonly Position[])[])[];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** Even–odd ray casting on one linear ring (planar in lon/lat, fine for department-sized areas). */
function inRing(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]?.[0] ?? 0;
    const yi = ring[i]?.[1] ?? 0;
    const xj = ring[j]?.[0] ?? 0;
    const yj = ring[j]?.[1] ?? 0;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygonRings(rings: readonly (readonly Position[])[], lon: number, lat: number): boolean {
  const outer = rings[0];
  if (outer === undefined || !inRing(outer, lon, lat)) return false;
  // RFC 7946 §3.1.6: rings after the first are holes
  for (let k = 1; k < rings.length; k++) {
    const hole = rings[k];
    if (hole !== undefined && inRing(hole, lon, lat)) return false;
  }
  return true;
}

/**
 * Whether a point lies inside a GeoJSON Polygon or MultiPolygon (holes excluded). Points exactly
 * on an edge may fall either way.
 *
 * @example
 * const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } as const;
 * pointInPolygon({ lat: 0.5, lon: 0.5 }, square); // true
 */
export function pointInPolygon(p: LatLon, geometry: AreaGeometry): boolean {
  if (geometry.type === 'Polygon') return inPolygonRings(geometry.coordinates, p.lon, p.lat);
  return geometry.coordinates.some((poly) => inPolygonRings(poly, p.lon, p.lat));
}
