import type { ServerMessage, WorkOrder } from '../contracts.ts';

export interface EmergencyAlert {
  orderId: string;
  typeName: string;
  address: string;
  /** ms (browser clock) it was raised */
  at: number;
}

/** An `order.updated` announcing a newly created emergency (a leak, a fallen conductor…). */
export function emergencyAlertOf(m: ServerMessage, nowMs: number): EmergencyAlert | null {
  if (m.type !== 'order.updated') return null;
  const { order, event } = m.data;
  if (order.priority !== 'emergency' || event.action !== 'create') return null;
  return { orderId: order.id, typeName: order.typeName, address: order.address, at: nowMs };
}

/** Alerts still worth showing: the order is not yet taken by a crew (or is unknown). */
export function stillUnattended(order: WorkOrder | undefined): boolean {
  return !order || ((order.status === 'new' || order.status === 'scheduled') && order.crewId === null);
}

/** The board link that opens an order's suggestions (the map page banner uses it). */
export function suggestionsHref(orderId: string): string {
  return `#/dispatch?order=${encodeURIComponent(orderId)}&suggest=1`;
}

/** Reads `#/dispatch?order=OT-…&suggest=1`. */
export function parseBoardHash(hash: string): { orderId: string | null; suggest: boolean } {
  const q = hash.indexOf('?');
  if (q < 0) return { orderId: null, suggest: false };
  const params = new URLSearchParams(hash.slice(q + 1));
  return { orderId: params.get('order'), suggest: params.get('suggest') === '1' };
}
