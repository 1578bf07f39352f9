import type { LiveResponse, VehicleLive, VehicleStatus } from '../contracts.ts';
import type { Thresholds } from './status.ts';

/** One point of a vehicle's recent path, in fix-time order. */
export interface TrailPoint {
  lon: number;
  lat: number;
  /** fix time, epoch ms */
  t: number;
}

export interface VehicleState {
  live: VehicleLive;
  /** `live.fixTime` parsed once (epoch ms) */
  fixMs: number;
  /** last status the server stated (position or vehicle.status message) */
  serverStatus: VehicleStatus;
  trail: TrailPoint[];
}

/**
 * Client-side live picture of the fleet. Deliberately a plain mutable Map, not a reactive store:
 * with 5,000 vehicles and a batch every 50 ms, copying or proxying it per message would cost
 * more than drawing it. `version` bumps on every change so renderers can tell when to redraw.
 */
export interface LiveState {
  vehicles: Map<string, VehicleState>;
  thresholds: Thresholds;
  /** server clock minus browser clock, ms (from LiveResponse.serverTime) */
  clockOffsetMs: number;
  version: number;
}

export interface TrailOptions {
  /** points kept per vehicle, newest first wins */
  maxPoints: number;
  /** points older than this (relative to now) are dropped by pruneTrails */
  maxAgeMs: number;
}

export const defaultTrailOptions: TrailOptions = { maxPoints: 120, maxAgeMs: 5 * 60_000 };

export function createLiveState(thresholds: Thresholds = { onlineSeconds: 60, offlineSeconds: 600 }): LiveState {
  return { vehicles: new Map(), thresholds, clockOffsetMs: 0, version: 0 };
}

/** Adds a point keeping fix-time order (late buffered fixes land in their place) and the cap. */
function addTrailPoint(trail: TrailPoint[], point: TrailPoint, maxPoints: number): void {
  let i = trail.length;
  while (i > 0 && (trail[i - 1] as TrailPoint).t > point.t) i--;
  if (i > 0 && (trail[i - 1] as TrailPoint).t === point.t) return; // duplicate fix
  trail.splice(i, 0, point);
  if (trail.length > maxPoints) trail.splice(0, trail.length - maxPoints);
}

/**
 * Applies one vehicle's latest position. Positions are ordered by fix time, not arrival time
 * (ARCHITECTURE: data flow rules): an older fix goes into the trail but never moves the
 * vehicle backwards. Returns true when the vehicle's head changed.
 */
export function applyPosition(state: LiveState, v: VehicleLive, opts: TrailOptions = defaultTrailOptions): boolean {
  const fixMs = Date.parse(v.fixTime);
  if (!Number.isFinite(fixMs)) return false;
  const point: TrailPoint = { lon: v.lon, lat: v.lat, t: fixMs };
  const current = state.vehicles.get(v.vehicleId);
  if (!current) {
    state.vehicles.set(v.vehicleId, { live: v, fixMs, serverStatus: v.status, trail: [point] });
    state.version++;
    return true;
  }
  if (fixMs < current.fixMs) {
    addTrailPoint(current.trail, point, opts.maxPoints);
    state.version++;
    return false;
  }
  if (fixMs === current.fixMs) {
    // same fix again (e.g. /live refetch after reconnect): take metadata such as a new crew
    current.live = { ...v, lat: current.live.lat, lon: current.live.lon };
    current.serverStatus = v.status;
    state.version++;
    return false;
  }
  current.live = v;
  current.fixMs = fixMs;
  current.serverStatus = v.status;
  addTrailPoint(current.trail, point, opts.maxPoints);
  state.version++;
  return true;
}

/** A `positions` batch from the socket. Returns how many vehicles moved. */
export function applyPositions(state: LiveState, batch: readonly VehicleLive[], opts: TrailOptions = defaultTrailOptions): number {
  let moved = 0;
  for (const v of batch) if (applyPosition(state, v, opts)) moved++;
  return moved;
}

/** A `vehicle.status` message. Unknown ids are ignored (the next /live brings them). */
export function applyStatusChanges(state: LiveState, changes: readonly { vehicleId: string; status: VehicleStatus }[]): void {
  for (const c of changes) {
    const v = state.vehicles.get(c.vehicleId);
    if (v && v.serverStatus !== c.status) {
      v.serverStatus = c.status;
      state.version++;
    }
  }
}

/**
 * The /live snapshot (first load and every reconnect): vehicles missing from it are gone from
 * the fleet; the rest keep their trails so a reconnect does not erase the last minutes.
 */
export function applyLiveSnapshot(
  state: LiveState,
  response: LiveResponse,
  browserNowMs: number,
  opts: TrailOptions = defaultTrailOptions,
): void {
  state.thresholds = { ...response.thresholds };
  const serverMs = Date.parse(response.serverTime);
  state.clockOffsetMs = Number.isFinite(serverMs) ? serverMs - browserNowMs : 0;
  const present = new Set<string>();
  for (const v of response.vehicles) {
    present.add(v.vehicleId);
    applyPosition(state, v, opts);
  }
  for (const id of state.vehicles.keys()) if (!present.has(id)) state.vehicles.delete(id);
  state.version++;
}

/** Drops trail points older than the window. Cheap: looks at each trail's oldest point first. */
export function pruneTrails(state: LiveState, nowMs: number, opts: TrailOptions = defaultTrailOptions): void {
  const cutoff = nowMs - opts.maxAgeMs;
  for (const v of state.vehicles.values()) {
    const trail = v.trail;
    if (trail.length === 0 || (trail[0] as TrailPoint).t >= cutoff) continue;
    let i = 0;
    while (i < trail.length && (trail[i] as TrailPoint).t < cutoff) i++;
    trail.splice(0, i);
    state.version++;
  }
}

/** "Now" on the server's clock, which is what fix ages are measured against. */
export function serverNow(state: LiveState, browserNowMs: number): number {
  return browserNowMs + state.clockOffsetMs;
}
