import type { VehicleStatus } from '../contracts.ts';
import type { LiveState, VehicleState } from './live-state.ts';
import { effectiveStatus, statusByAge, type Thresholds } from './status.ts';

export type Rgba = [number, number, number, number];

/** Status colours: online green, unknown amber, offline grey (same in light and wall themes). */
export const statusColors: Record<VehicleStatus, Rgba> = {
  online: [34, 160, 80, 255],
  unknown: [240, 165, 0, 255],
  offline: [140, 145, 155, 255],
};

export interface VehicleRow {
  id: string;
  position: [number, number];
  /** deck.gl angle: degrees counter-clockwise; heading is clockwise from north */
  angle: number;
  /** false when the unit sent no heading: draw a dot instead of an arrow */
  hasHeading: boolean;
  status: VehicleStatus;
  color: Rgba;
  label: string;
}

export interface StatusCounts {
  online: number;
  unknown: number;
  offline: number;
  total: number;
}

export function vehicleStatusAt(v: VehicleState, nowMs: number, thresholds: Thresholds): VehicleStatus {
  return effectiveStatus(v.serverStatus, statusByAge((nowMs - v.fixMs) / 1000, thresholds));
}

/** What a vehicle is called on the map: the crew's name, else the vehicle's label. */
export function vehicleLabel(v: VehicleState): string {
  return v.live.crewName ?? v.live.label;
}

/** One pass over the fleet: rows for the icon/text layers and the header counts. */
export function buildVehicleRows(vehicles: Iterable<VehicleState>, nowMs: number, thresholds: Thresholds): { rows: VehicleRow[]; counts: StatusCounts } {
  const rows: VehicleRow[] = [];
  const counts: StatusCounts = { online: 0, unknown: 0, offline: 0, total: 0 };
  for (const v of vehicles) {
    const status = vehicleStatusAt(v, nowMs, thresholds);
    counts[status]++;
    counts.total++;
    const heading = v.live.heading;
    rows.push({
      id: v.live.vehicleId,
      position: [v.live.lon, v.live.lat],
      angle: heading === null ? 0 : -heading,
      hasHeading: heading !== null,
      status,
      color: statusColors[status],
      label: vehicleLabel(v),
    });
  }
  return { rows, counts };
}

export interface TrailRow {
  id: string;
  path: [number, number][];
  color: Rgba;
}

/** Paths of the last minutes, faded status colour; vehicles with fewer than two points are skipped. */
export function buildTrailRows(state: LiveState, nowMs: number, windowMs: number): TrailRow[] {
  const rows: TrailRow[] = [];
  const cutoff = nowMs - windowMs;
  for (const v of state.vehicles.values()) {
    const path: [number, number][] = [];
    for (const p of v.trail) if (p.t >= cutoff) path.push([p.lon, p.lat]);
    if (path.length < 2) continue;
    const [r, g, b] = statusColors[vehicleStatusAt(v, nowMs, state.thresholds)];
    rows.push({ id: v.live.vehicleId, path, color: [r, g, b, 170] });
  }
  return rows;
}

/** [west, south, east, north] */
export type Bounds = [number, number, number, number];

/**
 * Labels only for vehicles on screen, at most `max`: 5,000 names at once are neither readable
 * nor cheap to lay out. Selected vehicle first so its label is never the one cut.
 */
export function visibleLabelRows(rows: readonly VehicleRow[], bounds: Bounds, max: number, selectedId: string | null = null): VehicleRow[] {
  const [w, s, e, n] = bounds;
  const out: VehicleRow[] = [];
  const selected = selectedId === null ? undefined : rows.find((r) => r.id === selectedId);
  if (selected) out.push(selected);
  for (const r of rows) {
    if (out.length >= max) break;
    if (r === selected) continue;
    const [lon, lat] = r.position;
    if (lon >= w && lon <= e && lat >= s && lat <= n) out.push(r);
  }
  return out;
}

export interface DepartmentLabel {
  name: string;
  lon: number;
  lat: number;
}

export interface TextRow {
  text: string;
  position: [number, number];
}

export function departmentLabelRows(labels: readonly DepartmentLabel[]): TextRow[] {
  return labels.map((l) => ({ text: l.name, position: [l.lon, l.lat] }));
}

export interface ScreenPoint {
  x: number;
  y: number;
}

/**
 * Greedy label placement: keeps a label only if its box (below the icon) overlaps no label kept
 * before it, in the given order (put the selected vehicle first). A pure stand-in for a collision
 * extension: a wall of overlapping crew names reads as noise.
 */
export function declutterLabels<T extends { label: string; position: [number, number] }>(
  rows: readonly T[],
  opts: { project: (position: [number, number]) => ScreenPoint; fontSize: number; offsetY: number; max: number },
): T[] {
  const kept: T[] = [];
  const boxes: [number, number, number, number][] = [];
  const charWidth = opts.fontSize * 0.6;
  const height = opts.fontSize * 1.3;
  for (const r of rows) {
    if (kept.length >= opts.max) break;
    const p = opts.project(r.position);
    const half = (r.label.length * charWidth) / 2 + 2;
    const box: [number, number, number, number] = [p.x - half, p.y + opts.offsetY, p.x + half, p.y + opts.offsetY + height];
    let free = true;
    for (const b of boxes) {
      if (box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]) {
        free = false;
        break;
      }
    }
    if (free) {
      boxes.push(box);
      kept.push(r);
    }
  }
  return kept;
}

/**
 * Icon size in pixels for a zoom level: small dots over the whole country (5,000 full-size
 * arrows would carpet it), full size at street level. Wall mode is ~40 % larger.
 */
export function iconSizeForZoom(zoom: number, wall: boolean): number {
  const t = Math.min(1, Math.max(0, (zoom - 7) / 5)); // 0 at zoom 7, 1 at zoom 12
  const size = 12 + t * 16;
  return Math.round(wall ? size * 1.4 : size);
}

/** Crew names only when they can be read: zoomed in, or few vehicles on screen. */
export function showLabels(zoom: number, onScreen: number): boolean {
  return zoom >= 12 || onScreen <= 150;
}
