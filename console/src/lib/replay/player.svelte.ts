import { createClock, pause, play, seek, setSpeed, tick, type Clock, type Speed } from './clock.ts';
import { eventIndexAt, eventPosition } from './events.ts';
import { positionAt, type TrackPoint, type TrackPosition } from './track.ts';
import type { ReplayEvent, ReplayResult } from './replay-api.ts';

/** Distinct, colour-blind friendly-ish track colours (Okabe–Ito), by vehicle order. */
const COLOURS: readonly [number, number, number][] = [
  [0, 114, 178],
  [213, 94, 0],
  [0, 158, 115],
  [204, 121, 167],
  [230, 159, 0],
  [86, 180, 233],
  [120, 94, 240],
  [90, 90, 90],
];

export interface PreparedTrack {
  vehicleId: string;
  label: string;
  crewId: string | null;
  points: readonly TrackPoint[];
  path: [number, number][];
  colour: [number, number, number];
}

export interface PreparedEvent extends ReplayEvent {
  time: number;
  position: [number, number] | null;
}

export interface Prepared {
  from: number;
  to: number;
  tracks: PreparedTrack[];
  events: PreparedEvent[];
  eventTimes: number[];
  truncated: boolean;
  pointCount: number;
}

export function prepare(r: ReplayResult): Prepared {
  const tracks = r.tracks.map((tr, i) => ({
    vehicleId: tr.vehicleId,
    label: tr.label,
    crewId: tr.crewId,
    points: tr.points,
    path: tr.points.map((p): [number, number] => [p[1], p[2]]),
    colour: COLOURS[i % COLOURS.length] ?? [0, 0, 0],
  }));
  const events = r.events.map((e) => ({ ...e, time: Date.parse(e.at), position: eventPosition(e) })).sort((a, b) => a.time - b.time);
  return {
    from: Date.parse(r.from),
    to: Date.parse(r.to),
    tracks,
    events,
    eventTimes: events.map((e) => e.time),
    truncated: r.truncated,
    pointCount: tracks.reduce((n, tr) => n + tr.points.length, 0),
  };
}

export interface VehicleAt {
  track: PreparedTrack;
  position: TrackPosition;
}

/**
 * The replay being watched: the loaded data, the playback clock and a frame loop that runs only
 * while playing. Svelte sees `data`, `clock` and `time`; everything else is derived from them.
 */
export class ReplayPlayer {
  data = $state.raw<Prepared | null>(null);
  clock = $state.raw<Clock>(createClock({ from: 0, to: 0, wall: 0 }));
  time = $state(0);
  followId = $state<string | null>(null);
  private frame = 0;

  load(r: ReplayResult): void {
    this.stopLoop();
    const data = prepare(r);
    this.data = data;
    this.clock = createClock({ from: data.from, to: data.to, speed: this.clock.speed, wall: performance.now() });
    this.time = data.from;
    if (this.followId && !data.tracks.some((t) => t.vehicleId === this.followId)) this.followId = null;
  }

  clear(): void {
    this.stopLoop();
    this.data = null;
  }

  toggle(): void {
    const now = performance.now();
    if (this.clock.playing) {
      this.clock = pause(this.clock, now);
      this.stopLoop();
    } else {
      this.clock = play(this.clock, now);
      this.time = this.clock.t;
      this.startLoop();
    }
  }

  seek(t: number): void {
    this.clock = seek(this.clock, t, performance.now());
    this.time = this.clock.t;
  }

  setSpeed(speed: Speed): void {
    this.clock = setSpeed(this.clock, speed, performance.now());
  }

  /** Index of the latest event already happened (-1 before the first). */
  get currentEvent(): number {
    return this.data ? eventIndexAt(this.data.eventTimes, this.time) : -1;
  }

  vehiclesAt(t: number): VehicleAt[] {
    const out: VehicleAt[] = [];
    for (const track of this.data?.tracks ?? []) {
      const position = positionAt(track.points, t);
      if (position) out.push({ track, position });
    }
    return out;
  }

  destroy(): void {
    this.stopLoop();
  }

  private startLoop(): void {
    if (this.frame) return;
    const step = (): void => {
      this.clock = tick(this.clock, performance.now());
      this.time = this.clock.t;
      this.frame = this.clock.playing ? requestAnimationFrame(step) : 0;
    };
    this.frame = requestAnimationFrame(step);
  }

  private stopLoop(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
