import mqtt from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMessage, type OrderEvent, type ServerMessage, type WorkOrder } from '../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

let t: TestEnv;
let s: TestServer;
let dispatcher: string;
let crewA: string; // member of crew c-fa
let crewB: string; // member of crew c-fb
let unitA: Awaited<ReturnType<typeof registerUnit>>;

async function user(username: string, role: string): Promise<{ id: number; token: string }> {
  const r = await s.api<{ id: number }>('POST', '/api/v1/users', { username, password: 'password-123456', displayName: username, roles: [role] }, s.adminToken);
  expect(r.status).toBe(201);
  const l = await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: 'password-123456' });
  return { id: r.body.id, token: l.body.token };
}

function socket(token: string, sub: unknown): Promise<{ ws: WebSocket; messages: ServerMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.vatio.httpUrl.replace('http', 'ws')}/ws?token=${token}`);
    const messages: ServerMessage[] = [];
    ws.on('message', (raw) => messages.push(serverMessage.parse(JSON.parse(String(raw)))));
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'subscribe', data: sub }));
      resolve({ ws, messages });
    });
    ws.on('error', reject);
  });
}

const act = (token: string, id: string, body: Record<string, unknown>) =>
  s.api<{ order: WorkOrder; event: OrderEvent; replayed: boolean; error?: { code: string; field?: string } }>('POST', `/api/v1/orders/${id}/actions`, body, token);

const newOrder = async (extra: Record<string, unknown> = {}) => {
  const r = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'reconnection', location: { lat: -34.9011, lon: -56.1645 }, address: 'Av. 18 de Julio 1360', accountRef: '1234567', ...extra }, dispatcher);
  expect(r.status).toBe(201);
  return r.body;
};

beforeAll(async () => {
  t = await testEnv({ GEOFENCE_DWELL_SECONDS: '2', GEOFENCE_RADIUS_M: '75' });
  s = await startTestServer(t);
  dispatcher = (await user('disp1', 'dispatcher')).token;
  unitA = await registerUnit(s, { id: 'fa' });
  await registerUnit(s, { id: 'fb' });
  const a = await user('crew-a', 'crew');
  const b = await user('crew-b', 'crew');
  expect((await s.api('PUT', `/api/v1/crews/${unitA.crewId}/members`, { userIds: [a.id] }, s.adminToken)).status).toBe(204);
  expect((await s.api('PUT', '/api/v1/crews/c-fb/members', { userIds: [b.id] }, s.adminToken)).status).toBe(204);
  crewA = a.token;
  crewB = b.token;
});
afterAll(async () => {
  await s?.stop();
  await t?.cleanup();
});

describe('work orders: create → assign → the crew acts', () => {
  it('runs the whole lifecycle with an event per change, live on the WebSocket and over MQTT to the vehicle', async () => {
    const board = await socket(dispatcher, { scope: 'all' });
    const phone = await socket(crewA, { scope: 'crew', crewId: unitA.crewId });
    const terminal = await mqtt.connectAsync(s.vatio.mqttUrl, { username: unitA.deviceId, password: unitA.secret, reconnectPeriod: 0 });
    const pushed: { type: string; order: WorkOrder }[] = [];
    terminal.on('message', (_topic, payload) => pushed.push(JSON.parse(String(payload)) as { type: string; order: WorkOrder }));
    await terminal.subscribeAsync(`vatio/v1/crews/${unitA.crewId}/orders`, { qos: 1 });
    // the unit reports a position, so events carry where the crew was
    await terminal.publishAsync(`vatio/v1/devices/${unitA.deviceId}/fix`, JSON.stringify({ t: Date.now() - 1000, lat: -34.905, lon: -56.17 }), { qos: 1 });

    const o = await newOrder();
    expect(o).toMatchObject({ status: 'new', priority: 'high', typeName: 'Reconexión', crewId: null, version: 1 });
    expect(Date.parse(o.respondBy) - Date.parse(o.createdAt)).toBeCloseTo(240 * 60_000, -4);
    await waitFor('board hears the new order', async () => board.messages.some((m) => m.type === 'order.updated' && m.data.order.id === o.id));

    expect((await act(dispatcher, o.id, { action: 'assign', crewId: unitA.crewId })).body.order).toMatchObject({ status: 'assigned', crewId: unitA.crewId, sequence: 1 });
    expect((await act(dispatcher, o.id, { action: 'dispatch' })).body.order.status).toBe('dispatched');
    await waitFor('the crew phone hears it', async () => phone.messages.some((m) => m.type === 'order.updated' && m.data.order.status === 'dispatched'));
    await waitFor('the vehicle terminal gets it over MQTT', async () => pushed.some((p) => p.order.id === o.id && p.order.status === 'dispatched'));
    const mine = await s.api<{ orders: WorkOrder[]; crews: { id: string; name: string }[] }>('GET', '/api/v1/me/orders', undefined, crewA);
    expect(mine.body.orders.map((x) => x.id)).toContain(o.id);
    expect(mine.body.crews).toEqual([{ id: unitA.crewId, name: 'Cuadrilla fa' }]);

    for (const action of ['acknowledge', 'start_travel', 'arrive'] as const) expect((await act(crewA, o.id, { action })).status).toBe(200);
    const missing = await act(crewA, o.id, { action: 'complete', completion: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.field).toBe('completion.reading');
    const done = await act(crewA, o.id, { action: 'complete', completion: { reading: 48213 } });
    expect(done.body.order).toMatchObject({ status: 'completed', completion: { reading: 48213 } });
    const today = await s.api<{ orders: WorkOrder[] }>('GET', '/api/v1/me/orders', undefined, crewA);
    expect(today.body.orders.find((x) => x.id === o.id)?.status).toBe('completed'); // the day's work stays listed

    const ev = await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${o.id}/events`, undefined, dispatcher);
    expect(ev.body.events.map((e) => `${e.fromStatus ?? '·'}→${e.toStatus}`)).toEqual([
      '·→new', 'new→assigned', 'assigned→dispatched', 'dispatched→acknowledged', 'acknowledged→en_route', 'en_route→on_site', 'on_site→completed',
    ]);
    const arrive = ev.body.events.find((e) => e.action === 'arrive');
    expect(arrive).toMatchObject({ actor: 'crew-a', crewId: unitA.crewId, crewLat: -34.905, crewLon: -56.17 });
    board.ws.close();
    phone.ws.close();
    await terminal.endAsync();
  });

  it('refuses invalid transitions with 409 and changes nothing', async () => {
    const o = await newOrder();
    const r = await act(dispatcher, o.id, { action: 'complete' });
    expect(r.status).toBe(409);
    expect(r.body.error?.code).toBe('invalid_transition');
    const after = await s.api<WorkOrder>('GET', `/api/v1/orders/${o.id}`, undefined, dispatcher);
    expect(after.body).toMatchObject({ status: 'new', version: 1 });
    expect((await act(dispatcher, o.id, { action: 'cancel' })).status).toBe(400); // a reason is required
    expect((await act(dispatcher, o.id, { action: 'cancel', reason: 'duplicado' })).body.order.status).toBe('cancelled');
    const closed = await act(dispatcher, o.id, { action: 'assign', crewId: unitA.crewId });
    expect([closed.status, closed.body.error?.code]).toEqual([409, 'order_closed']);
  });

  it("keeps crews to their own orders and to crew actions (the API, not only the UI)", async () => {
    const o = await newOrder();
    await act(dispatcher, o.id, { action: 'assign', crewId: unitA.crewId });
    await act(dispatcher, o.id, { action: 'dispatch' });
    expect((await act(crewB, o.id, { action: 'acknowledge' })).status).toBe(403);
    expect((await s.api('GET', `/api/v1/orders/${o.id}`, undefined, crewB)).status).toBe(403);
    expect((await s.api('GET', `/api/v1/orders/${o.id}`, undefined, crewA)).status).toBe(200);
    expect((await act(crewA, o.id, { action: 'cancel', reason: 'no quiero' })).status).toBe(403);
    expect((await s.api('GET', '/api/v1/orders', undefined, crewA)).status).toBe(403);
    expect((await s.api('POST', '/api/v1/orders', { typeCode: 'cut' }, crewA)).status).toBe(403);
    // a crew cannot listen to another crew
    const spy = await socket(crewB, { scope: 'crew', crewId: unitA.crewId });
    await waitFor('refused', async () => spy.messages.some((m) => m.type === 'error' && m.data.code === 'forbidden'));
    spy.ws.close();
  });

  it('applies an offline action replayed twice once', async () => {
    const o = await newOrder();
    await act(dispatcher, o.id, { action: 'assign', crewId: unitA.crewId });
    await act(dispatcher, o.id, { action: 'dispatch' });
    const first = await act(crewA, o.id, { action: 'acknowledge', clientActionId: 'phone-a-000001' });
    const again = await act(crewA, o.id, { action: 'acknowledge', clientActionId: 'phone-a-000001' });
    expect(first.body.replayed).toBe(false);
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.event.id).toBe(first.body.event.id);
    const ev = await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${o.id}/events`, undefined, dispatcher);
    expect(ev.body.events.filter((e) => e.action === 'acknowledge')).toHaveLength(1);
  });

  it('returns a pre-empted order to the queue with an event', async () => {
    const o = await newOrder({ window: { start: '2026-12-01T12:00:00-03:00', end: '2026-12-01T14:00:00-03:00' } });
    expect(o.status).toBe('scheduled');
    await act(dispatcher, o.id, { action: 'assign', crewId: unitA.crewId });
    await act(dispatcher, o.id, { action: 'dispatch' });
    await act(crewA, o.id, { action: 'start_travel' });
    const back = await act(dispatcher, o.id, { action: 'unassign', reason: 'pre-empted by an emergency' });
    expect(back.body.order).toMatchObject({ status: 'scheduled', crewId: null });
    expect(back.body.event).toMatchObject({ action: 'unassign', fromStatus: 'en_route', toStatus: 'scheduled', crewId: unitA.crewId });
  });

  it('answers bad input with the field at fault, unknown ids with 404', async () => {
    const bad = await s.api<{ error: { field: string } }>('POST', '/api/v1/orders', { typeCode: 'cut', location: { lat: -95, lon: 0 }, address: 'x' }, dispatcher);
    expect([bad.status, bad.body.error.field]).toEqual([400, 'location.lat']);
    const noType = await s.api<{ error: { field: string } }>('POST', '/api/v1/orders', { typeCode: 'nope', location: { lat: -34.9, lon: -56.1 }, address: 'x' }, dispatcher);
    expect([noType.status, noType.body.error.field]).toEqual([400, 'typeCode']);
    const win = await s.api<{ error: { field: string } }>('POST', '/api/v1/orders', { typeCode: 'cut', location: { lat: -34.9, lon: -56.1 }, address: 'x', window: { start: '2026-12-01T14:00:00Z', end: '2026-12-01T12:00:00Z' } }, dispatcher);
    expect([win.status, win.body.error.field]).toEqual([400, 'window.end']);
    const phone = await s.api<{ error: { field: string } }>('POST', '/api/v1/orders', { typeCode: 'cut', location: { lat: -34.9, lon: -56.1 }, address: 'x', contactPhone: '099-12' }, dispatcher);
    expect([phone.status, phone.body.error.field]).toEqual([400, 'contactPhone']);
    const withPhone = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'cut', location: { lat: -34.9, lon: -56.1 }, address: 'x', contactName: 'Marta', contactPhone: ' 099 123 456 ' }, dispatcher);
    expect([withPhone.status, withPhone.body.contactName, withPhone.body.contactPhone]).toEqual([201, 'Marta', '099 123 456']);
    expect((await s.api('GET', '/api/v1/orders/OT-9999999', undefined, dispatcher)).status).toBe(404);
    expect((await s.api('GET', '/api/v1/orders/nonsense', undefined, dispatcher)).status).toBe(400);
    expect((await act(dispatcher, 'OT-9999999', { action: 'dispatch' })).status).toBe(404);
    const o = await newOrder();
    expect((await act(dispatcher, o.id, { action: 'assign', crewId: 'no-such-crew' })).status).toBe(400);
    expect((await act(dispatcher, o.id, { action: 'teleport' })).status).toBe(400);
  });

  it("reorders a crew's list, all of it or nothing", async () => {
    const a = await newOrder();
    const b = await newOrder();
    await act(dispatcher, a.id, { action: 'assign', crewId: 'c-fb' });
    await act(dispatcher, b.id, { action: 'assign', crewId: 'c-fb' });
    const mine = async () => (await s.api<{ orders: WorkOrder[] }>('GET', '/api/v1/orders?crewId=c-fb&status=assigned', undefined, dispatcher)).body.orders;
    const ids = (await mine()).sort((x, y) => (x.sequence ?? 0) - (y.sequence ?? 0)).map((o) => o.id);
    expect(ids).toEqual([a.id, b.id]);
    const r = await s.api<{ orders: WorkOrder[] }>('PUT', '/api/v1/crews/c-fb/sequence', { orderIds: [b.id, a.id] }, dispatcher);
    expect(r.status).toBe(200);
    expect(r.body.orders.map((o) => [o.id, o.sequence])).toEqual([[b.id, 1], [a.id, 2]]);
    const partial = await s.api('PUT', '/api/v1/crews/c-fb/sequence', { orderIds: [a.id] }, dispatcher);
    expect(partial.status).toBe(409);
    expect((await mine()).find((o) => o.id === a.id)?.sequence).toBe(2);
    expect((await s.api('PUT', '/api/v1/crews/c-fb/sequence', { orderIds: [b.id, a.id] }, crewB)).status).toBe(403);
    await act(dispatcher, a.id, { action: 'cancel', reason: 'prueba' });
    await act(dispatcher, b.id, { action: 'cancel', reason: 'prueba' });
  });

  it('lists and filters the board', async () => {
    const r = await s.api<{ orders: WorkOrder[]; total: number }>('GET', '/api/v1/orders?status=new,scheduled&limit=50', undefined, dispatcher);
    expect(r.status).toBe(200);
    expect(r.body.orders.every((o) => o.status === 'new' || o.status === 'scheduled')).toBe(true);
    const q = await s.api<{ orders: WorkOrder[] }>('GET', '/api/v1/orders?q=18%20de%20Julio', undefined, dispatcher);
    expect(q.body.orders.length).toBeGreaterThan(0);
  });

  it('lets admins configure order types, validating completion fields', async () => {
    const r = await s.api('PUT', '/api/v1/order-types/pole_check', { name: 'Revisión de columna', defaultPriority: 'low', responseMinutes: 1440, resolutionMinutes: 4320, requiredSkills: ['inspection'], requiredEquipment: [], durationMinutes: 20, completionFields: [{ key: 'state', label: 'Estado', kind: 'text', required: true, pattern: '^(bueno|malo)$' }] }, s.adminToken);
    expect(r.status).toBe(200);
    const types = await s.api<{ orderTypes: { code: string }[] }>('GET', '/api/v1/order-types', undefined, dispatcher);
    expect(types.body.orderTypes.map((x) => x.code)).toContain('pole_check');
    expect((await s.api('PUT', '/api/v1/order-types/x', { name: 'x' }, dispatcher)).status).toBe(403);
    const dup = await s.api('PUT', '/api/v1/order-types/y', { name: 'Y', defaultPriority: 'low', responseMinutes: 1, resolutionMinutes: 1, requiredSkills: [], requiredEquipment: [], durationMinutes: 1, completionFields: [{ key: 'a', label: 'A', kind: 'text', required: true }, { key: 'a', label: 'A', kind: 'text', required: true }] }, s.adminToken);
    expect(dup.status).toBe(400);
  });
});

describe('dispatch help: suggestions, pre-emption, ETA and geofence arrival', () => {
  it('ranks capable crews by travel time from live positions and flags missing skills', async () => {
    expect((await s.api('PATCH', `/api/v1/crews/${unitA.crewId}`, { skills: ['cut', 'emergency'], equipment: ['bucket_truck'], availability: 'available' }, s.adminToken)).status).toBe(204);
    expect((await s.api('PATCH', '/api/v1/crews/c-fb', { skills: ['cut'], equipment: [], homeBase: { lat: -34.88, lon: -56.08 } }, dispatcher)).status).toBe(204);
    expect((await s.api('PATCH', '/api/v1/crews/c-fb', { availability: 'asleep' }, dispatcher)).status).toBe(400);
    const o = await newOrder({ typeCode: 'emergency', location: { lat: -34.906, lon: -56.171 }, address: 'Rambla Gandhi 600' });
    expect(o.priority).toBe('emergency');
    const r = await s.api<{ suggestions: { crewId: string; capable: boolean; from: string; etaNowSeconds: number | null; missing: { skills: string[]; equipment: string[] } }[] }>('GET', `/api/v1/orders/${o.id}/suggestions`, undefined, dispatcher);
    expect(r.status).toBe(200);
    const [first, ...rest] = r.body.suggestions;
    expect(first).toMatchObject({ crewId: unitA.crewId, capable: true, from: 'live' });
    expect(first?.etaNowSeconds).toBeGreaterThan(0);
    expect(first?.etaNowSeconds).toBeLessThan(600);
    const b = rest.find((x) => x.crewId === 'c-fb');
    expect(b).toMatchObject({ capable: false, from: 'home_base', missing: { skills: ['emergency'], equipment: ['bucket_truck'] } });
    expect((await s.api('GET', `/api/v1/orders/${o.id}/suggestions`, undefined, crewA)).status).toBe(403);
    await act(dispatcher, o.id, { action: 'cancel', reason: 'prueba' });
  });

  it('pre-empts the current job: it goes back to the queue with an event', async () => {
    const job = await newOrder();
    await act(dispatcher, job.id, { action: 'assign', crewId: unitA.crewId });
    await act(dispatcher, job.id, { action: 'dispatch' });
    await act(crewA, job.id, { action: 'start_travel' });
    const em = await newOrder({ typeCode: 'leak', address: 'Bv. Artigas 1000' });
    const sug = await s.api<{ suggestions: { crewId: string; currentOrderId: string | null; etaNowSeconds: number; etaAfterCurrentSeconds: number }[] }>('GET', `/api/v1/orders/${em.id}/suggestions`, undefined, dispatcher);
    const a = sug.body.suggestions.find((x) => x.crewId === unitA.crewId);
    expect(a?.currentOrderId).toBe(job.id);
    // after the current job = reach it, do it (reconnection: 30 min), then come: well after "now"
    expect((a?.etaAfterCurrentSeconds ?? 0) - (a?.etaNowSeconds ?? 0)).toBeGreaterThan(30 * 60 - 120);
    const r = await act(dispatcher, em.id, { action: 'assign', crewId: unitA.crewId, preempt: true });
    expect(r.status).toBe(200);
    expect(r.body.order).toMatchObject({ status: 'assigned', crewId: unitA.crewId });
    const back = await s.api<WorkOrder>('GET', `/api/v1/orders/${job.id}`, undefined, dispatcher);
    expect(back.body).toMatchObject({ status: 'new', crewId: null });
    const ev = await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${job.id}/events`, undefined, dispatcher);
    expect(ev.body.events.at(-1)).toMatchObject({ action: 'unassign', fromStatus: 'en_route', toStatus: 'new', data: { preemptedBy: em.id } });
    await act(dispatcher, em.id, { action: 'cancel', reason: 'prueba' });
    await act(dispatcher, job.id, { action: 'cancel', reason: 'prueba' });
  });

  it('sends ETAs while en route and sets the order on site after the crew stays within the radius', async () => {
    const board = await socket(dispatcher, { scope: 'all' });
    const site = { lat: -34.9101, lon: -56.1802 };
    const o = await newOrder({ location: site, address: 'Canelones 1100' });
    await act(dispatcher, o.id, { action: 'assign', crewId: unitA.crewId });
    await act(dispatcher, o.id, { action: 'dispatch' });
    await act(crewA, o.id, { action: 'start_travel' });
    const unit = await mqtt.connectAsync(s.vatio.mqttUrl, { username: unitA.deviceId, password: unitA.secret, reconnectPeriod: 0 });
    const topic = `vatio/v1/devices/${unitA.deviceId}/fix`;
    const now = Date.now();
    // ~1 km away, then at the site for 3 s (dwell is 2 s in this test); fix times a minute apart
    // keep the implied speeds plausible for the jump filter
    await unit.publishAsync(topic, JSON.stringify({ t: now + 60_000, lat: site.lat + 0.009, lon: site.lon }), { qos: 1 });
    await waitFor('an ETA', async () => board.messages.some((m) => m.type === 'order.eta' && m.data.orderId === o.id && m.data.etaSeconds > 60));
    await unit.publishAsync(topic, JSON.stringify({ t: now + 120_000, lat: site.lat + 0.0002, lon: site.lon }), { qos: 1 });
    await unit.publishAsync(topic, JSON.stringify({ t: now + 123_000, lat: site.lat + 0.0001, lon: site.lon }), { qos: 1 });
    const arrived = await waitFor('on site', async () => {
      const r = await s.api<WorkOrder>('GET', `/api/v1/orders/${o.id}`, undefined, dispatcher);
      return r.body.status === 'on_site' ? r.body : null;
    });
    expect(arrived.status).toBe('on_site');
    const ev = await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${o.id}/events`, undefined, dispatcher);
    expect(ev.body.events.at(-1)).toMatchObject({ action: 'arrive', actor: 'geofence', fromStatus: 'en_route', toStatus: 'on_site' });
    await waitFor('the board heard the arrival', async () => board.messages.some((m) => m.type === 'order.updated' && m.data.order.id === o.id && m.data.order.status === 'on_site'));
    // leaving the site (> 3 × radius for the dwell time) without completing is flagged
    await unit.publishAsync(topic, JSON.stringify({ t: now + 180_000, lat: site.lat + 0.004, lon: site.lon }), { qos: 1 });
    await unit.publishAsync(topic, JSON.stringify({ t: now + 184_000, lat: site.lat + 0.0042, lon: site.lon }), { qos: 1 });
    await waitFor('left_site flagged', async () => {
      const e = await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${o.id}/events`, undefined, dispatcher);
      return e.body.events.some((x) => x.action === 'left_site' && x.fromStatus === 'on_site' && x.toStatus === 'on_site');
    });
    // the crew can undo an automatic arrival
    expect((await act(crewA, o.id, { action: 'undo_arrival' })).body.order.status).toBe('en_route');
    board.ws.close();
    await unit.endAsync();
  });
});

describe('appointment slots', () => {
  it('offers two-hour working-hour windows that some capable crew can keep', async () => {
    const r = await s.api<{ slots: { start: string; end: string; feasible: boolean; crewId: string | null; breaksSla: boolean }[] }>(
      'POST', '/api/v1/appointments/slots', { typeCode: 'cut', location: { lat: -34.9, lon: -56.16 }, days: 2 }, dispatcher,
    );
    expect(r.status).toBe(200);
    expect(r.body.slots.length).toBeGreaterThanOrEqual(5);
    for (const slot of r.body.slots) {
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(2 * 3600_000);
      const local = new Date(Date.parse(slot.start) - 3 * 3600_000);
      expect(local.getUTCHours()).toBeGreaterThanOrEqual(8);
      expect(local.getUTCHours()).toBeLessThanOrEqual(16);
      expect([0, 6]).not.toContain(local.getUTCDay());
    }
    const ok = r.body.slots.filter((x) => x.feasible);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.every((x) => x.crewId === unitA.crewId || x.crewId === 'c-fb')).toBe(true);
    const bad = await s.api<{ error: { field: string } }>('POST', '/api/v1/appointments/slots', { typeCode: 'nope', location: { lat: -34.9, lon: -56.16 } }, dispatcher);
    expect([bad.status, bad.body.error.field]).toEqual([400, 'typeCode']);
  });
});
