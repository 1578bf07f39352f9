import { z } from 'zod';
import type { LatLon } from '../../geo/src/index.ts';

/** A town the simulator can place vehicles in. */
export interface Locality extends LatLon {
  name: string;
  department: string;
  population: number;
}

// uy-localities.simplemaps.json: SimpleMaps basic records, all values strings (see SOURCES.md)
const simplemapsRecord = z.object({
  city: z.string().min(1),
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  admin_name: z.string(),
  population: z.coerce.number().int().min(0),
});

/** Attribution required by the SimpleMaps basic licence (CC BY 4.0). */
export const SIMPLEMAPS_ATTRIBUTION = 'simplemaps.com (https://simplemaps.com/data/world-cities), CC BY 4.0';

/**
 * Localities outside the Montevideo department (Montevideo has the street graph), from the parsed
 * SimpleMaps JSON; records that do not parse are skipped.
 */
export function parseLocalities(json: unknown): Locality[] {
  const rows = z.array(z.unknown()).parse(json);
  const out: Locality[] = [];
  for (const row of rows) {
    const r = simplemapsRecord.safeParse(row);
    if (!r.success || r.data.admin_name === 'Montevideo' || r.data.population <= 0) continue;
    out.push({ name: r.data.city, department: r.data.admin_name, lat: r.data.lat, lon: r.data.lng, population: r.data.population });
  }
  return out;
}

/** A few large towns, used when the reference files are not available. */
export const FALLBACK_LOCALITIES: readonly Locality[] = [
  { name: 'Salto', department: 'Salto', lat: -31.3833, lon: -57.95, population: 124_878 },
  { name: 'Paysandú', department: 'Paysandú', lat: -32.3214, lon: -58.0756, population: 76_429 },
  { name: 'Las Piedras', department: 'Canelones', lat: -34.7302, lon: -56.2192, population: 69_222 },
  { name: 'Rivera', department: 'Rivera', lat: -30.9025, lon: -55.5506, population: 64_465 },
  { name: 'Maldonado', department: 'Maldonado', lat: -34.9, lon: -54.95, population: 62_590 },
];

/** How far from its centre a town's loops wander: grows with the square root of population. */
export function cityRadiusMeters(population: number): number {
  return Math.min(5000, Math.max(800, 600 * Math.sqrt(population / 10_000)));
}
