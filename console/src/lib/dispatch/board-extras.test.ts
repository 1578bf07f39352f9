import { describe, expect, it } from 'vitest';
import type { CrewShift, OrderEvent, ServerMessage, WorkOrder } from '../contracts.ts';
import { createSequenceSaver, crewRoute, displayedIds, dropTarget, moveItem, routePositions, sameIds } from './sequence.ts';
import { RefreshThrottle, suggestTrigger, type ThrottleClock } from './suggest-refresh.ts';
import { inkOn, localDate, shiftHours, shiftQueryRange, shiftsNow, shiftTag } from './shifts.ts';
import { buildOrderPins } from './pins.ts';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function order(p: Partial<WorkOrder> = {}): WorkOrder {
  return {
    id: 'OT-0000001', typeCode: 'reconnection', typeName: 'Reconexión', status: 'assigned', priority: 'normal',
    lat: -34.9, lon: -56.16, address: 'Colonia 1500', accountRef: null, windowStart: null, windowEnd: null,
    source: 'manual', notes: '', crewId: 'c-1', sequence: null, respondBy: iso(T0 + 3_600_000), resolveBy: iso(T0 + 7_200_000),
    completion: null, failureReason: null, version: 1, createdAt: iso(T0), updatedAt: iso(T0), ...p,
  };
}

describe("a crew's list in sequence", () => {
  it('holds only the open orders of that crew, by sequence, unsequenced last, then by id', () => {
    const list = crewRoute(
      [
        order({ id: 'OT-0000004' }),
        order({ id: 'OT-0000003', sequence: 2 }),
        order({ id: 'OT-0000002', sequence: 1 }),
        order({ id: 'OT-0000001' }),
        order({ id: 'OT-0000009', sequence: 0, crewId: 'c-2' }),
        order({ id: 'OT-0000008', sequence: 0, status: 'completed' }),
      ],
      'c-1',
    );
    expect(list.map((o) => o.id)).toEqual(['OT-0000002', 'OT-0000003', 'OT-0000001', 'OT-0000004']);
  });

  it("numbers every assigned open order by its place in its crew's list", () => {
    const pos = routePositions([
      order({ id: 'OT-0000001', sequence: 5 }),
      order({ id: 'OT-0000002', sequence: 2 }),
      order({ id: 'OT-0000003', crewId: 'c-2', sequence: 9 }),
      order({ id: 'OT-0000004', crewId: null, status: 'new' }),
    ]);
    expect([...pos.entries()].sort()).toEqual([
      ['OT-0000001', 2],
      ['OT-0000002', 1],
      ['OT-0000003', 1],
    ]);
  });

  it('moves an item up, down, to either end, and clamps a target past the end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 5, 0)).toEqual(['a', 'b', 'c']);
  });

  it('turns a drop on the upper or lower half of a row into the index the row ends at', () => {
    // [a b c d]: a dropped below c → [b c a d]
    expect(moveItem(['a', 'b', 'c', 'd'], 0, dropTarget(0, 2, false))).toEqual(['b', 'c', 'a', 'd']);
    // d dropped above b → [a d b c]
    expect(moveItem(['a', 'b', 'c', 'd'], 3, dropTarget(3, 1, true))).toEqual(['a', 'd', 'b', 'c']);
    // dropped on itself: unchanged
    expect(dropTarget(1, 1, true)).toBe(1);
    expect(dropTarget(1, 1, false)).toBe(1);
    // just below the row above it: unchanged too
    expect(dropTarget(2, 1, false)).toBe(2);
  });

  it("shows the dispatcher's pending order only while it holds the same orders as the server", () => {
    expect(displayedIds(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual(['c', 'a', 'b']);
    expect(displayedIds(['a', 'b', 'c'], null)).toEqual(['a', 'b', 'c']);
    // an order was closed or added meanwhile: the server's list wins
    expect(displayedIds(['a', 'b'], ['c', 'a', 'b'])).toEqual(['a', 'b']);
    expect(displayedIds(['a', 'b', 'd'], ['c', 'a', 'b'])).toEqual(['a', 'b', 'd']);
    expect(sameIds(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameIds(['a', 'b'], ['b', 'a'])).toBe(false);
  });

  it('saves one list at a time and coalesces the moves made meanwhile into one more save', async () => {
    const sent: string[][] = [];
    let release: () => void = () => undefined;
    const idle: unknown[] = [];
    const saver = createSequenceSaver({
      send: (ids) => {
        sent.push(ids);
        return new Promise<void>((r) => (release = r));
      },
      onIdle: (e) => idle.push(e),
    });
    saver.save(['b', 'a', 'c']);
    saver.save(['b', 'c', 'a']);
    saver.save(['c', 'b', 'a']);
    expect(sent).toEqual([['b', 'a', 'c']]);
    expect(saver.busy).toBe(true);
    release();
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([['b', 'a', 'c'], ['c', 'b', 'a']]);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(idle).toEqual([null]);
    expect(saver.busy).toBe(false);
  });

  it('reports a failed save once and drops the moves queued behind it', async () => {
    const idle: unknown[] = [];
    const sent: string[][] = [];
    const saver = createSequenceSaver({
      send: async (ids) => {
        sent.push(ids);
        throw new Error('409');
      },
      onIdle: (e) => idle.push(e),
    });
    saver.save(['a']);
    saver.save(['b']);
    await new Promise((r) => setTimeout(r, 0));
    expect(idle).toHaveLength(1);
    expect((idle[0] as Error).message).toBe('409');
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(saver.busy).toBe(false);
  });
});

const event = (p: Partial<OrderEvent> = {}): OrderEvent => ({
  id: 1, orderId: 'OT-0000001', at: iso(T0), actor: 'x', action: 'assign', fromStatus: 'new', toStatus: 'assigned', crewId: null, crewLat: null, crewLon: null, data: null, ...p,
});
const updated = (o: WorkOrder, e: OrderEvent = event()): ServerMessage => ({ type: 'order.updated', data: { order: o, event: e } });
const positions = (crewId: string | null): ServerMessage => ({
  type: 'positions',
  data: [{ vehicleId: 'v1', label: 'V1', crewId, crewName: null, deviceId: 'd1', lat: -34.9, lon: -56.1, speed: 3, heading: 0, accuracy: 5, battery: 90, fixTime: iso(T0), receivedAt: iso(T0), status: 'online' }],
});

describe('when suggestions go stale', () => {
  const crews = new Set(['c-1', 'c-2']);
  it('refreshes at once on a change to the order itself or to an order of a suggested crew', () => {
    expect(suggestTrigger(updated(order({ id: 'OT-0000007', crewId: null })), 'OT-0000007', crews)).toBe('now');
    expect(suggestTrigger(updated(order({ id: 'OT-0000002', crewId: 'c-2' })), 'OT-0000007', crews)).toBe('now');
    // an order taken away from a suggested crew (unassign: the order has no crew, the event names it)
    expect(suggestTrigger(updated(order({ id: 'OT-0000002', crewId: null }), event({ crewId: 'c-1' })), 'OT-0000007', crews)).toBe('now');
    expect(suggestTrigger('reconnected', 'OT-0000007', crews)).toBe('now');
  });
  it('refreshes soon when a suggested crew moves, and ignores unrelated crews and messages', () => {
    expect(suggestTrigger(positions('c-1'), 'OT-0000007', crews)).toBe('soon');
    expect(suggestTrigger(positions('c-9'), 'OT-0000007', crews)).toBeNull();
    expect(suggestTrigger(positions(null), 'OT-0000007', crews)).toBeNull();
    expect(suggestTrigger(updated(order({ id: 'OT-0000002', crewId: 'c-9' }), event({ crewId: 'c-9' })), 'OT-0000007', crews)).toBeNull();
    expect(suggestTrigger({ type: 'pong', data: { serverTime: iso(T0) } }, 'OT-0000007', crews)).toBeNull();
  });
});

/** A hand-driven clock: timers fire only when `advance` passes them. */
function fakeClock(): ThrottleClock & { advance(ms: number): Promise<void>; t: number } {
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const c = {
    t: 0,
    now: () => c.t,
    set: (fn: () => void, ms: number) => {
      const id = ++seq;
      timers.set(id, { at: c.t + ms, fn });
      return id;
    },
    clear: (h: unknown) => void timers.delete(h as number),
    async advance(ms: number) {
      const end = c.t + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        c.t = due[1].at;
        due[1].fn();
        await new Promise((r) => setTimeout(r, 0));
      }
      c.t = end;
    },
  };
  return c;
}

describe('suggestion refresh throttle', () => {
  it('refreshes a moving crew at most once per interval', async () => {
    const clock = fakeClock();
    const runs: number[] = [];
    const th = new RefreshThrottle(async () => void runs.push(clock.now()), { minMs: 7000, urgentMs: 800, clock });
    th.markRan(0);
    for (let i = 0; i < 20; i++) {
      th.trigger('soon');
      await clock.advance(1000);
    }
    // 20 s of moves every second → runs at 7 s and 14 s only
    expect(runs).toEqual([7000, 14000]);
  });

  it('refreshes soon after an order change even right after a move refresh, and a burst is one run', async () => {
    const clock = fakeClock();
    const runs: number[] = [];
    const th = new RefreshThrottle(async () => void runs.push(clock.now()), { minMs: 7000, urgentMs: 800, clock });
    th.markRan(0);
    await clock.advance(2000);
    th.trigger('soon');
    for (let i = 0; i < 5; i++) th.trigger('now');
    await clock.advance(1000);
    expect(runs).toEqual([2800]);
    th.stop();
    await clock.advance(20_000);
    expect(runs).toEqual([2800]);
  });

  it('never runs twice at once: a trigger during a run waits for it', async () => {
    const clock = fakeClock();
    let release: () => void = () => undefined;
    let running = 0;
    let maxRunning = 0;
    const th = new RefreshThrottle(
      () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        return new Promise<void>((r) => (release = () => ((running--), r())));
      },
      { minMs: 7000, urgentMs: 800, clock },
    );
    th.trigger('now');
    await clock.advance(800);
    th.trigger('now');
    await clock.advance(5000);
    expect(maxRunning).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    await clock.advance(1000);
    expect(maxRunning).toBe(1);
    expect(running).toBe(1); // the queued one started after the first ended
  });
});

const shift = (p: Partial<CrewShift> = {}): CrewShift => ({
  crewId: 'c-1', date: '2026-11-28', shiftCode: 'M', name: 'Mañana', color: '#f5c542',
  start: '2026-11-28T07:00:00-03:00', end: '2026-11-28T15:00:00-03:00', rosterId: 'r-1', ...p,
});

describe("a crew's shift today", () => {
  // 12:00 UTC = 09:00 in Montevideo
  it('takes the local date in Montevideo and asks from yesterday (a night shift may still run)', () => {
    expect(localDate(Date.parse('2026-11-29T02:00:00Z'))).toBe('2026-11-28');
    expect(shiftQueryRange(T0)).toEqual({ from: '2026-11-27', to: '2026-11-28' });
  });

  it('is on while now is inside it, off before or after it, absent when none is published', () => {
    expect(shiftsNow([shift()], T0).get('c-1')?.state).toBe('on');
    expect(shiftsNow([shift()], Date.parse('2026-11-28T09:00:00Z')).get('c-1')?.state).toBe('before');
    expect(shiftsNow([shift()], Date.parse('2026-11-28T19:00:00Z')).get('c-1')?.state).toBe('after');
    expect(shiftsNow([shift()], T0).get('c-2')).toBeUndefined();
  });

  it("keeps last night's shift only while it runs, and prefers the running shift of two", () => {
    const night = shift({ date: '2026-11-27', shiftCode: 'N', start: '2026-11-27T23:00:00-03:00', end: '2026-11-28T07:00:00-03:00' });
    expect(shiftsNow([night], Date.parse('2026-11-28T08:00:00Z')).get('c-1')?.shift.shiftCode).toBe('N'); // 05:00 local
    expect(shiftsNow([night], T0).get('c-1')).toBeUndefined();
    const late = shift({ shiftCode: 'T', start: '2026-11-28T15:00:00-03:00', end: '2026-11-28T23:00:00-03:00' });
    expect(shiftsNow([late, shift()], T0).get('c-1')?.shift.shiftCode).toBe('M');
    expect(shiftsNow([late, shift()], Date.parse('2026-11-28T19:00:00Z')).get('c-1')?.shift.shiftCode).toBe('T');
  });

  it('formats hours in Montevideo time, a short tag, and readable ink on the colour', () => {
    expect(shiftHours(shift(), 'es-UY')).toBe('07:00–15:00');
    expect(shiftTag(shift())).toBe('M');
    expect(shiftTag(shift({ shiftCode: 'night' }))).toBe('N');
    expect(inkOn('#f5c542')).toBe('#000');
    expect(inkOn('#1f3a93')).toBe('#fff');
  });
});

describe('order pins', () => {
  it('scale up for the wall and keep emergencies the biggest, drawn last', () => {
    const pins = buildOrderPins([order({ id: 'OT-0000001', priority: 'emergency' }), order({ id: 'OT-0000002', priority: 'low' })], T0, { scale: 2 });
    expect(pins.map((p) => p.id)).toEqual(['OT-0000002', 'OT-0000001']);
    expect(pins[1]!.radius).toBe(18);
    expect(pins[0]!.radius).toBe(14);
    expect(pins[1]!.emergency).toBe(true);
  });
});
