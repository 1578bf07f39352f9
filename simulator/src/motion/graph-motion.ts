import {
  arcRoadClass,
  cumulativeDistances,
  initialBearing,
  interpolate,
  pathCoordinates,
  randomRoute,
  URBAN_SPEED_PROFILE,
  type LatLon,
  type StreetRouter,
} from '../../../geo/src/index.ts';
import type { Rng } from '../rng.ts';
import { ACCELERATION, DECELERATION, DEFAULT_DWELL_S, MAX_SUBSTEP_S, type Motion, type MotionState } from './motion.ts';

export interface GraphMotionOptions {
  router: StreetRouter;
  rng: Rng;
  /** seconds at each destination, [min, max) (default 3–12 min) */
  dwellSeconds?: readonly [number, number];
  /** straight-line span of each trip, metres (default 1–9 km) */
  tripMeters?: readonly [number, number];
  startNode?: number;
  /** share of intersections where the vehicle stops (lights, "PARE" signs); default 0.12 */
  stopShare?: number;
  /** begin parked at a job at the start node for this long (a fleet seen mid-shift) */
  startWorkingSeconds?: number;
}

interface Trip {
  nodes: number[];
  coords: LatLon[];
  cum: Float64Array;
  /** cruise speed of each segment, m/s */
  cruise: Float64Array;
  /** highest speed when passing each vertex, m/s (0 at the end and at stops) */
  vmax: Float64Array;
  /** seconds waited at each vertex when stopping there */
  wait: Float64Array;
}

/**
 * Cruise speed, km/h, of a street without a road class. The Montevideo export has no `highway`
 * tags, so the length of the block stands in for its class: short blocks are residential grid,
 * long uninterrupted edges are avenues, the Rambla and the access roads.
 */
export function cruiseKmhForBlock(lengthM: number): number {
  if (lengthM < 60) return 20;
  if (lengthM < 120) return 32;
  if (lengthM < 250) return 40;
  if (lengthM < 600) return 50;
  return 60;
}

/**
 * Drives shortest paths between random nodes of a street graph at road-class speeds (with noise),
 * slowing for turns, stopping at some intersections, and working at each destination for a while.
 */
export class GraphMotion implements Motion {
  state: MotionState;
  private readonly router: StreetRouter;
  private readonly rng: Rng;
  private readonly dwell: readonly [number, number];
  private readonly tripSpan: readonly [number, number];
  private readonly stopShare: number;
  /** this driver's temperament: × on every cruise speed */
  private readonly driverFactor: number;
  private trip: Trip;
  private s = 0;
  private seg = 0;
  private dwellLeft = 0;
  private waitLeft = 0;
  /** the vertex of the last stop made, so we do not stop there twice */
  private stoppedAt = -1;
  /** the arc being driven, for tests and debugging */
  edge: readonly [number, number] | null = null;
  /** a job the crew was sent to ({@link goTo}): drive there, then stay until released */
  private mission: { node: number; holdSeconds: number; arrived: boolean } | null = null;

  constructor(opts: GraphMotionOptions) {
    this.router = opts.router;
    this.rng = opts.rng;
    this.dwell = opts.dwellSeconds ?? DEFAULT_DWELL_S;
    this.tripSpan = opts.tripMeters ?? [1000, 9000];
    this.stopShare = opts.stopShare ?? 0.12;
    this.driverFactor = this.rng.range(0.9, 1.1);
    const start = opts.startNode ?? this.rng.int(this.router.graph.nodeCount);
    if (opts.startWorkingSeconds && opts.startWorkingSeconds > 0) {
      // an empty trip ending where we stand: when the job is done the next trip starts here
      this.trip = this.stayAt(start);
      this.dwellLeft = opts.startWorkingSeconds;
    } else {
      this.trip = this.planTrip(start);
    }
    const first = this.trip.coords[0]!;
    this.state = {
      lat: first.lat,
      lon: first.lon,
      speed: 0,
      heading: this.headingOf(0),
      activity: this.dwellLeft > 0 ? 'working' : 'driving',
    };
  }

  private stayAt(node: number): Trip {
    const g = this.router.graph;
    return {
      nodes: [node],
      coords: [{ lat: g.lat[node]!, lon: g.lon[node]! }],
      cum: new Float64Array(1),
      cruise: new Float64Array(0),
      vmax: new Float64Array(1),
      wait: new Float64Array(1),
    };
  }

  private planTrip(from: number): Trip {
    const path = randomRoute(this.router, () => this.rng.next(), {
      from,
      minMeters: this.tripSpan[0],
      maxMeters: this.tripSpan[1],
    }) ?? { nodes: [from], lengthM: 0, seconds: 0 };
    return this.tripAlong(path.nodes);
  }

  /**
   * Sends the vehicle to `node` by the fastest path from where it is (leaving any job or stop it
   * is at), to stay there up to `holdSeconds` once arrived — until {@link release}. Returns false
   * when the node cannot be reached.
   */
  goTo(node: number, holdSeconds: number): boolean {
    const trip = this.trip;
    const last = trip.nodes.length - 1;
    const at = this.s >= (trip.cum[last] ?? 0) ? last : this.seg;
    const from = trip.nodes[at === last ? last : at + 1]!;
    const path = this.router.shortestPath(from, node);
    if (!path) return false;
    const here = { lat: this.state.lat, lon: this.state.lon };
    // mid-block: finish the block we are on (same arc), then the path
    this.trip = at === last ? this.tripAlong(path.nodes) : this.tripAlong([trip.nodes[at]!, ...path.nodes], here);
    this.dwellLeft = 0;
    this.waitLeft = 0;
    this.mission = { node, holdSeconds, arrived: false };
    return true;
  }

  /** The vehicle is where {@link goTo} sent it (and stays there). */
  get arrived(): boolean {
    return this.mission?.arrived === true;
  }

  /** Ends the errand: after a short while the vehicle drives on as before. */
  release(): void {
    if (!this.mission) return;
    if (this.mission.arrived) this.dwellLeft = Math.min(this.dwellLeft, this.rng.range(5, 30));
    this.mission = null;
  }

  /** A trip along `nodes`; `from` replaces the first node's position (a vehicle mid-block). */
  private tripAlong(nodes: number[], from?: LatLon): Trip {
    const g = this.router.graph;
    const coords = pathCoordinates(g, nodes);
    if (from && coords.length > 0) coords[0] = from;
    const cum = cumulativeDistances(coords);
    const segs = Math.max(0, nodes.length - 1);
    const cruise = new Float64Array(segs);
    for (let i = 0; i < segs; i++) {
      const arc = this.router.arcBetween(nodes[i]!, nodes[i + 1]!);
      const kmh = g.hasRoadClasses && arc >= 0
        ? URBAN_SPEED_PROFILE[arcRoadClass(g, arc)]
        : cruiseKmhForBlock(arc >= 0 ? g.arcLength[arc]! : 100);
      cruise[i] = (kmh / 3.6) * this.driverFactor * this.rng.range(0.85, 1.1);
    }
    const vmax = new Float64Array(nodes.length).fill(Infinity);
    const wait = new Float64Array(nodes.length);
    for (let k = 1; k < nodes.length - 1; k++) {
      const turn = Math.abs(((initialBearing(coords[k]!, coords[k + 1]!) - initialBearing(coords[k - 1]!, coords[k]!) + 540) % 360) - 180);
      if (turn > 60) vmax[k] = 12 / 3.6;
      else if (turn > 30) vmax[k] = 25 / 3.6;
      const node = nodes[k]!;
      const degree = g.arcOffset[node + 1]! - g.arcOffset[node]!;
      if (degree >= 3 && this.rng.chance(this.stopShare)) {
        vmax[k] = 0;
        wait[k] = this.rng.range(3, 45);
      }
    }
    if (nodes.length > 0) vmax[nodes.length - 1] = 0;
    this.s = 0;
    this.seg = 0;
    this.stoppedAt = -1;
    return { nodes, coords, cum, cruise, vmax, wait };
  }

  private headingOf(seg: number): number {
    const a = this.trip.coords[seg];
    const b = this.trip.coords[seg + 1];
    return a && b ? initialBearing(a, b) : this.state?.heading ?? 0;
  }

  step(dtSeconds: number): MotionState {
    let left = dtSeconds;
    while (left > 1e-9) {
      const dt = Math.min(MAX_SUBSTEP_S, left);
      this.substep(dt);
      left -= dt;
    }
    return this.state;
  }

  private substep(dt: number): void {
    const trip = this.trip;
    const total = trip.cum[trip.cum.length - 1] ?? 0;
    if (this.dwellLeft > 0) {
      this.dwellLeft -= dt;
      this.state = { ...this.state, speed: 0, activity: 'working' };
      if (this.dwellLeft <= 0) {
        // a hold that ran out ends the errand too
        this.mission = null;
        this.trip = this.planTrip(trip.nodes[trip.nodes.length - 1]!);
      }
      return;
    }
    if (this.waitLeft > 0) {
      this.waitLeft -= dt;
      this.state = { ...this.state, speed: 0, activity: 'stopped' };
      return;
    }
    if (this.s >= total) {
      if (this.mission) this.mission.arrived = true;
      this.dwellLeft = this.mission ? this.mission.holdSeconds : this.rng.range(this.dwell[0], this.dwell[1]);
      this.state = { ...this.state, speed: 0, activity: 'working' };
      this.edge = null;
      return;
    }
    // target speed: this segment's cruise speed, capped so we can brake for what is ahead
    let target = trip.cruise[this.seg] ?? 0;
    let stopAhead = false;
    for (let k = this.seg + 1; k < trip.cum.length; k++) {
      const dist = trip.cum[k]! - this.s;
      if (dist > 200) break;
      const vk = trip.vmax[k]!;
      if (vk === 0 && k !== this.stoppedAt) stopAhead = true;
      if (vk === 0 && k === this.stoppedAt) continue;
      target = Math.min(target, Math.sqrt(vk * vk + 2 * DECELERATION * Math.max(0, dist)));
      if (vk === 0) break;
    }
    // creep the last metres to a stop line instead of approaching it forever
    if (stopAhead) target = Math.max(target, 1);
    const v0 = this.state.speed;
    const v = target > v0 ? Math.min(target, v0 + ACCELERATION * dt) : Math.max(target, v0 - 2 * DECELERATION * dt);
    let s = this.s + ((v0 + v) / 2) * dt;
    // stop at the first pending stop vertex we would pass
    let stopped = false;
    for (let k = this.seg + 1; k < trip.cum.length && trip.cum[k]! <= s; k++) {
      if (trip.vmax[k] === 0 && k !== this.stoppedAt) {
        s = trip.cum[k]!;
        stopped = true;
        this.stoppedAt = k;
        if (k < trip.cum.length - 1) this.waitLeft = trip.wait[k]!;
        break;
      }
    }
    this.s = Math.min(s, total);
    while (this.seg < trip.cum.length - 2 && trip.cum[this.seg + 1]! <= this.s) this.seg++;
    const a = trip.coords[this.seg]!;
    const b = trip.coords[this.seg + 1] ?? a;
    const segLen = (trip.cum[this.seg + 1] ?? this.s) - trip.cum[this.seg]!;
    const t = segLen > 0 ? Math.min(1, (this.s - trip.cum[this.seg]!) / segLen) : 0;
    const p = interpolate(a, b, t);
    this.edge = [trip.nodes[this.seg]!, trip.nodes[this.seg + 1] ?? trip.nodes[this.seg]!];
    this.state = {
      lat: p.lat,
      lon: p.lon,
      speed: stopped ? 0 : v,
      heading: this.headingOf(this.seg),
      activity: stopped ? 'stopped' : 'driving',
    };
  }
}
