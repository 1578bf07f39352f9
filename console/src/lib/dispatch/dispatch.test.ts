import { describe, expect, it } from 'vitest';
import type { OrderEvent, ServerMessage, WorkOrder } from '../contracts.ts';
import { allowedActions } from './actions.ts';
import { openOrdersByCrew } from './crews.ts';
import { formField } from './form.ts';
import { emergencyAlertOf, parseBoardHash, suggestionsHref } from './emergency.ts';
import { countByStatus, emptyFilter, matchesFilter, UNASSIGNED } from './filters.ts';
import { applyEta, compareOrders, createOrderBook, replaceOrders, upsertOrder, visibleOrders } from './order-book.ts';
import { buildOrderPins } from './pins.ts';
import { formatDuration, formatSla, slaAt } from './sla.ts';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function order(p: Partial<WorkOrder> = {}): WorkOrder {
  return {
    id: 'OT-0000001',
    typeCode: 'reconnection',
    typeName: 'Reconexión',
    status: 'new',
    priority: 'high',
    lat: -34.9,
    lon: -56.16,
    address: 'Av. 18 de Julio 1360',
    accountRef: '1234567',
    windowStart: null,
    windowEnd: null,
    source: 'manual',
    notes: '',
    crewId: null,
    sequence: null,
    respondBy: iso(T0 + 4 * 3_600_000),
    resolveBy: iso(T0 + 24 * 3_600_000),
    completion: null,
    failureReason: null,
    version: 1,
    createdAt: iso(T0),
    updatedAt: iso(T0),
    ...p,
  };
}

describe('SLA countdown', () => {
  it('counts down to respond-by until the crew is on site', () => {
    expect(slaAt(order(), T0 + 3_600_000)).toEqual({ kind: 'respond', leftMs: 3 * 3_600_000, breached: false });
  });
  it('counts down to resolve-by once on site', () => {
    expect(slaAt(order({ status: 'on_site' }), T0)).toMatchObject({ kind: 'resolve', leftMs: 24 * 3_600_000 });
  });
  it('is breached at and after the deadline', () => {
    expect(slaAt(order(), T0 + 4 * 3_600_000).breached).toBe(true);
    expect(slaAt(order(), T0 + 5 * 3_600_000)).toMatchObject({ breached: true, leftMs: -3_600_000 });
  });
  it('reads as hours and minutes, floored', () => {
    expect(formatDuration(2 * 3_600_000 + 10 * 60_000 + 59_000, 'es-UY')).toBe('2 h 10 min');
    expect(formatDuration(45 * 60_000, 'es-UY')).toBe('45 min');
    expect(formatDuration(3 * 3_600_000, 'es-UY')).toBe('3 h');
    expect(formatDuration(30_000, 'es-UY')).toBe('< 1 min');
    expect(formatDuration((3 * 24 + 4) * 3_600_000, 'es-UY')).toBe('3 d 4 h');
  });
  it('says "vencida" when breached', () => {
    expect(formatSla(slaAt(order(), T0 + 4 * 3_600_000 + 12 * 60_000), 'es-UY')).toBe('vencida hace 12 min');
    expect(formatSla(slaAt(order(), T0 + 4 * 3_600_000 + 12 * 60_000), 'en')).toBe('overdue by 12 min');
  });
});

describe('filters', () => {
  const crewName = (id: string) => (id === 'c-1' ? 'Cuadrilla Norte' : null);
  it('keeps everything with an empty filter', () => {
    expect(matchesFilter(order(), emptyFilter, crewName)).toBe(true);
  });
  it('filters by status, priority, type and crew', () => {
    const o = order({ status: 'assigned', crewId: 'c-1' });
    expect(matchesFilter(o, { ...emptyFilter, statuses: ['new'] }, crewName)).toBe(false);
    expect(matchesFilter(o, { ...emptyFilter, statuses: ['new', 'assigned'] }, crewName)).toBe(true);
    expect(matchesFilter(o, { ...emptyFilter, priority: 'emergency' }, crewName)).toBe(false);
    expect(matchesFilter(o, { ...emptyFilter, typeCode: 'cut' }, crewName)).toBe(false);
    expect(matchesFilter(o, { ...emptyFilter, crewId: 'c-1' }, crewName)).toBe(true);
    expect(matchesFilter(o, { ...emptyFilter, crewId: UNASSIGNED }, crewName)).toBe(false);
    expect(matchesFilter(order(), { ...emptyFilter, crewId: UNASSIGNED }, crewName)).toBe(true);
  });
  it('matches every free-text word, ignoring case and accents, in id, address, type and crew name', () => {
    const o = order({ crewId: 'c-1' });
    expect(matchesFilter(o, { ...emptyFilter, q: 'julio 1360' }, crewName)).toBe(true);
    expect(matchesFilter(o, { ...emptyFilter, q: 'RECONEXION' }, crewName)).toBe(true);
    expect(matchesFilter(o, { ...emptyFilter, q: 'norte' }, crewName)).toBe(true);
    expect(matchesFilter(o, { ...emptyFilter, q: 'ot-0000001' }, crewName)).toBe(true);
    expect(matchesFilter(o, { ...emptyFilter, q: 'julio sur' }, crewName)).toBe(false);
  });
  it('counts orders per status', () => {
    const counts = countByStatus([order(), order({ id: 'OT-2' }), order({ id: 'OT-3', status: 'assigned' })]);
    expect(counts.get('new')).toBe(2);
    expect(counts.get('assigned')).toBe(1);
  });
});

describe('order book', () => {
  it('inserts, updates by version and ignores older versions', () => {
    const book = createOrderBook();
    expect(upsertOrder(book, order())).toBe('inserted');
    expect(upsertOrder(book, order({ version: 2, status: 'assigned', crewId: 'c-1', updatedAt: iso(T0 + 1) }))).toBe('updated');
    expect(upsertOrder(book, order({ version: 1 }))).toBe('ignored');
    expect(book.orders.get('OT-0000001')?.status).toBe('assigned');
  });
  it('drops an order once it is closed, and never adds a closed one', () => {
    const book = createOrderBook();
    upsertOrder(book, order());
    expect(upsertOrder(book, order({ version: 2, status: 'cancelled' }))).toBe('removed');
    expect(book.orders.size).toBe(0);
    expect(upsertOrder(book, order({ id: 'OT-9', status: 'completed' }))).toBe('ignored');
  });
  it('bumps the version on every change so the view rebuilds', () => {
    const book = createOrderBook();
    const v0 = book.version;
    upsertOrder(book, order());
    expect(book.version).toBeGreaterThan(v0);
  });
  it('keeps an ETA only while its crew is on the way', () => {
    const book = createOrderBook();
    upsertOrder(book, order({ status: 'en_route', crewId: 'c-1' }));
    expect(applyEta(book, { orderId: 'OT-0000001', crewId: 'c-1', etaSeconds: 600, arriveBy: iso(T0), lateRisk: false })).toBe(true);
    expect(applyEta(book, { orderId: 'OT-0000001', crewId: 'c-2', etaSeconds: 600, arriveBy: iso(T0), lateRisk: false })).toBe(false);
    upsertOrder(book, order({ status: 'on_site', crewId: 'c-1', version: 2 }));
    expect(book.etas.size).toBe(0);
  });
  it('sorts emergencies first, then by resolve-by', () => {
    const a = order({ id: 'OT-A', priority: 'low', resolveBy: iso(T0 + 1000) });
    const b = order({ id: 'OT-B', priority: 'emergency', resolveBy: iso(T0 + 9000) });
    const c = order({ id: 'OT-C', priority: 'high', resolveBy: iso(T0 + 500) });
    const d = order({ id: 'OT-D', priority: 'emergency', resolveBy: iso(T0 + 2000) });
    expect([a, b, c, d].sort(compareOrders).map((o) => o.id)).toEqual(['OT-D', 'OT-B', 'OT-C', 'OT-A']);
  });
  it('replaces the whole list on a refetch and lists the filtered rows in order', () => {
    const book = createOrderBook();
    upsertOrder(book, order({ id: 'OT-OLD' }));
    replaceOrders(book, [order({ id: 'OT-X', priority: 'normal' }), order({ id: 'OT-Y', priority: 'emergency' }), order({ id: 'OT-Z', status: 'completed' })]);
    expect(visibleOrders(book, emptyFilter, () => null).map((o) => o.id)).toEqual(['OT-Y', 'OT-X']);
  });
});

describe('actions allowed per status', () => {
  it('offers assign and cancel for a new order', () => {
    expect(allowedActions('new')).toEqual(['assign', 'cancel']);
    expect(allowedActions('scheduled')).toEqual(['assign', 'cancel']);
  });
  it('offers dispatch, reassign and unassign for an assigned order', () => {
    expect(allowedActions('assigned')).toEqual(['assign', 'dispatch', 'unassign', 'cancel']);
  });
  it('lets the dispatcher pull back an order on its way but not reassign it directly', () => {
    expect(allowedActions('en_route')).toEqual(['unassign', 'cancel']);
  });
  it('only cancels an order on site, and nothing on a closed one', () => {
    expect(allowedActions('on_site')).toEqual(['cancel']);
    expect(allowedActions('completed')).toEqual([]);
    expect(allowedActions('cancelled')).toEqual([]);
  });
});

describe('emergency alerts and pins', () => {
  const event = (p: Partial<OrderEvent>): OrderEvent => ({
    id: 1, orderId: 'OT-0000001', at: iso(T0), actor: 'd', action: 'create', fromStatus: null, toStatus: 'new', crewId: null, crewLat: null, crewLon: null, data: null, ...p,
  });
  const msg = (o: WorkOrder, e: OrderEvent): ServerMessage => ({ type: 'order.updated', data: { order: o, event: e } });
  it('raises an alert for a newly created emergency only', () => {
    expect(emergencyAlertOf(msg(order({ priority: 'emergency', typeName: 'Fuga' }), event({})), 5)).toEqual({ orderId: 'OT-0000001', typeName: 'Fuga', address: 'Av. 18 de Julio 1360', at: 5 });
    expect(emergencyAlertOf(msg(order({ priority: 'emergency' }), event({ action: 'assign' })), 5)).toBeNull();
    expect(emergencyAlertOf(msg(order(), event({})), 5)).toBeNull();
  });
  it('links to the suggestions of an order on the board', () => {
    expect(parseBoardHash(suggestionsHref('OT-0000042'))).toEqual({ orderId: 'OT-0000042', suggest: true });
    expect(parseBoardHash('#/dispatch')).toEqual({ orderId: null, suggest: false });
  });
  it('colours pins by priority and draws emergencies last', () => {
    const pins = buildOrderPins(new Map([['a', order({ id: 'a', priority: 'emergency' })], ['b', order({ id: 'b', priority: 'low' })]]).values(), T0);
    expect(pins.map((p) => p.id)).toEqual(['b', 'a']);
    expect(pins[1]?.color).toEqual([214, 40, 40, 255]);
  });
});

describe('create-order form fields and crews column', () => {
  it('puts a 400 next to the input its zod path names', () => {
    expect(formField('address')).toBe('address');
    expect(formField('window.end')).toBe('window');
    expect(formField('location.lat')).toBe('location');
    expect(formField('completion')).toBe('general');
    expect(formField(null)).toBe('general');
  });
  it('counts open orders per crew', () => {
    const n = openOrdersByCrew([order({ crewId: 'c-1' }), order({ id: 'b', crewId: 'c-1' }), order({ id: 'c' })]);
    expect([...n]).toEqual([['c-1', 2]]);
  });
});
