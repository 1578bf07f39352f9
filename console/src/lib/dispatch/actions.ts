import type { OrderStatusValue } from '../contracts.ts';

/** What a dispatcher can do from the board (crew actions happen on the crew app). */
export type DispatcherAction = 'assign' | 'dispatch' | 'unassign' | 'cancel';

/** From-statuses per action, mirroring the server's state machine (work-order.state.ts). */
const FROM: Record<DispatcherAction, readonly OrderStatusValue[]> = {
  assign: ['new', 'scheduled', 'assigned'],
  dispatch: ['assigned'],
  unassign: ['assigned', 'dispatched', 'acknowledged', 'en_route'],
  cancel: ['new', 'scheduled', 'assigned', 'dispatched', 'acknowledged', 'en_route', 'on_site'],
};

const ORDER: readonly DispatcherAction[] = ['assign', 'dispatch', 'unassign', 'cancel'];

export const OPEN_STATUSES: readonly OrderStatusValue[] = ['new', 'scheduled', 'assigned', 'dispatched', 'acknowledged', 'en_route', 'on_site'];

/** Buttons to show for an order in `status`, in a stable order. Closed orders get none. */
export function allowedActions(status: OrderStatusValue): DispatcherAction[] {
  return ORDER.filter((a) => FROM[a].includes(status));
}

export function isOpen(status: OrderStatusValue): boolean {
  return OPEN_STATUSES.includes(status);
}
