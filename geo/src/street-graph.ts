import type { BBox } from './bbox.ts';
import { roadClasses, roadClassOf, type RoadClass } from './road-class.ts';
import { haversineRaw } from './spherical.ts';

/**
 * Attribution the product must show wherever the Montevideo street graph (or anything derived
 * from it, such as network travel times or simulated routes) is used. ODbL 1.0 §4.3.
 */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors. Data available under the Open Database License.';

/**
 * The JSON of `montevideo-drive-graph.osm.json` (OSMnx export, see shared/reference/geo/SOURCES.md):
 * nodes are `[osmId, lon, lat]`; edges `[a, b, lengthM]` index into `nodes` and are undirected.
 * An optional fourth edge member carries the OSM `highway` tag when a richer export provides it.
 */
export interface StreetGraphJson {
  name?: string;
  source?: string;
  attribution?: string;
  bounds?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  nodes: ReadonlyArray<readonly [string, number, number]>;
  edges: ReadonlyArray<readonly [number, number, number] | readonly [number, number, number, string]>;
}

/**
 * A compact, read-only street graph in compressed-sparse-row form: the arcs leaving node `i` are
 * `arcOffset[i] … arcOffset[i+1]-1`. Every undirected edge is stored as two arcs.
 */
export interface StreetGraph {
  readonly name: string;
  readonly attribution: string;
  readonly nodeCount: number;
  readonly arcCount: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly osmId: readonly string[];
  readonly arcOffset: Uint32Array;
  readonly arcTarget: Uint32Array;
  /** metres; never shorter than the straight line between the ends (keeps A* admissible) */
  readonly arcLength: Float32Array;
  /** index into {@link roadClasses} */
  readonly arcClass: Uint8Array;
  /** false when the source had no `highway` tags (every arc is `unknown`) */
  readonly hasRoadClasses: boolean;
  readonly bbox: BBox;
}

function fail(message: string): never {
  throw new TypeError(`street graph: ${message}`);
}

/**
 * Builds a {@link StreetGraph} from already-parsed JSON (no I/O here: the caller reads the file).
 * Checks the shape as it goes and throws a `TypeError` naming the first bad entry.
 *
 * @example
 * const json = JSON.parse(readFileSync('shared/reference/geo/montevideo-drive-graph.osm.json', 'utf8'));
 * const graph = loadStreetGraph(json); // 17,846 nodes, 57,026 arcs
 */
export function loadStreetGraph(json: unknown): StreetGraph {
  if (typeof json !== 'object' || json === null) fail('not an object');
  const data = json as Partial<StreetGraphJson>;
  const nodes = data.nodes;
  const edges = data.edges;
  if (!Array.isArray(nodes) || !Array.isArray(edges)) fail('expected "nodes" and "edges" arrays');
  const n = nodes.length;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const osmId = new Array<string>(n);
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let nn = -Infinity;
  for (let i = 0; i < n; i++) {
    const node: unknown = nodes[i];
    if (!Array.isArray(node) || node.length < 3) fail(`nodes[${i}] is not [id, lon, lat]`);
    const [id, x, y] = node as [unknown, unknown, unknown];
    if (typeof x !== 'number' || typeof y !== 'number' || !(Math.abs(x) <= 180) || !(Math.abs(y) <= 90)) {
      fail(`nodes[${i}] has bad coordinates`);
    }
    osmId[i] = String(id);
    lon[i] = x;
    lat[i] = y;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > nn) nn = y;
  }
  const m = edges.length;
  const degree = new Uint32Array(n + 1);
  let tagged = false;
  for (let k = 0; k < m; k++) {
    const edge: unknown = edges[k];
    if (!Array.isArray(edge) || edge.length < 3) fail(`edges[${k}] is not [a, b, length]`);
    const [a, b, len, hw] = edge as [unknown, unknown, unknown, unknown];
    if (!Number.isInteger(a) || !Number.isInteger(b) || (a as number) < 0 || (b as number) < 0 || (a as number) >= n || (b as number) >= n) {
      fail(`edges[${k}] refers to a missing node`);
    }
    if (typeof len !== 'number' || !(len >= 0)) fail(`edges[${k}] has a bad length`);
    if (typeof hw === 'string') tagged = true;
    degree[a as number]!++;
    degree[b as number]!++;
  }
  const arcOffset = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) arcOffset[i + 1] = arcOffset[i]! + degree[i]!;
  const arcCount = 2 * m;
  const arcTarget = new Uint32Array(arcCount);
  const arcLength = new Float32Array(arcCount);
  const arcClass = new Uint8Array(arcCount);
  const fill = arcOffset.slice(0, n);
  for (let k = 0; k < m; k++) {
    const [a, b, len, hw] = edges[k] as [number, number, number, string | undefined];
    const straight = haversineRaw(lat[a]!, lon[a]!, lat[b]!, lon[b]!);
    const length = Math.max(len, straight);
    const cls = roadClasses.indexOf(roadClassOf(hw));
    const ia = fill[a]!++;
    arcTarget[ia] = b;
    arcLength[ia] = length;
    arcClass[ia] = cls;
    const ib = fill[b]!++;
    arcTarget[ib] = a;
    arcLength[ib] = length;
    arcClass[ib] = cls;
  }
  return Object.freeze({
    name: typeof data.name === 'string' ? data.name : 'street graph',
    attribution: typeof data.attribution === 'string' ? data.attribution : OSM_ATTRIBUTION,
    nodeCount: n,
    arcCount,
    lat,
    lon,
    osmId,
    arcOffset,
    arcTarget,
    arcLength,
    arcClass,
    hasRoadClasses: tagged,
    bbox: (n === 0 ? [0, 0, 0, 0] : [w, s, e, nn]) satisfies BBox,
  });
}

/**
 * Road class of arc `arc` of a graph.
 *
 * @example
 * arcRoadClass(graph, graph.arcOffset[0]!); // 'unknown' for the untagged Montevideo export
 */
export function arcRoadClass(graph: StreetGraph, arc: number): RoadClass {
  return roadClasses[graph.arcClass[arc] ?? 0] ?? 'unknown';
}

/**
 * Approximate bytes held by the typed arrays of a graph (ids excluded), for reports.
 *
 * @example
 * graphByteSize(graph); // ≈ 0.9 MB for Montevideo
 */
export function graphByteSize(graph: StreetGraph): number {
  return (
    graph.lat.byteLength +
    graph.lon.byteLength +
    graph.arcOffset.byteLength +
    graph.arcTarget.byteLength +
    graph.arcLength.byteLength +
    graph.arcClass.byteLength
  );
}
