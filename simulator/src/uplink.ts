import type { Fix } from './gps-unit.ts';
import type { Rng } from './rng.ts';

export interface UplinkOptions {
  rng: Rng;
  /** mean seconds between drop-outs (default 1800); Infinity disables them */
  meanSecondsBetweenDropouts?: number;
  /** length of a drop-out, seconds [min, max) (default 30 s – 4 min) */
  dropoutSeconds?: readonly [number, number];
  /** fixes kept while offline; the oldest are discarded beyond this (default 2000) */
  maxBuffer?: number;
}

/**
 * A unit's mobile-data link: usually up; now and then down for a while, during which fixes are
 * buffered; on reconnection the buffer goes out first, oldest first, followed by the new fix.
 */
export class Uplink {
  private readonly rng: Rng;
  private readonly mean: number;
  private readonly outage: readonly [number, number];
  private readonly maxBuffer: number;
  private buffer: Fix[] = [];
  private offlineLeft = 0;
  private lastT: number | null = null;
  dropped = 0;

  constructor(opts: UplinkOptions) {
    this.rng = opts.rng;
    this.mean = opts.meanSecondsBetweenDropouts ?? 1800;
    this.outage = opts.dropoutSeconds ?? [30, 240];
    this.maxBuffer = opts.maxBuffer ?? 2000;
  }

  get online(): boolean {
    return this.offlineLeft <= 0;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Offers a new fix; returns what to transmit now (nothing while offline). */
  offer(fix: Fix): Fix[] {
    const dt = this.lastT === null ? 0 : Math.max(0, (fix.t - this.lastT) / 1000);
    this.lastT = fix.t;
    if (this.offlineLeft > 0) {
      this.offlineLeft -= dt;
    } else if (Number.isFinite(this.mean) && this.rng.chance(1 - Math.exp(-dt / this.mean))) {
      this.offlineLeft = this.rng.range(this.outage[0], this.outage[1]);
    }
    if (this.offlineLeft > 0) {
      this.buffer.push(fix);
      if (this.buffer.length > this.maxBuffer) {
        this.buffer.shift();
        this.dropped++;
      }
      return [];
    }
    if (this.buffer.length === 0) return [fix];
    const out = this.buffer;
    out.push(fix);
    this.buffer = [];
    return out;
  }

  /** Forces an outage (tests, fault injection). */
  dropFor(seconds: number): void {
    this.offlineLeft = seconds;
  }
}
