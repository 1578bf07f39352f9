import type { MotionState } from './motion/motion.ts';
import type { Rng } from './rng.ts';

/** One position fix as a GPS unit reports it (device clock, noisy). */
export interface Fix {
  /** fix time, epoch milliseconds */
  t: number;
  lat: number;
  lon: number;
  /** m/s */
  speed: number;
  /** degrees clockwise from north, [0, 360) */
  heading: number;
  /** horizontal accuracy, metres */
  acc: number;
  /** battery percent, 0–100 */
  batt: number;
}

export interface GpsUnitOptions {
  rng: Rng;
  /** 1-σ horizontal error per axis, metres (default: 2–5 m, drawn per unit) */
  noiseSigmaM?: number;
  /** correlation time of the error, seconds: GPS error wanders, it does not jump (default 20 s) */
  noiseTauS?: number;
  /** starting battery percent (default 50–100) */
  battery?: number;
  /** drain while not charging, percent per hour (default 3–8) */
  drainPerHour?: number;
}

const M_PER_DEG_LAT = 111_195;

/**
 * Turns a vehicle's true motion into fixes: a first-order Gauss–Markov position error (so
 * consecutive fixes do not jump), an accuracy figure of about 2σ (the usual ~95 % radius),
 * slightly noisy speed, and a battery that drains slowly and is put on charge below 12 %.
 */
export class GpsUnit {
  private readonly rng: Rng;
  private readonly sigma: number;
  private readonly tau: number;
  private readonly drain: number;
  private errN = 0;
  private errE = 0;
  private battery: number;
  private charging = false;
  private lastT: number | null = null;
  private lastHeading = 0;

  constructor(opts: GpsUnitOptions) {
    this.rng = opts.rng;
    this.sigma = opts.noiseSigmaM ?? this.rng.range(2, 5);
    this.tau = opts.noiseTauS ?? 20;
    this.battery = opts.battery ?? this.rng.range(50, 100);
    this.drain = opts.drainPerHour ?? this.rng.range(3, 8);
    this.errN = this.rng.normal() * this.sigma;
    this.errE = this.rng.normal() * this.sigma;
  }

  /** A fix of `state` taken at `tMs`; call with non-decreasing times. */
  sample(state: MotionState, tMs: number): Fix {
    const dt = this.lastT === null ? 0 : Math.max(0, (tMs - this.lastT) / 1000);
    this.lastT = tMs;
    const rho = Math.exp(-dt / this.tau);
    const k = Math.sqrt(1 - rho * rho) * this.sigma;
    this.errN = rho * this.errN + k * this.rng.normal();
    this.errE = rho * this.errE + k * this.rng.normal();

    if (this.charging) {
      this.battery = Math.min(100, this.battery + (40 * dt) / 3600);
      if (this.battery >= 95) this.charging = false;
    } else {
      this.battery = Math.max(0, this.battery - (this.drain * dt) / 3600);
      if (this.battery < 12) this.charging = true;
    }

    const lat = state.lat + this.errN / M_PER_DEG_LAT;
    const lon = state.lon + this.errE / (M_PER_DEG_LAT * Math.cos((state.lat * Math.PI) / 180));
    const moving = state.speed > 0.5;
    const speed = moving ? Math.max(0, state.speed + this.rng.normal() * 0.2) : 0;
    // a stationary receiver's course is meaningless; units report the last good one
    if (moving) this.lastHeading = state.heading;
    const acc = Math.max(3, Math.round(2 * this.sigma + Math.abs(this.rng.normal())));
    return { t: tMs, lat, lon, speed, heading: this.lastHeading % 360, acc, batt: Math.round(this.battery) };
  }
}
