import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pointInPolygon, type AreaGeometry } from './polygon.ts';
import { buildNodeGridIndex } from './nearest-node.ts';
import { haversineRaw } from './spherical.ts';
import { arcRoadClass, loadStreetGraph, OSM_ATTRIBUTION, type StreetGraph, type StreetGraphJson } from './street-graph.ts';
import { pathCoordinates, randomRoute, StreetRouter } from './street-router.ts';

/**
 *   0 ── 1 ── 2        0–1–2–4 is 333 m of residential street;
 *   │         │        0–3–4 is 411 m but 3–4 is a motorway.
 *   3 ─────── 4        5 is an island.   6 hangs off 4 by two parallel edges.
 */
const tiny: StreetGraphJson = {
  nodes: [
    ['n0', 0, 0],
    ['n1', 0.001, 0],
    ['n2', 0.002, 0],
    ['n3', 0, -0.001],
    ['n4', 0.002, -0.001],
    ['n5', 0.01, 0.01],
    ['n6', 0.003, -0.001],
  ],
  edges: [
    [0, 1, 111.2],
    [1, 2, 111.2],
    [2, 4, 111.2],
    [0, 3, 111.2],
    [3, 4, 300],
    [4, 6, 500],
    [4, 6, 120],
  ],
};
const tinyTagged: StreetGraphJson = {
  ...tiny,
  edges: tiny.edges.map(([a, b, l]) => (a === 3 || b === 3 ? [a, b, l, 'motorway'] : [a, b, l, 'residential'])),
};

function isConnected(router: StreetRouter, nodes: readonly number[]): boolean {
  return nodes.every((n, i) => i === 0 || router.arcBetween(nodes[i - 1]!, n) >= 0);
}

describe('loadStreetGraph', () => {
  it('stores each undirected edge as two arcs in CSR form', () => {
    const g = loadStreetGraph(tiny);
    expect(g.nodeCount).toBe(7);
    expect(g.arcCount).toBe(14);
    expect(g.arcOffset[g.nodeCount]).toBe(14);
    expect(g.hasRoadClasses).toBe(false);
    expect(g.attribution).toBe(OSM_ATTRIBUTION);
    expect(g.bbox).toEqual([0, -0.001, 0.01, 0.01]);
  });

  it('never stores an arc shorter than the straight line between its ends', () => {
    const g = loadStreetGraph({ nodes: tiny.nodes, edges: [[0, 2, 1]] });
    expect(g.arcLength[0]).toBeCloseTo(haversineRaw(0, 0, 0, 0.002), 0);
  });

  it('reads highway tags when present', () => {
    const g = loadStreetGraph(tinyTagged);
    expect(g.hasRoadClasses).toBe(true);
    const classes = new Set(Array.from({ length: g.arcCount }, (_, a) => arcRoadClass(g, a)));
    expect(classes).toEqual(new Set(['motorway', 'residential']));
  });

  it('rejects malformed input with a clear message', () => {
    expect(() => loadStreetGraph(null)).toThrow(/not an object/);
    expect(() => loadStreetGraph({ nodes: [] })).toThrow(/"nodes" and "edges"/);
    expect(() => loadStreetGraph({ nodes: [['a', 0, 0]], edges: [[0, 3, 1]] })).toThrow(/edges\[0\] refers to a missing node/);
    expect(() => loadStreetGraph({ nodes: [['a', 'x', 0]], edges: [] })).toThrow(/nodes\[0\]/);
  });
});

describe('StreetRouter on a hand-built graph', () => {
  it('finds the shortest path by length when there are no road classes', () => {
    const router = new StreetRouter(loadStreetGraph(tiny));
    const path = router.shortestPath(0, 4);
    expect(path?.nodes).toEqual([0, 1, 2, 4]);
    expect(path?.lengthM).toBeCloseTo(333.6, 1);
    expect(isConnected(router, path!.nodes)).toBe(true);
    // the only alternative, 0–3–4, is longer
    expect(path!.lengthM).toBeLessThanOrEqual(111.2 + 300);
  });

  it('prefers the faster road class over the shorter street when tags exist', () => {
    const router = new StreetRouter(loadStreetGraph(tinyTagged));
    expect(router.shortestPath(0, 4)?.nodes).toEqual([0, 3, 4]);
  });

  it('takes the shorter of two parallel edges', () => {
    const router = new StreetRouter(loadStreetGraph(tiny));
    expect(router.shortestPath(4, 6)?.lengthM).toBeCloseTo(120, 3);
  });

  it('returns null for an unreachable node and a one-node path to itself', () => {
    const router = new StreetRouter(loadStreetGraph(tiny));
    expect(router.shortestPath(0, 5)).toBeNull();
    expect(router.shortestPath(2, 2)).toEqual({ nodes: [2], lengthM: 0, seconds: 0 });
  });

  it('computes one-to-many travel times that agree with A*', () => {
    const router = new StreetRouter(loadStreetGraph(tiny), { profile: { unknown: 36 } });
    const times = router.travelTimesFrom(0, [4, 5, 0, 4]);
    expect(times[0]).toBeCloseTo(router.shortestPath(0, 4)!.seconds, 6);
    expect(times[0]).toBeCloseTo(333.6 / 10, 1);
    expect(times[1]).toBe(Infinity);
    expect(times[2]).toBe(0);
    expect(times[3]).toBe(times[0]);
  });
});

const here = new URL('.', import.meta.url).pathname;
const referenceDir = [`${here}../../shared/reference/geo`, `${here}../../../shared/reference/geo`].find((d) =>
  existsSync(`${d}/montevideo-drive-graph.osm.json`),
);

describe.skipIf(referenceDir === undefined)('the Montevideo street graph', () => {
  const graph: StreetGraph = loadStreetGraph(JSON.parse(readFileSync(`${referenceDir}/montevideo-drive-graph.osm.json`, 'utf8')));
  const router = new StreetRouter(graph);
  let seed = 7;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;

  it('loads every node and edge', () => {
    expect(graph.nodeCount).toBe(17_846);
    expect(graph.arcCount).toBe(2 * 28_513);
    expect(graph.hasRoadClasses).toBe(false);
  });

  it('lies inside the department of Montevideo', () => {
    const departments = JSON.parse(readFileSync(`${referenceDir}/uy-departments.natural-earth.geojson`, 'utf8')) as {
      features: { properties: { name: string }; geometry: AreaGeometry }[];
    };
    const mvd = departments.features.find((f) => f.properties.name === 'Montevideo')!;
    let inside = 0;
    for (let i = 0; i < graph.nodeCount; i += 97) if (pointInPolygon({ lat: graph.lat[i]!, lon: graph.lon[i]! }, mvd.geometry)) inside++;
    // the 1:10m polygon is coarse along the coast: most, not all, nodes fall inside
    expect(inside / Math.ceil(graph.nodeCount / 97)).toBeGreaterThan(0.9);
  });

  it('finds the same nearest node as a linear scan', () => {
    const index = buildNodeGridIndex(graph);
    for (let k = 0; k < 200; k++) {
      // some queries fall outside the graph on purpose
      const p = { lat: -35.0 + random() * 0.35, lon: -56.5 + random() * 0.55 };
      let best = Infinity;
      for (let i = 0; i < graph.nodeCount; i++) best = Math.min(best, haversineRaw(p.lat, p.lon, graph.lat[i]!, graph.lon[i]!));
      expect(index.nearest(p)?.distanceM).toBeCloseTo(best, 6);
    }
  });

  it('routes between random nodes along connected arcs, as fast as Dijkstra says', () => {
    for (let k = 0; k < 20; k++) {
      const path = randomRoute(router, random, { minMeters: 2000, maxMeters: 12_000 });
      expect(path).not.toBeNull();
      const nodes = path!.nodes;
      expect(isConnected(router, nodes)).toBe(true);
      const [first, last] = [nodes[0]!, nodes[nodes.length - 1]!];
      expect(path!.seconds).toBeCloseTo(router.travelTimesFrom(first, [last])[0]!, 3);
      const straight = haversineRaw(graph.lat[first]!, graph.lon[first]!, graph.lat[last]!, graph.lon[last]!);
      expect(path!.lengthM).toBeGreaterThanOrEqual(straight);
      expect(pathCoordinates(graph, nodes)).toHaveLength(nodes.length);
    }
  });
});
