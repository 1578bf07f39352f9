import type { OrderStatusValue } from '../lib/contracts.ts';

/** The crew's own lifecycle actions (server: CREW_ACTIONS in work-order.state.ts). */
export const crewActions = ['acknowledge', 'start_travel', 'arrive', 'complete', 'fail', 'undo_arrival'] as const;
export type CrewAction = (typeof crewActions)[number];

/** From-statuses and target of each crew action; mirrors the server's state machine table. */
const RULES: Record<CrewAction, { from: readonly OrderStatusValue[]; to: OrderStatusValue }> = {
  acknowledge: { from: ['dispatched'], to: 'acknowledged' },
  start_travel: { from: ['dispatched', 'acknowledged'], to: 'en_route' },
  arrive: { from: ['en_route'], to: 'on_site' },
  complete: { from: ['on_site'], to: 'completed' },
  fail: { from: ['en_route', 'on_site'], to: 'failed' },
  // an arrival set by the geofence (or tapped by mistake) can be taken back
  undo_arrival: { from: ['on_site'], to: 'en_route' },
};

/** Buttons to show for an order in `status`, in the order a crew uses them. */
export function allowedActions(status: OrderStatusValue): CrewAction[] {
  return crewActions.filter((a) => RULES[a].from.includes(status));
}

export function canAct(status: OrderStatusValue, action: CrewAction): boolean {
  return RULES[action].from.includes(status);
}

/** Where the action takes the order (used for the optimistic status). */
export function targetStatus(action: CrewAction): OrderStatusValue {
  return RULES[action].to;
}

export const FINAL: ReadonlySet<OrderStatusValue> = new Set(['completed', 'failed', 'cancelled']);
