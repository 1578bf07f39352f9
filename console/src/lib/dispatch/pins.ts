import type { Priority, WorkOrder } from '../contracts.ts';

export type Rgba = [number, number, number, number];

/** Same hues as the priority chips: emergency red, high orange, normal blue, low grey. */
export const priorityColors: Record<Priority, Rgba> = {
  emergency: [214, 40, 40, 255],
  high: [240, 130, 20, 255],
  normal: [37, 99, 235, 255],
  low: [130, 137, 148, 255],
};

export const priorityCss: Record<Priority, string> = {
  emergency: '#d62828',
  high: '#f08214',
  normal: '#2563eb',
  low: '#828994',
};

export interface OrderPin {
  id: string;
  position: [number, number];
  color: Rgba;
  /** emergencies are drawn bigger and last (on top) */
  radius: number;
  breached: boolean;
  emergency: boolean;
}

const DRAW_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, emergency: 3 };

/**
 * deck.gl rows for the pins: low priorities first so emergencies draw on top. `scale` enlarges
 * them for the wall screen (read from across the room).
 */
export function buildOrderPins(orders: Iterable<WorkOrder>, nowMs: number, opts: { scale?: number } = {}): OrderPin[] {
  const scale = opts.scale ?? 1;
  const rows: { pin: OrderPin; rank: number }[] = [];
  for (const o of orders) {
    rows.push({
      rank: DRAW_RANK[o.priority],
      pin: {
        id: o.id,
        position: [o.lon, o.lat],
        color: priorityColors[o.priority],
        radius: (o.priority === 'emergency' ? 9 : 7) * scale,
        emergency: o.priority === 'emergency',
        breached: Date.parse(o.status === 'on_site' ? o.resolveBy : o.respondBy) <= nowMs,
      },
    });
  }
  return rows.sort((a, b) => a.rank - b.rank).map((r) => r.pin);
}
