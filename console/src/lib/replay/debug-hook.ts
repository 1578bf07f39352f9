import type { ReplayPlayer } from './player.svelte.ts';

/** Read-only view of the replay screen for end-to-end tests and support staff (browser console). */
export interface VatioReplayDebug {
  loaded(): boolean;
  time(): number;
  range(): { from: number; to: number } | null;
  playing(): boolean;
  speed(): number;
  tracks(): { vehicleId: string; points: number }[];
  events(): { id: string; orderId: string; action: string; time: number }[];
  /** interpolated positions at the current replay time */
  vehicles(): { vehicleId: string; lon: number; lat: number }[];
  /** where a vehicle is drawn now, in page pixels (null when not yet seen or off screen) */
  screenPosition(vehicleId: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __vatioReplay?: VatioReplayDebug;
  }
}

type Projector = (lngLat: [number, number]) => { x: number; y: number };

export function installReplayDebugHook(player: ReplayPlayer, canvas: () => Element | null, projector: () => Projector | null): () => void {
  const hook: VatioReplayDebug = {
    loaded: () => player.data !== null,
    time: () => player.time,
    range: () => (player.data ? { from: player.data.from, to: player.data.to } : null),
    playing: () => player.clock.playing,
    speed: () => player.clock.speed,
    tracks: () => (player.data?.tracks ?? []).map((t) => ({ vehicleId: t.vehicleId, points: t.points.length })),
    events: () => (player.data?.events ?? []).map((e) => ({ id: e.id, orderId: e.orderId, action: e.action, time: e.time })),
    vehicles: () => player.vehiclesAt(player.time).map((v) => ({ vehicleId: v.track.vehicleId, lon: v.position.lon, lat: v.position.lat })),
    screenPosition: (id) => {
      const v = player.vehiclesAt(player.time).find((x) => x.track.vehicleId === id);
      const el = canvas();
      const project = projector();
      if (!v || !el || !project) return null;
      const rect = el.getBoundingClientRect();
      const p = project([v.position.lon, v.position.lat]);
      const x = rect.left + p.x;
      const y = rect.top + p.y;
      if (x < rect.left || x > rect.right || y < rect.top || y > rect.bottom) return null;
      return { x, y };
    },
  };
  Object.defineProperty(window, '__vatioReplay', { value: Object.freeze(hook), configurable: true, writable: false });
  return () => {
    delete window.__vatioReplay;
  };
}
