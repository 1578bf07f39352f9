import { describe, expect, it } from 'vitest';
import type { WorkOrder } from '../lib/contracts.ts';
import { applyPending, MemoryQueueStorage, newClientActionId, outcomeOf, replayQueue, serverWinsNotice, type QueuedAction, type SendOutcome } from './queue.ts';

const order = (o: Partial<WorkOrder> = {}): WorkOrder => ({
  id: 'OT-0000001', typeCode: 'reconnection', typeName: 'Reconexión', status: 'dispatched', priority: 'high',
  lat: -34.9, lon: -56.16, address: 'Av. 18 de Julio 1360', accountRef: '1234567', windowStart: null, windowEnd: null,
  source: 'manual', notes: '', crewId: 'c-1', sequence: 1, respondBy: '2026-11-28T12:00:00Z', resolveBy: '2026-11-28T20:00:00Z',
  completion: null, failureReason: null, version: 3, createdAt: '2026-11-28T10:00:00Z', updatedAt: '2026-11-28T10:00:00Z', ...o,
});
let n = 0;
const queued = (a: Partial<QueuedAction> & Pick<QueuedAction, 'action'>): QueuedAction => ({
  clientActionId: `crew-test-${++n}`, seq: n, orderId: 'OT-0000001', expectedVersion: 3, takenAt: '2026-11-28T11:00:00Z', ...a,
});

describe('offline action queue', () => {
  it('makes action ids the server accepts (8 to 64 characters) and never the same twice', () => {
    const a = newClientActionId();
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(newClientActionId()).not.toBe(a);
  });

  it('replays oldest first and empties the queue when the server takes everything', async () => {
    const store = new MemoryQueueStorage();
    const first = queued({ action: 'acknowledge' });
    const second = queued({ action: 'start_travel', expectedVersion: 4 });
    await store.put(second);
    await store.put(first);
    const sent: string[] = [];
    const r = await replayQueue(store, async (a) => {
      sent.push(a.action);
      return { kind: 'applied', order: order({ status: a.action === 'acknowledge' ? 'acknowledged' : 'en_route', version: a.expectedVersion + 1 }) };
    });
    expect(sent).toEqual(['acknowledge', 'start_travel']);
    expect(r.applied.map((x) => x.order.status)).toEqual(['acknowledged', 'en_route']);
    expect(store.items.size).toBe(0);
  });

  it('stops at the first network failure and keeps the rest in order for the next try', async () => {
    const store = new MemoryQueueStorage();
    const a1 = queued({ action: 'acknowledge' });
    const a2 = queued({ action: 'start_travel', expectedVersion: 4 });
    await store.put(a1);
    await store.put(a2);
    const r = await replayQueue(store, async () => ({ kind: 'retry', reason: 'network' }));
    expect(r.stopped).toBe('network');
    expect((await store.all()).map((a) => a.clientActionId)).toEqual([a1.clientActionId, a2.clientActionId]);
  });

  it('sends the same action id again after a lost answer (the server applies it once)', async () => {
    const store = new MemoryQueueStorage();
    const a = queued({ action: 'acknowledge' });
    await store.put(a);
    const ids: string[] = [];
    await replayQueue(store, async (x) => (ids.push(x.clientActionId), { kind: 'retry', reason: 'network' }));
    await replayQueue(store, async (x) => (ids.push(x.clientActionId), { kind: 'applied', order: order({ status: 'acknowledged', version: 4 }) }));
    expect(ids).toEqual([a.clientActionId, a.clientActionId]);
    expect(store.items.size).toBe(0);
  });

  it('lets the server win: drops a refused action and the later ones on that order, keeps other orders', async () => {
    const store = new MemoryQueueStorage();
    const ack = queued({ action: 'acknowledge' });
    const travel = queued({ action: 'start_travel', expectedVersion: 4 });
    const other = queued({ action: 'acknowledge', orderId: 'OT-0000002', expectedVersion: 1 });
    for (const a of [ack, travel, other]) await store.put(a);
    const outcomes = new Map<string, SendOutcome>([
      [ack.clientActionId, { kind: 'refused', code: 'order_closed', message: 'cannot acknowledge an order that is cancelled' }],
      [other.clientActionId, { kind: 'applied', order: order({ id: 'OT-0000002', status: 'acknowledged', version: 2 }) }],
    ]);
    const sent: string[] = [];
    const r = await replayQueue(store, async (a) => (sent.push(a.clientActionId), outcomes.get(a.clientActionId)!));
    expect(sent).toEqual([ack.clientActionId, other.clientActionId]);
    expect(r.refused.map((x) => x.code)).toEqual(['order_closed']);
    expect(r.discarded.map((x) => x.clientActionId)).toEqual([travel.clientActionId]);
    expect(r.applied.map((x) => x.order.id)).toEqual(['OT-0000002']);
    expect(store.items.size).toBe(0);
  });

  it('classifies server answers: conflicts win, field errors are shown, the rest is retried', () => {
    expect(outcomeOf(409, { code: 'order_closed' }).kind).toBe('refused');
    expect(outcomeOf(409, { code: 'version_conflict' }).kind).toBe('refused');
    expect(outcomeOf(403, { code: 'forbidden' }).kind).toBe('refused');
    expect(outcomeOf(400, { code: 'bad_request', message: 'Lectura is required', field: 'completion.reading' })).toEqual({ kind: 'invalid', field: 'completion.reading', message: 'Lectura is required' });
    expect(outcomeOf(0, null)).toEqual({ kind: 'retry', reason: 'network' });
    expect(outcomeOf(503, null)).toEqual({ kind: 'retry', reason: 'server' });
    expect(outcomeOf(401, null)).toEqual({ kind: 'retry', reason: 'unauthorized' });
  });
});

describe('optimistic view', () => {
  it('shows the new status at once, marked pending, and chains actions taken one after another', () => {
    const q = [queued({ action: 'acknowledge' }), queued({ action: 'start_travel', expectedVersion: 4 })];
    const shown = applyPending(order(), q);
    expect(shown.order).toMatchObject({ status: 'en_route', version: 5 });
    expect(shown.pending).toHaveLength(2);
  });
  it('shows the server copy once it has moved past the version the action was taken on', () => {
    const q = [queued({ action: 'acknowledge' })];
    expect(applyPending(order({ status: 'acknowledged', version: 4 }), q)).toMatchObject({ order: { status: 'acknowledged', version: 4 }, pending: [] });
    expect(applyPending(order({ status: 'cancelled', version: 4 }), q).order.status).toBe('cancelled');
  });
  it('ignores actions on other orders', () => {
    expect(applyPending(order(), [queued({ action: 'acknowledge', orderId: 'OT-9' })]).pending).toEqual([]);
  });
});

describe('server wins', () => {
  const a = queued({ action: 'start_travel' });
  it('says the order was cancelled by dispatch', () => {
    expect(serverWinsNotice(a, order({ status: 'cancelled' }), ['c-1'])).toEqual({ kind: 'cancelled', orderId: 'OT-0000001' });
  });
  it('says it went to another crew when the crew can no longer see it or it names another crew', () => {
    expect(serverWinsNotice(a, null, ['c-1']).kind).toBe('reassigned');
    expect(serverWinsNotice(a, order({ crewId: 'c-2' }), ['c-1']).kind).toBe('reassigned');
    expect(serverWinsNotice(a, order({ crewId: null, status: 'new' }), ['c-1']).kind).toBe('reassigned');
  });
  it('says it changed otherwise, naming the dropped action', () => {
    expect(serverWinsNotice(a, order({ status: 'en_route', version: 9 }), ['c-1'])).toEqual({ kind: 'changed', orderId: 'OT-0000001', action: 'start_travel' });
    expect(serverWinsNotice(a, order({ status: 'completed' }), ['c-1']).kind).toBe('closed');
  });
});

describe('a shared phone', () => {
  it("sends only the signed-in user's actions and keeps the others for when they return", async () => {
    const store = new MemoryQueueStorage();
    const mine = queued({ action: 'acknowledge', userId: 7 });
    const theirs = queued({ action: 'acknowledge', orderId: 'OT-0000002', userId: 8 });
    await store.put(mine);
    await store.put(theirs);
    const sent: string[] = [];
    await replayQueue(store, async (a) => (sent.push(a.clientActionId), { kind: 'applied', order: order({ status: 'acknowledged', version: 4 }) }), { userId: 7 });
    expect(sent).toEqual([mine.clientActionId]);
    expect([...store.items.keys()]).toEqual([theirs.clientActionId]);
  });
});
