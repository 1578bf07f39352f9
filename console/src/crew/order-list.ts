import type { OrderStatusValue, WorkOrder } from '../lib/contracts.ts';
import { FINAL } from './actions.ts';

/** Open orders in the dispatcher's sequence (nulls last), then today's closed ones. */
export function inSequence(orders: readonly WorkOrder[]): WorkOrder[] {
  const rank = (o: WorkOrder): number => (FINAL.has(o.status) ? 1 : 0);
  return [...orders].sort((a, b) => rank(a) - rank(b) || (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || a.id.localeCompare(b.id));
}

/** Whether an `order.updated` belongs on this crew's list. */
export function belongsToCrew(o: WorkOrder, crewIds: readonly string[]): boolean {
  return o.crewId !== null && crewIds.includes(o.crewId);
}

/** Statuses a crew is told about: the dispatcher sent it out (assigned is still a draft). */
const REACHED: ReadonlySet<OrderStatusValue> = new Set(['dispatched']);

/** An order just reached the crew: buzz the phone. */
export function isNewArrival(before: WorkOrder | undefined, now: WorkOrder): boolean {
  return REACHED.has(now.status) && (!before || !REACHED.has(before.status));
}
