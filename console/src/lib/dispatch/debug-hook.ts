import type { DispatchBoard } from './board.svelte.ts';

/** Read-only view of the board for end-to-end tests and support staff (browser console). */
export interface DispatchDebug {
  orders(): { id: string; status: string; crewId: string | null; priority: string }[];
  /** ids of the pins the map layer last drew */
  pins(): string[];
  /** where an order's pin is, in page pixels (null when unknown or off screen) */
  pinPosition(id: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __vatioDispatch?: DispatchDebug;
  }
}

export type Projector = (lngLat: [number, number]) => { x: number; y: number };

export function installDispatchHook(
  board: DispatchBoard,
  opts: { pins: () => readonly string[]; canvas: () => Element | null; projector: () => Projector | null },
): () => void {
  const hook: DispatchDebug = {
    orders: () => [...board.book.orders.values()].map((o) => ({ id: o.id, status: o.status, crewId: o.crewId, priority: o.priority })),
    pins: () => [...opts.pins()],
    pinPosition: (id) => {
      const o = board.book.orders.get(id);
      const canvas = opts.canvas();
      const project = opts.projector();
      if (!o || !canvas || !project) return null;
      const rect = canvas.getBoundingClientRect();
      const p = project([o.lon, o.lat]);
      const x = rect.left + p.x;
      const y = rect.top + p.y;
      if (x < rect.left || x > rect.right || y < rect.top || y > rect.bottom) return null;
      return { x, y };
    },
  };
  Object.defineProperty(window, '__vatioDispatch', { value: Object.freeze(hook), configurable: true, writable: false });
  return () => {
    delete window.__vatioDispatch;
  };
}
