/** What a vehicle is doing right now. */
export type Activity = 'driving' | 'stopped' | 'working';

/** True (noise-free) kinematic state of a simulated vehicle. */
export interface MotionState {
  lat: number;
  lon: number;
  /** m/s */
  speed: number;
  /** degrees clockwise from north */
  heading: number;
  activity: Activity;
}

/** A vehicle motion model advanced in simulated seconds (no clocks inside: tests fast-forward). */
export interface Motion {
  readonly state: MotionState;
  step(dtSeconds: number): MotionState;
}

/** Comfortable longitudinal accelerations of a utility van, m/s². */
export const ACCELERATION = 1.5;
export const DECELERATION = 2.5;
/** Largest step the integrators take; longer steps are split. */
export const MAX_SUBSTEP_S = 0.5;

/** Default time a crew spends at a job: "a few minutes". */
export const DEFAULT_DWELL_S: readonly [number, number] = [180, 720];
