/**
 * The work-order lifecycle (issue 3): a pure state machine. Every change goes through
 * `nextStatus`; anything it refuses is answered 409 and changes nothing.
 *
 *   new → scheduled → assigned → dispatched → acknowledged → en_route → on_site → completed
 *                                                                        ↘ failed (reason)
 *   any open state → cancelled;  assigned … en_route → unassigned back to new/scheduled (pre-emption)
 */
export const orderStatuses = [
  'new',
  'scheduled',
  'assigned',
  'dispatched',
  'acknowledged',
  'en_route',
  'on_site',
  'completed',
  'failed',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orderActions = [
  'schedule',
  'assign',
  'unassign',
  'dispatch',
  'acknowledge',
  'start_travel',
  'arrive',
  'undo_arrival',
  'complete',
  'fail',
  'cancel',
] as const;
export type OrderAction = (typeof orderActions)[number];

export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['completed', 'failed', 'cancelled']);

const OPEN: OrderStatus[] = ['new', 'scheduled', 'assigned', 'dispatched', 'acknowledged', 'en_route', 'on_site'];

/** from-statuses allowed for each action, and where it leads */
const TABLE: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus | 'back_to_queue' }> = {
  schedule: { from: ['new', 'scheduled'], to: 'scheduled' },
  assign: { from: ['new', 'scheduled', 'assigned'], to: 'assigned' },
  unassign: { from: ['assigned', 'dispatched', 'acknowledged', 'en_route'], to: 'back_to_queue' },
  dispatch: { from: ['assigned'], to: 'dispatched' },
  acknowledge: { from: ['dispatched'], to: 'acknowledged' },
  start_travel: { from: ['dispatched', 'acknowledged'], to: 'en_route' },
  arrive: { from: ['en_route'], to: 'on_site' },
  undo_arrival: { from: ['on_site'], to: 'en_route' },
  complete: { from: ['on_site'], to: 'completed' },
  fail: { from: ['en_route', 'on_site'], to: 'failed' },
  cancel: { from: OPEN, to: 'cancelled' },
};

export type Transition = { ok: true; to: OrderStatus } | { ok: false; reason: string };

/**
 * Where `action` takes an order in `from`; `hasWindow` decides whether an order sent back to the
 * queue is `scheduled` (it has an appointment) or `new`.
 *
 * @example nextStatus('assigned', 'dispatch') // { ok: true, to: 'dispatched' }
 * @example nextStatus('completed', 'cancel')  // { ok: false, reason: 'cannot cancel an order that is completed' }
 */
export function nextStatus(from: OrderStatus, action: OrderAction, opts: { hasWindow?: boolean } = {}): Transition {
  const rule = TABLE[action];
  if (!rule.from.includes(from)) {
    return { ok: false, reason: `cannot ${action.replace('_', ' ')} an order that is ${from.replace('_', ' ')}` };
  }
  if (rule.to === 'back_to_queue') return { ok: true, to: opts.hasWindow ? 'scheduled' : 'new' };
  return { ok: true, to: rule.to };
}

/** Actions a crew may take on its own orders (the rest are the dispatcher's). */
export const CREW_ACTIONS: ReadonlySet<OrderAction> = new Set([
  'acknowledge',
  'start_travel',
  'arrive',
  'undo_arrival',
  'complete',
  'fail',
]);
