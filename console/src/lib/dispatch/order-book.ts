import type { OrderEta, Priority, WorkOrder } from '../contracts.ts';
import { isOpen } from './actions.ts';
import { matchesFilter, type OrderFilter } from './filters.ts';

/**
 * The board's orders: a plain Map keyed by id (never a big reactive array) plus the last ETA of
 * each en-route order. `version` goes up on every change so the view knows when to rebuild.
 */
export interface OrderBook {
  orders: Map<string, WorkOrder>;
  etas: Map<string, OrderEta>;
  version: number;
}

export function createOrderBook(): OrderBook {
  return { orders: new Map(), etas: new Map(), version: 0 };
}

export type UpsertResult = 'inserted' | 'updated' | 'removed' | 'ignored';

/**
 * Applies one order as the server sent it. An older version than the one held is ignored
 * (messages and a refetch can cross); a closed order leaves the board.
 */
export function upsertOrder(book: OrderBook, order: WorkOrder): UpsertResult {
  const held = book.orders.get(order.id);
  if (held && held.version > order.version) return 'ignored';
  if (!isOpen(order.status)) {
    if (!held) return 'ignored';
    book.orders.delete(order.id);
    book.etas.delete(order.id);
    book.version++;
    return 'removed';
  }
  if (held && held.version === order.version && held.updatedAt === order.updatedAt) return 'ignored';
  book.orders.set(order.id, order);
  // an ETA belongs to a crew on the way; once it is not (arrived, reassigned) it is stale
  const eta = book.etas.get(order.id);
  if (eta && (order.status !== 'en_route' || eta.crewId !== order.crewId)) book.etas.delete(order.id);
  book.version++;
  return held ? 'updated' : 'inserted';
}

/** Replaces everything with a fresh list (first load, reconnect); ETAs of orders still there stay. */
export function replaceOrders(book: OrderBook, orders: readonly WorkOrder[]): void {
  const fresh = new Map<string, WorkOrder>();
  for (const o of orders) if (isOpen(o.status)) fresh.set(o.id, o);
  for (const id of book.etas.keys()) if (!fresh.has(id)) book.etas.delete(id);
  book.orders = fresh;
  book.version++;
}

export function applyEta(book: OrderBook, eta: OrderEta): boolean {
  const o = book.orders.get(eta.orderId);
  if (!o || o.crewId !== eta.crewId) return false;
  book.etas.set(eta.orderId, eta);
  book.version++;
  return true;
}

const RANK: Record<Priority, number> = { emergency: 0, high: 1, normal: 2, low: 3 };

/** Emergencies first, then the earliest resolve-by, then id (stable) — the server's order too. */
export function compareOrders(a: WorkOrder, b: WorkOrder): number {
  const ea = a.priority === 'emergency' ? 0 : 1;
  const eb = b.priority === 'emergency' ? 0 : 1;
  if (ea !== eb) return ea - eb;
  const ra = Date.parse(a.resolveBy);
  const rb = Date.parse(b.resolveBy);
  if (ra !== rb) return ra - rb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function priorityRank(p: Priority): number {
  return RANK[p];
}

/** The rows the list shows: filtered, then sorted. */
export function visibleOrders(book: OrderBook, filter: OrderFilter, crewName: (id: string) => string | null): WorkOrder[] {
  // the same order as compareOrders, with the dates parsed once per order rather than per comparison
  const keyed: { o: WorkOrder; e: number; r: number }[] = [];
  for (const o of book.orders.values()) {
    if (matchesFilter(o, filter, crewName)) keyed.push({ o, e: o.priority === 'emergency' ? 0 : 1, r: Date.parse(o.resolveBy) });
  }
  keyed.sort((a, b) => a.e - b.e || a.r - b.r || (a.o.id < b.o.id ? -1 : a.o.id > b.o.id ? 1 : 0));
  return keyed.map((k) => k.o);
}
