import { describe, expect, it } from 'vitest';
import { allowedActions, canAct, targetStatus } from './actions.ts';

describe('crew actions per status', () => {
  it('offers acknowledge and start travel on a dispatched order', () => {
    expect(allowedActions('dispatched')).toEqual(['acknowledge', 'start_travel']);
  });
  it('offers only start travel once acknowledged', () => {
    expect(allowedActions('acknowledged')).toEqual(['start_travel']);
  });
  it('offers arrive and fail en route; complete, fail and undo arrival on site', () => {
    expect(allowedActions('en_route')).toEqual(['arrive', 'fail']);
    expect(allowedActions('on_site')).toEqual(['complete', 'fail', 'undo_arrival']);
    expect(targetStatus('undo_arrival')).toBe('en_route');
  });
  it('offers nothing before dispatch or after the order is closed', () => {
    for (const s of ['new', 'scheduled', 'assigned', 'completed', 'failed', 'cancelled'] as const) expect(allowedActions(s)).toEqual([]);
  });
  it('knows where each action leads', () => {
    expect(targetStatus('start_travel')).toBe('en_route');
    expect(targetStatus('fail')).toBe('failed');
    expect(canAct('on_site', 'arrive')).toBe(false);
  });
});
