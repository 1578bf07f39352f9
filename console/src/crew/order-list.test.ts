import { describe, expect, it } from 'vitest';
import type { WorkOrder } from '../lib/contracts.ts';
import { belongsToCrew, inSequence, isNewArrival } from './order-list.ts';

const o = (id: string, x: Partial<WorkOrder> = {}): WorkOrder => ({
  id, typeCode: 'cut', typeName: 'Corte', status: 'dispatched', priority: 'normal', lat: 0, lon: 0, address: 'x', accountRef: null,
  windowStart: null, windowEnd: null, source: 'manual', notes: '', crewId: 'c-1', sequence: null, respondBy: '', resolveBy: '',
  completion: null, failureReason: null, version: 1, createdAt: '', updatedAt: '', ...x,
});

describe('crew order list', () => {
  it("follows the dispatcher's sequence, unsequenced last, closed orders at the end", () => {
    const list = inSequence([o('OT-3'), o('OT-2', { sequence: 2 }), o('OT-1', { sequence: 1, status: 'completed' }), o('OT-4', { sequence: 1 })]);
    expect(list.map((x) => x.id)).toEqual(['OT-4', 'OT-2', 'OT-3', 'OT-1']);
  });
  it("keeps only the crew's own orders", () => {
    expect(belongsToCrew(o('OT-1'), ['c-1'])).toBe(true);
    expect(belongsToCrew(o('OT-1', { crewId: 'c-2' }), ['c-1'])).toBe(false);
    expect(belongsToCrew(o('OT-1', { crewId: null }), ['c-1'])).toBe(false);
  });
  it('buzzes once, when an order is dispatched to the crew', () => {
    expect(isNewArrival(undefined, o('OT-1'))).toBe(true);
    expect(isNewArrival(o('OT-1', { status: 'assigned' }), o('OT-1'))).toBe(true);
    expect(isNewArrival(o('OT-1'), o('OT-1', { version: 2 }))).toBe(false);
    expect(isNewArrival(undefined, o('OT-1', { status: 'assigned' }))).toBe(false);
  });
});
