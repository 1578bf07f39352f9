import type { LiveFeed } from './live/live-feed.svelte.ts';
import { vehicleStatusAt } from './live/deck-data.ts';
import { serverNow } from './live/live-state.ts';
import type { VehicleStatus } from './contracts.ts';

/** Read-only view of the live map for end-to-end tests and support staff (browser console). */
export interface VatioDebug {
  counts(): { online: number; unknown: number; offline: number; total: number };
  connection(): string;
  vehicles(): { id: string; lon: number; lat: number; status: VehicleStatus; fixTime: string; trailPoints: number }[];
  selectedId(): string | null;
  /** frames built by the live feed and their cost in ms (build rows + deck layer props) */
  perf(): { frames: number; avgFrameMs: number; maxFrameMs: number };
  /** where a vehicle is drawn, in page pixels (null when unknown or off screen) */
  screenPosition(id: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __vatio?: VatioDebug;
  }
}

/** Projects lon/lat to pixels inside the map's canvas (maplibre's `map.project`). */
export type Projector = (lngLat: [number, number]) => { x: number; y: number };

export function installDebugHook(feed: LiveFeed, host: () => HTMLElement | undefined, projector: () => Projector | null): () => void {
  const hook: VatioDebug = {
    counts: () => ({ ...feed.summary.counts }),
    connection: () => feed.summary.connection,
    selectedId: () => feed.summary.selectedId,
    perf: () => ({ ...feed.perf }),
    vehicles: () => {
      const now = serverNow(feed.state, Date.now());
      return [...feed.state.vehicles.values()].map((v) => ({
        id: v.live.vehicleId,
        lon: v.live.lon,
        lat: v.live.lat,
        status: vehicleStatusAt(v, now, feed.state.thresholds),
        fixTime: v.live.fixTime,
        trailPoints: v.trail.length,
      }));
    },
    screenPosition: (id) => {
      const v = feed.state.vehicles.get(id);
      const el = host();
      const canvas = el?.querySelector('canvas.maplibregl-canvas');
      if (!v || !el || !canvas) return null;
      const rect = canvas.getBoundingClientRect();
      const project = projector();
      if (!project) return null;
      const p = project([v.live.lon, v.live.lat]);
      const x = rect.left + p.x;
      const y = rect.top + p.y;
      if (x < rect.left || x > rect.right || y < rect.top || y > rect.bottom) return null;
      return { x, y };
    },
  };
  Object.defineProperty(window, '__vatio', { value: Object.freeze(hook), configurable: true, writable: false });
  return () => {
    delete window.__vatio;
  };
}
