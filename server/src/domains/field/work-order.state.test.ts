import { describe, expect, it } from 'vitest';
import { FINAL_STATUSES, nextStatus, orderActions, orderStatuses, type OrderAction, type OrderStatus } from './work-order.state.ts';

// The complete table of allowed transitions: every (status, action) pair not listed is refused.
const allowed: Record<string, OrderStatus> = {
  'new/schedule': 'scheduled',
  'scheduled/schedule': 'scheduled',
  'new/assign': 'assigned',
  'scheduled/assign': 'assigned',
  'assigned/assign': 'assigned',
  'assigned/unassign': 'new',
  'dispatched/unassign': 'new',
  'acknowledged/unassign': 'new',
  'en_route/unassign': 'new',
  'assigned/dispatch': 'dispatched',
  'dispatched/acknowledge': 'acknowledged',
  'dispatched/start_travel': 'en_route',
  'acknowledged/start_travel': 'en_route',
  'en_route/arrive': 'on_site',
  'on_site/undo_arrival': 'en_route',
  'on_site/complete': 'completed',
  'en_route/fail': 'failed',
  'on_site/fail': 'failed',
  'new/cancel': 'cancelled',
  'scheduled/cancel': 'cancelled',
  'assigned/cancel': 'cancelled',
  'dispatched/cancel': 'cancelled',
  'acknowledged/cancel': 'cancelled',
  'en_route/cancel': 'cancelled',
  'on_site/cancel': 'cancelled',
};

describe('work-order state machine', () => {
  for (const from of orderStatuses) {
    for (const action of orderActions) {
      const key = `${from}/${action}`;
      const to = allowed[key];
      it(to ? `allows ${action} from ${from} → ${to}` : `refuses ${action} from ${from}`, () => {
        const r = nextStatus(from, action as OrderAction);
        if (to) expect(r).toEqual({ ok: true, to });
        else expect(r.ok).toBe(false);
      });
    }
  }

  it('sends an unassigned order with an appointment back to scheduled', () => {
    expect(nextStatus('en_route', 'unassign', { hasWindow: true })).toEqual({ ok: true, to: 'scheduled' });
  });

  it('never leaves a final status', () => {
    for (const from of FINAL_STATUSES) for (const a of orderActions) expect(nextStatus(from, a).ok).toBe(false);
  });

  it('explains a refusal in words', () => {
    expect(nextStatus('completed', 'cancel')).toEqual({ ok: false, reason: 'cannot cancel an order that is completed' });
  });
});
