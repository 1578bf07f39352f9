import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent, WorkOrder } from '../server/src/contracts/index.ts';
import { startDemoWorkload, startSimulator, type RunningSimulator } from '../simulator/src/index.ts';
import { startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const OPEN = 'new,scheduled,assigned,dispatched,acknowledged,en_route,on_site';

// The demo workload of `npm start` against the real server, broker and database: the simulated
// crews get skills, an empty board gets its batch through the API, and a rerun adds nothing.
describe('demo workload → server', () => {
  let t: TestEnv;
  let s: TestServer;
  let sim: RunningSimulator;
  let token: string;
  const workload = (over: { orders?: number; ordersPerHour?: number } = {}) =>
    startDemoWorkload({
      baseUrl: s.vatio.httpUrl,
      token,
      seed: 1,
      prefix: 'demo',
      vehicles: 12,
      orders: over.orders ?? 18,
      ordersPerHour: over.ordersPerHour ?? 0,
      waitForFleetSeconds: 15,
      logger: silent,
    });
  const open = async () => (await s.api<{ orders: WorkOrder[] }>('GET', `/api/v1/orders?status=${OPEN}&limit=1000`, undefined, s.adminToken)).body.orders;
  const events = async (id: string) => (await s.api<{ events: OrderEvent[] }>('GET', `/api/v1/orders/${id}/events`, undefined, s.adminToken)).body.events;

  beforeAll(async () => {
    t = await testEnv();
    s = await startTestServer(t);
    // the workload acts as its own dispatcher user, as `npm start` sets it up
    const u = await s.api('POST', '/api/v1/users', { username: 'simulador', password: 'demo-workload-pw', displayName: 'Simulador', roles: ['dispatcher'] }, s.adminToken);
    expect(u.status).toBe(201);
    const login = await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'simulador', password: 'demo-workload-pw' });
    token = login.body.token;
    sim = await startSimulator({ baseUrl: s.vatio.httpUrl, mqttUrl: s.vatio.mqttUrl, token: s.adminToken, vehicles: 12, rate: 1, seed: 1, prefix: 'demo', logger: silent });
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
    await s?.stop();
    await t?.cleanup();
  });

  it('equips the crews and fills an empty board: some orders assigned with events, one emergency waiting', async () => {
    const w = workload();
    await w.ready;
    await w.stop();

    const crews = (await s.api<{ crews: { id: string; skills: string[]; equipment: string[] }[] }>('GET', '/api/v1/crews', undefined, s.adminToken)).body.crews;
    const demo = crews.filter((c) => c.id.startsWith('demo-c'));
    expect(demo).toHaveLength(12);
    expect(demo.every((c) => c.skills.includes('inspection') && c.skills.includes('cut'))).toBe(true);
    expect(demo.some((c) => c.skills.includes('emergency') && c.equipment.includes('bucket_truck'))).toBe(true);

    const orders = await open();
    expect(orders).toHaveLength(18);
    expect(new Set(orders.map((o) => o.typeCode)).size).toBeGreaterThanOrEqual(3);
    for (const o of orders) {
      expect(o.address).toMatch(/, Montevideo$/);
      expect(o.accountRef).toMatch(/^\d{7}$/);
      expect(o.lat).toBeGreaterThan(-34.94);
      expect(o.lat).toBeLessThan(-34.7);
    }
    expect(orders.some((o) => o.contactPhone && o.contactName)).toBe(true);
    const waiting = orders.filter((o) => o.priority === 'emergency' && o.crewId === null);
    expect(waiting).toHaveLength(1);

    const assigned = orders.filter((o) => o.crewId !== null);
    expect(assigned.length).toBeGreaterThanOrEqual(3);
    expect(assigned.some((o) => o.status === 'dispatched')).toBe(true);
    const crewById = new Map(demo.map((c) => [c.id, c]));
    const types = (await s.api<{ orderTypes: { code: string; requiredSkills: string[]; requiredEquipment: string[] }[] }>('GET', '/api/v1/order-types', undefined, s.adminToken)).body.orderTypes;
    for (const o of assigned) {
      // only capable crews get orders
      const crew = crewById.get(o.crewId ?? '');
      const type = types.find((x) => x.code === o.typeCode);
      expect(type?.requiredSkills.every((k) => crew?.skills.includes(k))).toBe(true);
      expect(type?.requiredEquipment.every((k) => crew?.equipment.includes(k))).toBe(true);
      const ev = await events(o.id);
      expect(ev.map((e) => e.action)).toContain('assign');
      expect(ev.every((e) => e.actor === 'simulador')).toBe(true);
    }
  }, 120_000);

  it('a rerun on the same data adds no batch and leaves alone an order a person changed', async () => {
    const before = await open();
    const mine = before.find((o) => o.status === 'assigned' || o.status === 'dispatched');
    expect(mine).toBeDefined();
    const unassign = await s.api('POST', `/api/v1/orders/${mine!.id}/actions`, { action: 'unassign' }, s.adminToken);
    expect(unassign.status).toBe(200);

    const w = workload({ ordersPerHour: 0 });
    await w.ready;
    await w.stop();
    const after = await open();
    expect(after).toHaveLength(18);
    expect(after.map((o) => o.id).sort()).toEqual(before.map((o) => o.id).sort());
    const touched = after.find((o) => o.id === mine!.id);
    expect(touched?.crewId).toBeNull();
    expect((await events(mine!.id)).at(-1)?.actor).toBe('admin');
  }, 120_000);

  it('keeps orders coming while it runs and stops cleanly', async () => {
    const total = async () => (await s.api<{ total: number }>('GET', '/api/v1/orders?limit=1', undefined, s.adminToken)).body.total;
    const before = await total();
    // 3600/h: about one a second (gaps kept between 0.2 and 3 s)
    const w = workload({ ordersPerHour: 3600 });
    await w.ready;
    await waitFor('two new orders', async () => (await total()) >= before + 2, 30_000);
    const t0 = Date.now();
    await w.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    const stopped = await total();
    await new Promise((r) => setTimeout(r, 3500));
    expect(await total()).toBe(stopped);
    expect(w.stats().errors).toBe(0);
  }, 120_000);
});
