import { destinationPoint, haversineMeters, type LatLon, type NodeGridIndex, type StreetRouter } from '../../geo/src/index.ts';
import type { VehiclePlan } from './fleet-plan.ts';
import { GpsUnit, type Fix } from './gps-unit.ts';
import { cityRadiusMeters } from './localities.ts';
import { GraphMotion } from './motion/graph-motion.ts';
import { LoopMotion } from './motion/loop-motion.ts';
import { DEFAULT_DWELL_S, type Motion } from './motion/motion.ts';
import { createRng } from './rng.ts';
import { Uplink } from './uplink.ts';

export interface AgentOptions {
  plan: VehiclePlan;
  /** shared router and node index over the Montevideo graph; null → Montevideo vehicles roam without it */
  router: StreetRouter | null;
  nodeIndex?: NodeGridIndex | null;
  /** where the vehicle was last seen (a restart carries on from there when it is in its area) */
  startAt?: LatLon | null;
  dwellSeconds?: readonly [number, number];
  dropouts?: { meanSecondsBetween: number; seconds: readonly [number, number] };
  /** simulated seconds to run before the first fix, so a fresh fleet is not all parked at trip starts */
  warmUpSeconds?: number;
}

/** One vehicle: its motion, its GPS unit and its mobile link. Advanced with explicit times. */
export class VehicleAgent {
  readonly plan: VehiclePlan;
  readonly motion: Motion;
  readonly gps: GpsUnit;
  readonly uplink: Uplink;
  private lastMs: number | null = null;
  private readonly nodeIndex: NodeGridIndex | null;

  constructor(opts: AgentOptions) {
    this.plan = opts.plan;
    this.nodeIndex = opts.nodeIndex ?? null;
    const rng = createRng(opts.plan.seed);
    const dwell = opts.dwellSeconds ? { dwellSeconds: opts.dwellSeconds } : {};
    const area = opts.plan.area;
    const startAt = opts.startAt ?? null;
    // a fleet (fresh or resumed) is seen mid-shift: about a third of the crews are at a job
    const dwellRange = opts.dwellSeconds ?? DEFAULT_DWELL_S;
    const working = rng.chance(0.3) ? { startWorkingSeconds: rng.range(0.1, 1) * rng.range(dwellRange[0], dwellRange[1]) } : {};
    if (area.kind === 'montevideo' && opts.router) {
      // resume where last seen, or start somewhere in the crew's home barrio
      const origin = startAt ?? destinationPoint(area.home, rng.range(0, 360), rng.range(0, 800));
      const near = opts.nodeIndex ? opts.nodeIndex.nearest(origin) : null;
      const startNode = near && near.distanceM < 1500 ? { startNode: near.node } : {};
      this.motion = new GraphMotion({ router: opts.router, rng, ...dwell, ...startNode, ...working });
    } else {
      const centre = area.kind === 'town' ? area.locality : area.home;
      const radiusM = area.kind === 'town' ? cityRadiusMeters(area.locality.population) : 6000;
      const start = startAt && haversineMeters(centre, startAt) < radiusM ? { start: startAt } : {};
      this.motion = new LoopMotion({ centre, radiusM, rng, ...dwell, ...start, ...working });
    }
    this.gps = new GpsUnit({ rng });
    this.uplink = new Uplink({
      rng,
      ...(opts.dropouts ? { meanSecondsBetweenDropouts: opts.dropouts.meanSecondsBetween, dropoutSeconds: opts.dropouts.seconds } : {}),
    });
    // a restarted vehicle resumes where it was; a new one gets a head start somewhere on its way
    if (!startAt && opts.warmUpSeconds && opts.warmUpSeconds > 0) this.motion.step(opts.warmUpSeconds);
  }

  /**
   * Sends the vehicle to a job at `target` (on the street graph: its nearest street node within
   * `maxSnapM`), to stay there up to `holdSeconds` until {@link release}. False when this vehicle
   * cannot drive there (it roams a town, or the place is off the graph).
   */
  goTo(target: LatLon, holdSeconds: number, maxSnapM = 500): boolean {
    if (!(this.motion instanceof GraphMotion) || !this.nodeIndex) return false;
    const near = this.nodeIndex.nearest(target);
    if (!near || near.distanceM > maxSnapM) return false;
    return this.motion.goTo(near.node, holdSeconds);
  }

  /** The vehicle has reached the place {@link goTo} sent it to. */
  get arrived(): boolean {
    return this.motion instanceof GraphMotion && this.motion.arrived;
  }

  /** Ends the errand: the vehicle drives on after a short while. */
  release(): void {
    if (this.motion instanceof GraphMotion) this.motion.release();
  }

  /**
   * Moves the vehicle to `nowMs`, takes a fix, and returns the fixes to transmit now: none while
   * the link is down, one normally, the buffered ones (oldest first) plus the new one after a
   * drop-out.
   */
  tick(nowMs: number): { fix: Fix; send: Fix[] } {
    const dt = this.lastMs === null ? 0 : Math.max(0, (nowMs - this.lastMs) / 1000);
    this.lastMs = nowMs;
    const state = this.motion.step(dt);
    const fix = this.gps.sample(state, nowMs);
    return { fix, send: this.uplink.offer(fix) };
  }
}
