import type { LatLon } from './lat-lon.ts';
import { MinHeap } from './min-heap.ts';
import { roadClasses, URBAN_SPEED_PROFILE, type SpeedProfile } from './road-class.ts';
import { haversineRaw } from './spherical.ts';
import type { StreetGraph } from './street-graph.ts';

/** A path through the graph: node indexes from start to end, its length and free-flow time. */
export interface GraphPath {
  nodes: number[];
  lengthM: number;
  seconds: number;
}

export interface StreetRouterOptions {
  /** km/h per road class; untagged graphs use `unknown` everywhere (routing by length). */
  profile?: Partial<SpeedProfile>;
}

/**
 * Shortest paths by travel time on a {@link StreetGraph}: A* for one pair, Dijkstra for one-to-many.
 * Keeps its search buffers between calls (one router per thread of work; not re-entrant).
 *
 * @example
 * const router = new StreetRouter(graph);
 * const path = router.shortestPath(12, 3456); // { nodes: [12, 17661, …, 3456], lengthM: 19484, seconds: 2338 }
 */
export class StreetRouter {
  readonly graph: StreetGraph;
  /** seconds to traverse each arc */
  readonly arcSeconds: Float32Array;
  /** fastest speed in the profile, m/s (A* heuristic) */
  readonly maxSpeed: number;
  private readonly cost: Float64Array;
  private readonly prev: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly done: Uint32Array;
  private generation = 0;
  private readonly heap = new MinHeap();

  constructor(graph: StreetGraph, opts: StreetRouterOptions = {}) {
    this.graph = graph;
    const profile: SpeedProfile = { ...URBAN_SPEED_PROFILE, ...opts.profile };
    const speeds = roadClasses.map((c) => profile[c] / 3.6);
    if (speeds.some((v) => !(v > 0))) throw new RangeError('StreetRouter: every speed must be > 0 km/h');
    this.arcSeconds = new Float32Array(graph.arcCount);
    let used = 0;
    for (let a = 0; a < graph.arcCount; a++) {
      const speed = speeds[graph.arcClass[a]!]!;
      this.arcSeconds[a] = graph.arcLength[a]! / speed;
      if (speed > used) used = speed;
    }
    this.maxSpeed = used > 0 ? used : 1;
    this.cost = new Float64Array(graph.nodeCount);
    this.prev = new Int32Array(graph.nodeCount);
    this.stamp = new Uint32Array(graph.nodeCount);
    this.done = new Uint32Array(graph.nodeCount);
  }

  private reset(): number {
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.done.fill(0);
      this.generation = 1;
    }
    this.heap.clear();
    return this.generation;
  }

  /**
   * Fastest path from node `from` to node `to` (A* with a straight-line / top-speed heuristic),
   * or `null` when `to` cannot be reached.
   *
   * @example
   * router.shortestPath(0, 0); // { nodes: [0], lengthM: 0, seconds: 0 }
   */
  shortestPath(from: number, to: number): GraphPath | null {
    const g = this.graph;
    if (!(from >= 0 && from < g.nodeCount && to >= 0 && to < g.nodeCount)) throw new RangeError('shortestPath: node out of range');
    const gen = this.reset();
    const { cost, prev, stamp, done, heap, arcSeconds } = this;
    const tLat = g.lat[to]!;
    const tLon = g.lon[to]!;
    const h = (i: number): number => haversineRaw(g.lat[i]!, g.lon[i]!, tLat, tLon) / this.maxSpeed;
    cost[from] = 0;
    prev[from] = -1;
    stamp[from] = gen;
    heap.push(h(from), from);
    while (heap.size > 0) {
      const u = heap.pop();
      if (done[u] === gen) continue;
      done[u] = gen;
      if (u === to) return this.buildPath(from, to);
      const cu = cost[u]!;
      for (let a = g.arcOffset[u]!, end = g.arcOffset[u + 1]!; a < end; a++) {
        const v = g.arcTarget[a]!;
        if (done[v] === gen) continue;
        const c = cu + arcSeconds[a]!;
        if (stamp[v] !== gen || c < cost[v]!) {
          stamp[v] = gen;
          cost[v] = c;
          prev[v] = u;
          heap.push(c + h(v), v);
        }
      }
    }
    return null;
  }

  private buildPath(from: number, to: number): GraphPath {
    const g = this.graph;
    const nodes: number[] = [];
    for (let v = to; v !== -1; v = this.prev[v]!) {
      nodes.push(v);
      if (v === from) break;
    }
    nodes.reverse();
    let lengthM = 0;
    for (let i = 1; i < nodes.length; i++) {
      const arc = this.arcBetween(nodes[i - 1]!, nodes[i]!);
      lengthM += arc < 0 ? 0 : g.arcLength[arc]!;
    }
    return { nodes, lengthM, seconds: this.cost[to]! };
  }

  /**
   * The cheapest arc from `u` to `v` (parallel edges exist in OSMnx exports), or -1.
   *
   * @example
   * router.arcBetween(path.nodes[0]!, path.nodes[1]!); // an arc index ≥ 0
   */
  arcBetween(u: number, v: number): number {
    const g = this.graph;
    let best = -1;
    for (let a = g.arcOffset[u]!, end = g.arcOffset[u + 1]!; a < end; a++) {
      if (g.arcTarget[a] === v && (best < 0 || this.arcSeconds[a]! < this.arcSeconds[best]!)) best = a;
    }
    return best;
  }

  /**
   * Travel times in seconds from `from` to each of `targets` (Dijkstra, stopping once every
   * target is settled); `Infinity` for unreachable targets.
   *
   * @example
   * router.travelTimesFrom(0, [0, 10, 20]); // Float64Array [0, 1483.9, 1661.1] on the Montevideo graph
   */
  travelTimesFrom(from: number, targets: readonly number[]): Float64Array {
    const g = this.graph;
    const out = new Float64Array(targets.length).fill(Infinity);
    const gen = this.reset();
    const { cost, stamp, done, heap, arcSeconds } = this;
    const wanted = new Map<number, number[]>();
    targets.forEach((t, i) => {
      const list = wanted.get(t);
      if (list) list.push(i);
      else wanted.set(t, [i]);
    });
    let remaining = wanted.size;
    cost[from] = 0;
    stamp[from] = gen;
    heap.push(0, from);
    while (heap.size > 0 && remaining > 0) {
      const u = heap.pop();
      if (done[u] === gen) continue;
      done[u] = gen;
      const cu = cost[u]!;
      const hit = wanted.get(u);
      if (hit) {
        for (const i of hit) out[i] = cu;
        remaining--;
      }
      for (let a = g.arcOffset[u]!, end = g.arcOffset[u + 1]!; a < end; a++) {
        const v = g.arcTarget[a]!;
        if (done[v] === gen) continue;
        const c = cu + arcSeconds[a]!;
        if (stamp[v] !== gen || c < cost[v]!) {
          stamp[v] = gen;
          cost[v] = c;
          heap.push(c, v);
        }
      }
    }
    return out;
  }
}

/**
 * Coordinates of a path's nodes, for drawing or for driving along it.
 *
 * @example
 * pathCoordinates(graph, [0, 5, 9]); // [{ lat, lon }, { lat, lon }, { lat, lon }]
 */
export function pathCoordinates(graph: StreetGraph, nodes: readonly number[]): LatLon[] {
  return nodes.map((i) => ({ lat: graph.lat[i]!, lon: graph.lon[i]! }));
}

export interface RandomRouteOptions {
  /** start node; random when absent */
  from?: number;
  /** preferred straight-line span of the trip, metres (default 800–8000) */
  minMeters?: number;
  maxMeters?: number;
  /** attempts at drawing a destination in range before accepting any reachable one (default 30) */
  maxTries?: number;
}

/**
 * A shortest path between random nodes (the start may be given), preferring destinations
 * `minMeters`–`maxMeters` away in a straight line. `random` returns floats in [0, 1) — pass a
 * seeded generator for reproducible fleets. Returns `null` only when nothing is reachable.
 *
 * @example
 * const path = randomRoute(router, Math.random, { minMeters: 1000, maxMeters: 5000 });
 */
export function randomRoute(router: StreetRouter, random: () => number, opts: RandomRouteOptions = {}): GraphPath | null {
  const g = router.graph;
  if (g.nodeCount < 2) return null;
  const from = opts.from ?? Math.floor(random() * g.nodeCount);
  const min = opts.minMeters ?? 800;
  const max = opts.maxMeters ?? 8000;
  const tries = opts.maxTries ?? 30;
  let fallback = -1;
  for (let k = 0; k < tries; k++) {
    const to = Math.floor(random() * g.nodeCount);
    if (to === from) continue;
    const d = haversineRaw(g.lat[from]!, g.lon[from]!, g.lat[to]!, g.lon[to]!);
    if (d >= min && d <= max) {
      const path = router.shortestPath(from, to);
      if (path) return path;
    } else if (fallback < 0) fallback = to;
  }
  return fallback < 0 ? null : router.shortestPath(from, fallback);
}
