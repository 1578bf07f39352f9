/**
 * Builds the offline basemap data under console/public/geo/ from the reference files
 * (/work/shared/reference/geo, see its SOURCES.md) and world-atlas. Run once when the sources
 * change; the outputs are committed so the build needs neither network nor the reference folder:
 *
 *   npx tsx console/scripts/prepare-geo.ts [referenceDir]
 *
 * Coordinates are truncated (5 decimals ≈ 1 m for streets and departments, 4 for the 1:50m
 * countries) and attributes dropped down to `name`, which keeps the files small.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, '../public/geo');
const refDir = resolve(process.argv[2] ?? '/work/shared/reference/geo');
const require = createRequire(import.meta.url);

function round(coords: unknown, digits: number): unknown {
  if (typeof coords === 'number') {
    const f = 10 ** digits;
    return Math.round(coords * f) / f;
  }
  if (Array.isArray(coords)) return coords.map((c) => round(c, digits));
  return coords;
}

function slim(f: Feature, digits: number, props: Record<string, string | number>): Feature {
  const g = f.geometry as Geometry & { coordinates?: unknown };
  return {
    type: 'Feature',
    properties: props,
    geometry: { ...g, coordinates: round(g.coordinates, digits) } as Geometry,
  };
}

function bbox(g: Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [180, 90, -180, -90];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk((g as { coordinates?: unknown }).coordinates);
  return b;
}

/** Area-weighted centroid of the outer ring (good enough for a label on a convex-ish department). */
function ringCentroid(ring: Position[]): [number, number] {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j] as [number, number];
    const [x1, y1] = ring[i] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    a += cross; cx += (x0 + x1) * cross; cy += (y0 + y1) * cross;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Douglas–Peucker in degrees (planar: fine at a city's scale). */
function simplify(points: Position[], tolerance: number): Position[] {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1; keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    const [ax, ay] = points[first] as [number, number];
    const [bx, by] = points[last] as [number, number];
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let maxD = 0, index = -1;
    for (let i = first + 1; i < last; i++) {
      const [px, py] = points[i] as [number, number];
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
      const ex = ax + t * dx - px, ey = ay + t * dy - py;
      const d = ex * ex + ey * ey;
      if (d > maxD) { maxD = d; index = i; }
    }
    if (index >= 0 && maxD > tolerance * tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

function write(name: string, data: unknown): void {
  const text = JSON.stringify(data);
  writeFileSync(join(outDir, name), text);
  console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
}

mkdirSync(outDir, { recursive: true });

// 1. Countries of South America (Natural Earth 1:50m via world-atlas).
const topo = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const countries = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
const region: [number, number, number, number] = [-85, -60, -30, 15];
const regionFeatures = countries.features.filter((f) => {
  const b = bbox(f.geometry);
  return b[2] >= region[0] && b[0] <= region[2] && b[3] >= region[1] && b[1] <= region[3] && b[2] - b[0] < 180;
});
write('countries.geojson', {
  type: 'FeatureCollection',
  features: regionFeatures.map((f) => slim(f, 4, { name: f.properties.name, iso: String(f.id ?? '') })),
});

// 2. Uruguay's 19 departments + one label point each.
const deps = JSON.parse(readFileSync(join(refDir, 'uy-departments.natural-earth.geojson'), 'utf8')) as FeatureCollection<Geometry, { name: string; code_hasc: string }>;
write('uy-departments.geojson', {
  type: 'FeatureCollection',
  features: deps.features.map((f) => slim(f, 5, { name: f.properties.name, hasc: f.properties.code_hasc })),
});
write('uy-department-labels.json', deps.features.map((f) => {
  const g = f.geometry;
  const ring = g.type === 'Polygon' ? g.coordinates[0] : g.type === 'MultiPolygon' ? g.coordinates[0]?.[0] : undefined;
  const [lon, lat] = ringCentroid(ring ?? []);
  return { name: f.properties.name, lon: Math.round(lon * 1e4) / 1e4, lat: Math.round(lat * 1e4) / 1e4 };
}));

// 3. Montevideo named streets (OpenStreetMap via GeoChicas). Names are dropped (the basemap has
// no glyphs to draw them) and the lines merged into one MultiLineString after a ~1 m
// Douglas–Peucker simplification: that halves the file without a visible change at city zoom.
const streets = JSON.parse(readFileSync(join(refDir, 'montevideo-named-streets.osm.geojson'), 'utf8')) as FeatureCollection<Geometry, { name: string }>;
const lines: Position[][] = [];
for (const f of streets.features) {
  const g = f.geometry;
  const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
  for (const part of parts) {
    const simple = simplify(part, 1e-5).map((c) => round(c, 5) as Position);
    if (simple.length >= 2) lines.push(simple);
  }
}
write('montevideo-streets.geojson', {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } }],
});
