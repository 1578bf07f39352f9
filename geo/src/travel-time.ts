import { bboxContains, bboxExpand, type BBox } from './bbox.ts';
import type { LatLon } from './lat-lon.ts';
import { buildNodeGridIndex, type NodeGridIndex } from './nearest-node.ts';
import type { SpeedProfile } from './road-class.ts';
import { haversineMeters } from './spherical.ts';
import type { StreetGraph } from './street-graph.ts';
import { StreetRouter } from './street-router.ts';

/** Who computed a travel time; the index in this list is the code stored in {@link TravelTimeTable.source}. */
export const TRAVEL_TIME_SOURCES = ['straight', 'network', 'osrm', 'valhalla'] as const;
export type TravelTimeSource = (typeof TRAVEL_TIME_SOURCES)[number];

/** A matrix and, per cell, who computed it (a provider answers some cells with its fallback). */
export interface TravelTimeTable {
  /** seconds, row-major like {@link TravelTimeProvider.matrix} */
  seconds: Float64Array;
  /** per cell, an index into {@link TRAVEL_TIME_SOURCES} */
  source: Uint8Array;
}

/**
 * Travel times between sets of points. Implementations: {@link StraightLineTravelTimeProvider}
 * (anywhere), {@link NetworkTravelTimeProvider} (Montevideo street graph), and the OSRM `/table`
 * and Valhalla `sources_to_targets` HTTP providers of `http-travel-time.ts`. Every method is
 * asynchronous and takes whole sets, so a remote engine answers a matrix in one request.
 * Ask in the direction of travel (crews → order): engines know one-way streets, and the local
 * providers answer many-to-one as cheaply as one-to-many.
 */
export interface TravelTimeProvider {
  /** what this provider computes when nothing falls back */
  readonly name?: TravelTimeSource;
  /**
   * a large matrix costs about one request (a routing engine, with its cache) rather than one
   * graph search per row: callers may ask for every leg of every plan
   */
  readonly matrixCheap?: boolean;
  /** seconds, row-major: `out[i * destinations.length + j]` is origin i → destination j */
  matrix(origins: LatLon[], destinations: LatLon[], opts?: { departAt?: Date }): Promise<Float64Array>;
  /** the same matrix, with who computed each cell (optional: see {@link travelTimeTable}) */
  table?(origins: LatLon[], destinations: LatLon[], opts?: { departAt?: Date }): Promise<TravelTimeTable>;
}

export const sourceCode = (s: TravelTimeSource): number => TRAVEL_TIME_SOURCES.indexOf(s);

/**
 * {@link TravelTimeProvider.table} when the provider has it, otherwise its matrix with every cell
 * attributed to the provider (or to `fallbackName`).
 *
 * @example
 * const t = await travelTimeTable(tt, crews, [order]);
 * TRAVEL_TIME_SOURCES[t.source[0]!]; // 'osrm', or 'network' when the engine was down
 */
export async function travelTimeTable(
  provider: TravelTimeProvider,
  origins: LatLon[],
  destinations: LatLon[],
  opts: { departAt?: Date; fallbackName?: TravelTimeSource } = {},
): Promise<TravelTimeTable> {
  const o = opts.departAt ? { departAt: opts.departAt } : {};
  if (provider.table) return provider.table(origins, destinations, o);
  const seconds = await provider.matrix(origins, destinations, o);
  return { seconds, source: new Uint8Array(seconds.length).fill(sourceCode(provider.name ?? opts.fallbackName ?? 'straight')) };
}

/** When traffic is slower: local clock windows on working days. */
export interface PeakHours {
  /** `[fromHour, toHour)` in local decimal hours, e.g. `[7, 9.5]` */
  windows: ReadonlyArray<readonly [number, number]>;
  /** local offset from UTC in minutes; Uruguay is UTC−3 all year (no DST since 2015) */
  utcOffsetMinutes: number;
  /** speed multiplier in a window, e.g. 0.7 */
  factor: number;
}

export const MONTEVIDEO_PEAK_HOURS: Readonly<PeakHours> = Object.freeze({
  windows: [
    [7, 9.5],
    [17, 19.5],
  ] as const,
  utcOffsetMinutes: -180,
  factor: 0.7,
});

/**
 * The speed multiplier at `departAt` (1 off-peak, `peak.factor` in a weekday window).
 *
 * @example
 * peakFactor(new Date('2026-03-02T11:00:00Z'), MONTEVIDEO_PEAK_HOURS); // 0.7 (Monday 08:00 in Montevideo)
 */
export function peakFactor(departAt: Date | undefined, peak: PeakHours | null): number {
  if (!departAt || !peak) return 1;
  const local = new Date(departAt.getTime() + peak.utcOffsetMinutes * 60_000);
  const day = local.getUTCDay();
  if (day === 0 || day === 6) return 1;
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  return peak.windows.some(([a, b]) => hour >= a && hour < b) ? peak.factor : 1;
}

export interface StraightLineOptions {
  /** road distance ÷ straight-line distance (default 1.3, typical of a city grid) */
  detourFactor?: number;
  /** average door-to-door speed off-peak, km/h (default 30, urban) */
  speedKmh?: number;
  /** slower windows; `null` disables (default Montevideo weekday peaks at 0.7×) */
  peakHours?: PeakHours | null;
}

/**
 * Straight-line distance × detour factor at a configurable average speed.
 *
 * @example
 * const tt = new StraightLineTravelTimeProvider({ speedKmh: 30 });
 * await tt.matrix([{ lat: -34.9, lon: -56.2 }], [{ lat: -34.9, lon: -56.1 }]); // Float64Array [≈1424]
 */
export class StraightLineTravelTimeProvider implements TravelTimeProvider {
  readonly name = 'straight' as const;
  readonly detourFactor: number;
  readonly speedKmh: number;
  readonly peakHours: PeakHours | null;

  constructor(opts: StraightLineOptions = {}) {
    this.detourFactor = opts.detourFactor ?? 1.3;
    this.speedKmh = opts.speedKmh ?? 30;
    this.peakHours = opts.peakHours === undefined ? MONTEVIDEO_PEAK_HOURS : opts.peakHours;
    if (!(this.detourFactor >= 1) || !(this.speedKmh > 0)) throw new RangeError('detourFactor must be ≥ 1 and speedKmh > 0');
  }

  /**
   * Seconds for one pair.
   *
   * @example
   * tt.seconds({ lat: 0, lon: 0 }, { lat: 0, lon: 0.01 }); // ≈ 173.5 at 30 km/h × 1.3
   */
  seconds(a: LatLon, b: LatLon, departAt?: Date): number {
    const speed = (this.speedKmh / 3.6) * peakFactor(departAt, this.peakHours);
    return (haversineMeters(a, b) * this.detourFactor) / speed;
  }

  async matrix(origins: LatLon[], destinations: LatLon[], opts: { departAt?: Date } = {}): Promise<Float64Array> {
    return this.matrixNow(origins, destinations, opts.departAt);
  }

  /** {@link matrix}, synchronously (cheap: no search) */
  matrixNow(origins: LatLon[], destinations: LatLon[], departAt?: Date): Float64Array {
    const out = new Float64Array(origins.length * destinations.length);
    origins.forEach((o, i) => {
      destinations.forEach((d, j) => {
        out[i * destinations.length + j] = this.seconds(o, d, departAt);
      });
    });
    return out;
  }

  async table(origins: LatLon[], destinations: LatLon[], opts: { departAt?: Date } = {}): Promise<TravelTimeTable> {
    const seconds = this.matrixNow(origins, destinations, opts.departAt);
    return { seconds, source: new Uint8Array(seconds.length).fill(sourceCode('straight')) };
  }
}

export interface NetworkProviderOptions {
  graph: StreetGraph;
  /** km/h per road class (default {@link URBAN_SPEED_PROFILE}) */
  profile?: Partial<SpeedProfile>;
  /** used outside the graph, and for the walk/drive from a point to its nearest node */
  fallback?: StraightLineTravelTimeProvider;
  /** a point further than this from every node is treated as off the graph (default 400 m) */
  maxSnapMeters?: number;
  peakHours?: PeakHours | null;
}

/**
 * Network travel times on a street graph (Dijkstra per origin, road-class speeds), plus the
 * straight-line access from each point to its nearest node. Pairs with an end outside the
 * graph's bbox (or too far from any node) get the straight-line fallback.
 *
 * @example
 * const tt = new NetworkTravelTimeProvider({ graph: loadStreetGraph(json) });
 * await tt.matrix([cerro, pocitos], [centro]); // ≈ Float64Array [1226, 485] s off-peak
 */
export class NetworkTravelTimeProvider implements TravelTimeProvider {
  readonly name = 'network' as const;
  private readonly router: StreetRouter;
  private readonly index: NodeGridIndex;
  private readonly fallback: StraightLineTravelTimeProvider;
  private readonly area: BBox;
  private readonly maxSnap: number;
  private readonly peakHours: PeakHours | null;

  constructor(opts: NetworkProviderOptions) {
    this.router = new StreetRouter(opts.graph, opts.profile ? { profile: opts.profile } : {});
    this.index = buildNodeGridIndex(opts.graph);
    this.peakHours = opts.peakHours === undefined ? MONTEVIDEO_PEAK_HOURS : opts.peakHours;
    this.fallback = opts.fallback ?? new StraightLineTravelTimeProvider({ peakHours: this.peakHours });
    this.maxSnap = opts.maxSnapMeters ?? 400;
    this.area = bboxExpand(opts.graph.bbox, this.maxSnap);
  }

  private snap(p: LatLon): { node: number; accessSeconds: number } | null {
    if (!bboxContains(this.area, p)) return null;
    const hit = this.index.nearest(p);
    if (!hit || hit.distanceM > this.maxSnap) return null;
    // access legs at the straight-line speed, no detour
    return { node: hit.node, accessSeconds: hit.distanceM / (this.fallback.speedKmh / 3.6) };
  }

  async matrix(origins: LatLon[], destinations: LatLon[], opts: { departAt?: Date } = {}): Promise<Float64Array> {
    return (await this.table(origins, destinations, opts)).seconds;
  }

  async table(origins: LatLon[], destinations: LatLon[], opts: { departAt?: Date } = {}): Promise<TravelTimeTable> {
    // The graph is undirected (no one-way data) and access legs and the fallback are symmetric,
    // so many-to-few is answered as few-to-many: one search per row of the smaller side.
    if (origins.length > destinations.length) {
      const t = await this.searchRows(destinations, origins, opts);
      return { seconds: transpose(t.seconds, destinations.length, origins.length), source: transpose(t.source, destinations.length, origins.length) };
    }
    return this.searchRows(origins, destinations, opts);
  }

  private async searchRows(origins: LatLon[], destinations: LatLon[], opts: { departAt?: Date }): Promise<TravelTimeTable> {
    const n = destinations.length;
    const out = new Float64Array(origins.length * n);
    const source = new Uint8Array(origins.length * n).fill(sourceCode('network'));
    const straight = sourceCode('straight');
    const factor = peakFactor(opts.departAt, this.peakHours);
    const dSnap = destinations.map((d) => this.snap(d));
    const targets = dSnap.flatMap((s) => (s ? [s.node] : []));
    let slice = performance.now();
    for (let i = 0; i < origins.length; i++) {
      // one Dijkstra per origin takes a few ms: give the event loop a turn every ~20 ms so a
      // large matrix does not stall a server's other requests
      if (performance.now() - slice > 20) {
        await new Promise((r) => setTimeout(r, 0));
        slice = performance.now();
      }
      const o = origins[i]!;
      const oSnap = this.snap(o);
      const times = oSnap && targets.length > 0 ? this.router.travelTimesFrom(oSnap.node, targets) : null;
      let k = 0;
      for (let j = 0; j < n; j++) {
        const ds = dSnap[j];
        const d = destinations[j]!;
        let secs: number;
        if (oSnap && ds && times) {
          const network = times[k++]!;
          secs = Number.isFinite(network)
            ? (network + oSnap.accessSeconds + ds.accessSeconds) / factor
            : this.fallback.seconds(o, d, opts.departAt);
          if (!Number.isFinite(network)) source[i * n + j] = straight;
        } else {
          if (ds) k++;
          secs = this.fallback.seconds(o, d, opts.departAt);
          source[i * n + j] = straight;
        }
        // the same point: no trip (not twice the walk to the nearest node)
        out[i * n + j] = o.lat === d.lat && o.lon === d.lon ? 0 : secs;
      }
    }
    return { seconds: out, source };
  }
}

function transpose<T extends Float64Array | Uint8Array>(m: T, rows: number, cols: number): T {
  const out = new (m.constructor as new (n: number) => T)(m.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = m[i * cols + j]!;
  return out;
}
