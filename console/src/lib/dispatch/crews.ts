import type { WorkOrder } from '../contracts.ts';

/** The drag payload of an order row (its id); other drags (text, files) are not drop-able. */
export const ORDER_DRAG_TYPE = 'application/x-vatio-order';

/** Open orders per crew, for the crews column. */
export function openOrdersByCrew(orders: Iterable<WorkOrder>): Map<string, number> {
  const n = new Map<string, number>();
  for (const o of orders) if (o.crewId) n.set(o.crewId, (n.get(o.crewId) ?? 0) + 1);
  return n;
}
