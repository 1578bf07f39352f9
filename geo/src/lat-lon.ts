/** A WGS84 position in decimal degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/**
 * Mean Earth radius in metres (IUGG R1 = 6,371,008.8 m), the usual choice for haversine
 * distances; the spherical model errs by at most ~0.5 % against the WGS84 ellipsoid.
 */
export const EARTH_RADIUS_M = 6_371_008.8;

export const toRadians = (deg: number): number => (deg * Math.PI) / 180;
export const toDegrees = (rad: number): number => (rad * 180) / Math.PI;

/** Normalises an angle in degrees to [0, 360). */
export function normalizeBearing(deg: number): number {
  const r = deg % 360;
  return r < 0 ? r + 360 : r;
}

/** Normalises a longitude in degrees to [-180, 180). */
export function normalizeLongitude(deg: number): number {
  return normalizeBearing(deg + 180) - 180;
}
