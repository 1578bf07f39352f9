/** Replay speeds offered to the supervisor (× real time). */
export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;
export type Speed = (typeof SPEEDS)[number];

/**
 * The playback clock as a value: replay time `t` at wall time `wallAt`, advancing at `speed`
 * while playing. Every operation takes the wall time so tests need no timers.
 */
export interface Clock {
  from: number;
  to: number;
  speed: Speed;
  playing: boolean;
  /** replay time at `wallAt` */
  t: number;
  wallAt: number;
}

const clamp = (c: Clock, t: number): number => Math.min(c.to, Math.max(c.from, t));

export function createClock(opts: { from: number; to: number; speed?: Speed; wall: number }): Clock {
  return { from: opts.from, to: opts.to, speed: opts.speed ?? 10, playing: false, t: opts.from, wallAt: opts.wall };
}

/** Replay time now (clamped to the range). */
export function timeAt(c: Clock, wall: number): number {
  return c.playing ? clamp(c, c.t + (wall - c.wallAt) * c.speed) : c.t;
}

/** Advances to `wall`; playing stops by itself at the end of the range. */
export function tick(c: Clock, wall: number): Clock {
  const t = timeAt(c, wall);
  return { ...c, t, wallAt: wall, playing: c.playing && t < c.to };
}

/** Starts playing; at the end of the range it starts over from the beginning. */
export function play(c: Clock, wall: number): Clock {
  const t = timeAt(c, wall);
  return { ...c, t: t >= c.to ? c.from : t, wallAt: wall, playing: true };
}

export function pause(c: Clock, wall: number): Clock {
  return { ...c, t: timeAt(c, wall), wallAt: wall, playing: false };
}

export function seek(c: Clock, t: number, wall: number): Clock {
  return { ...c, t: clamp(c, t), wallAt: wall };
}

export function setSpeed(c: Clock, speed: Speed, wall: number): Clock {
  return { ...c, t: timeAt(c, wall), wallAt: wall, speed };
}

/** Position of `t` along the range, 0…1 (for the scrubber and the event ticks). */
export function fraction(c: Pick<Clock, 'from' | 'to'>, t: number): number {
  return c.to > c.from ? Math.min(1, Math.max(0, (t - c.from) / (c.to - c.from))) : 0;
}
