import type { OrderStatusValue, Priority, WorkOrder } from '../contracts.ts';

/** `crewId`: '' any crew, '-' unassigned, otherwise that crew. Empty values filter nothing. */
export interface OrderFilter {
  statuses: readonly OrderStatusValue[];
  priority: Priority | '';
  typeCode: string;
  crewId: string;
  q: string;
}

export const UNASSIGNED = '-';

export const emptyFilter: OrderFilter = { statuses: [], priority: '', typeCode: '', crewId: '', q: '' };

export function isEmptyFilter(f: OrderFilter): boolean {
  return f.statuses.length === 0 && !f.priority && !f.typeCode && !f.crewId && !f.q.trim();
}

/** Lower-case, no accents: "Reconexión" matches "reconexion". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * Free text matches every word somewhere in id, address, account, type, crew name or notes.
 *
 * @example matchesFilter(order, { ...emptyFilter, q: 'julio 1360' }, () => null)
 */
export function matchesFilter(o: WorkOrder, f: OrderFilter, crewName: (id: string) => string | null): boolean {
  if (f.statuses.length > 0 && !f.statuses.includes(o.status)) return false;
  if (f.priority && o.priority !== f.priority) return false;
  if (f.typeCode && o.typeCode !== f.typeCode) return false;
  if (f.crewId === UNASSIGNED ? o.crewId !== null : f.crewId && o.crewId !== f.crewId) return false;
  const words = fold(f.q).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold([o.id, o.address, o.accountRef ?? '', o.typeName, o.crewId ? (crewName(o.crewId) ?? o.crewId) : '', o.notes].join(' '));
  return words.every((w) => hay.includes(w));
}

/** Orders per status (for the status chips), over all orders regardless of the filter. */
export function countByStatus(orders: Iterable<WorkOrder>): Map<OrderStatusValue, number> {
  const counts = new Map<OrderStatusValue, number>();
  for (const o of orders) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  return counts;
}
