import { bboxContains, bboxExpand, type BBox } from './bbox.ts';
import type { LatLon } from './lat-lon.ts';
import { buildNodeGridIndex, type NodeGridIndex } from './nearest-node.ts';
import type { SpeedProfile } from './road-class.ts';
import { haversineMeters } from './spherical.ts';
import type { StreetGraph } from './street-graph.ts';
import { StreetRouter } from './street-router.ts';

/**
 * Travel times between sets of points. Implementations: {@link StraightLineTravelTimeProvider}
 * (anywhere), {@link NetworkTravelTimeProvider} (Montevideo street graph). An OSRM `/table` or
 * Valhalla `sources_to_targets` HTTP provider can implement the same interface later.
 */
export interface TravelTimeProvider {
  /** seconds, row-major: `out[i * destinations.length + j]` is origin i → destination j */
  matrix(origins: LatLon[], destinations: LatLon[], opts?: { departAt?: Date }): Promise<Float64Array>;
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
    const out = new Float64Array(origins.length * destinations.length);
    origins.forEach((o, i) => {
      destinations.forEach((d, j) => {
        out[i * destinations.length + j] = this.seconds(o, d, opts.departAt);
      });
    });
    return out;
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
    const n = destinations.length;
    const out = new Float64Array(origins.length * n);
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
        } else {
          if (ds) k++;
          secs = this.fallback.seconds(o, d, opts.departAt);
        }
        out[i * n + j] = secs;
      }
    }
    return out;
  }
}
