import { destinationPoint, haversineMeters, initialBearing, normalizeBearing, type LatLon } from '../../../geo/src/index.ts';
import type { Rng } from '../rng.ts';
import { ACCELERATION, DECELERATION, DEFAULT_DWELL_S, MAX_SUBSTEP_S, type Motion, type MotionState } from './motion.ts';

export interface LoopMotionOptions {
  centre: LatLon;
  /** how far from the centre the vehicle roams, metres */
  radiusM: number;
  rng: Rng;
  dwellSeconds?: readonly [number, number];
  /** urban target speeds, km/h (default 20–50) */
  speedKmh?: readonly [number, number];
  start?: LatLon;
  /** begin parked at a job for this long (a fleet seen mid-shift) */
  startWorkingSeconds?: number;
}

const toDeg = 180 / Math.PI;

/**
 * Drives around a town centre without a street graph: a random walk whose turn rate changes
 * smoothly (an Ornstein–Uhlenbeck process), steered back when it strays beyond 60 % of the
 * radius, with urban speeds, brief traffic stops and jobs every few kilometres.
 */
export class LoopMotion implements Motion {
  state: MotionState;
  private readonly centre: LatLon;
  private readonly radius: number;
  private readonly rng: Rng;
  private readonly dwell: readonly [number, number];
  private readonly speedRange: readonly [number, number];
  private turnRate = 0;
  private targetSpeed: number;
  private targetLeft: number;
  private toNextJob: number;
  private braking: 'job' | 'traffic' | null = null;
  private dwellLeft = 0;
  private waitLeft = 0;

  constructor(opts: LoopMotionOptions) {
    this.centre = opts.centre;
    this.radius = opts.radiusM;
    this.rng = opts.rng;
    this.dwell = opts.dwellSeconds ?? DEFAULT_DWELL_S;
    this.speedRange = opts.speedKmh ?? [20, 50];
    const start = opts.start ?? destinationPoint(opts.centre, this.rng.range(0, 360), this.rng.range(0, 0.5) * opts.radiusM);
    this.targetSpeed = this.drawSpeed();
    this.targetLeft = this.rng.range(15, 60);
    this.toNextJob = this.rng.range(1500, 6000);
    this.dwellLeft = Math.max(0, opts.startWorkingSeconds ?? 0);
    this.state = {
      lat: start.lat,
      lon: start.lon,
      speed: 0,
      heading: this.rng.range(0, 360),
      activity: this.dwellLeft > 0 ? 'working' : 'driving',
    };
  }

  private drawSpeed(): number {
    return this.rng.range(this.speedRange[0], this.speedRange[1]) / 3.6;
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
    const rng = this.rng;
    if (this.dwellLeft > 0) {
      this.dwellLeft -= dt;
      this.state = { ...this.state, speed: 0, activity: 'working' };
      return;
    }
    if (this.waitLeft > 0) {
      this.waitLeft -= dt;
      this.state = { ...this.state, speed: 0, activity: 'stopped' };
      return;
    }
    this.targetLeft -= dt;
    if (this.targetLeft <= 0) {
      this.targetSpeed = this.drawSpeed();
      this.targetLeft = rng.range(15, 60);
    }
    if (this.braking === null && rng.chance(dt / 90)) this.braking = 'traffic';
    if (this.braking === null && this.toNextJob <= 0) this.braking = 'job';

    const v0 = this.state.speed;
    const target = this.braking ? 0 : this.targetSpeed;
    const v = target > v0 ? Math.min(target, v0 + ACCELERATION * dt) : Math.max(target, v0 - DECELERATION * dt);
    if (v === 0 && this.braking) {
      if (this.braking === 'job') {
        this.dwellLeft = rng.range(this.dwell[0], this.dwell[1]);
        this.toNextJob = rng.range(1500, 6000);
      } else {
        this.waitLeft = rng.range(5, 40);
      }
      this.braking = null;
      this.state = { ...this.state, speed: 0, activity: this.dwellLeft > 0 ? 'working' : 'stopped' };
      return;
    }

    // heading: smooth random turn rate (deg/s), pulled toward the centre when far out
    this.turnRate += -0.3 * this.turnRate * dt + 6 * Math.sqrt(dt) * rng.normal();
    const here = { lat: this.state.lat, lon: this.state.lon };
    const out = haversineMeters(this.centre, here) / this.radius;
    if (out > 0.6) {
      const toCentre = initialBearing(here, this.centre);
      const delta = ((toCentre - this.state.heading + 540) % 360) - 180;
      const pull = Math.min(1, (out - 0.6) / 0.4);
      this.turnRate += (Math.max(-20, Math.min(20, delta * 0.3)) - this.turnRate) * pull * Math.min(1, 2 * dt);
    }
    // lateral acceleration ≤ 3 m/s² (ω = a / v), and never more than 30°/s
    const maxTurn = Math.min(30, (3 / Math.max(v, 1)) * toDeg);
    this.turnRate = Math.max(-maxTurn, Math.min(maxTurn, this.turnRate));
    const heading = normalizeBearing(this.state.heading + this.turnRate * dt);
    const dist = ((v0 + v) / 2) * dt;
    this.toNextJob -= dist;
    const p = destinationPoint(here, heading, dist);
    this.state = { lat: p.lat, lon: p.lon, speed: v, heading, activity: 'driving' };
  }
}
