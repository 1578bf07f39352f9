import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent, WorkOrder } from '../server/src/contracts/index.ts';
import { buildNodeGridIndex, destinationPoint, StreetRouter } from '../geo/src/index.ts';
import { startDemoWorkload, startSimulator, type RunningSimulator } from '../simulator/src/index.ts';
import { GraphMotion } from '../simulator/src/motion/graph-motion.ts';
import { montevideoGraphForTests } from '../simulator/src/test-support.ts';
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
    // a shorter geofence dwell than the default 60 s keeps the test short; same rule
    t = await testEnv({ GEOFENCE_DWELL_SECONDS: '8' });
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

  const graph = montevideoGraphForTests();
  it.skipIf(graph === null)('a simulated crew drives to an order a person dispatched, the geofence sets it on site, the crew completes it', async () => {
    const busy = new Set((await open()).map((o) => o.crewId));
    const router = new StreetRouter(graph!);
    const index = buildNodeGridIndex(graph!);
    // a Montevideo crew (driving the street graph) with nothing to do, and a street corner 300–600 m
    // away that it can reach within about 1 km (one-way streets and long avenues make detours)
    const pick = () => {
      for (let i = 1; i <= 12; i++) {
        const crewId = `demo-c${String(i).padStart(4, '0')}`;
        const agent = sim.vehicleOfCrew(crewId);
        if (busy.has(crewId) || !(agent?.motion instanceof GraphMotion)) continue;
        const edge = agent.motion.edge;
        const from = edge ? edge[1] : index.nearest(agent.motion.state)!.node;
        if (edge && graph!.arcLength[router.arcBetween(edge[0], edge[1])]! > 300) continue;
        for (let bearing = 0; bearing < 360; bearing += 30) {
          const node = index.nearest(destinationPoint(agent.motion.state, bearing, 450))!.node;
          const path = router.shortestPath(from, node);
          if (path && path.lengthM < 1000) return { crewId, agent, site: { lat: graph!.lat[node]!, lon: graph!.lon[node]! } };
        }
      }
      return null;
    };
    const chosen = await waitFor('a free crew near a reachable corner', async () => pick(), 30_000);
    const { crewId, agent, site } = chosen;
    const created = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: site, address: 'Prueba, Montevideo', notes: 'Orden de prueba' }, s.adminToken);
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (const body of [{ action: 'assign', crewId }, { action: 'dispatch' }]) {
      expect((await s.api('POST', `/api/v1/orders/${id}/actions`, body, s.adminToken)).status).toBe(200);
    }

    // another crew's order that a person already acknowledged from the crew app: theirs
    const otherCrew = Array.from({ length: 12 }, (_, i) => `demo-c${String(i + 1).padStart(4, '0')}`).find((c) => c !== crewId && !busy.has(c));
    const personal = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: site, address: 'Prueba 2, Montevideo' }, s.adminToken);
    for (const body of [{ action: 'assign', crewId: otherCrew }, { action: 'dispatch' }, { action: 'acknowledge' }]) {
      expect((await s.api('POST', `/api/v1/orders/${personal.body.id}/actions`, body, s.adminToken)).status).toBe(200);
    }

    const w = startDemoWorkload({
      baseUrl: s.vatio.httpUrl,
      token,
      seed: 1,
      prefix: 'demo',
      vehicles: 12,
      orders: 18,
      ordersPerHour: 0,
      waitForFleetSeconds: 0,
      fleet: sim,
      crewReactionSeconds: [0, 1],
      workEverySeconds: 1,
      // a 45-minute inspection takes about 8 s
      workScale: 0.003,
      failShare: 0,
      // only the geofence may set it on site in this test
      arriveFallbackSeconds: 3600,
      logger: silent,
    });
    try {
      await w.ready;
      await waitFor('on site', async () => (await s.api<WorkOrder>('GET', `/api/v1/orders/${id}`, undefined, s.adminToken)).body.status === 'on_site', 180_000);
      const done = await waitFor(
        'completed',
        async () => {
          const o = (await s.api<WorkOrder>('GET', `/api/v1/orders/${id}`, undefined, s.adminToken)).body;
          return o.status === 'completed' ? o : null;
        },
        60_000,
      );
      expect(done.completion?.['findings']).toEqual(expect.any(String));
      const ev = await events(id);
      expect(ev.map((e) => `${e.actor}:${e.action}`)).toEqual([
        'admin:create',
        'admin:assign',
        'admin:dispatch',
        'simulador:acknowledge',
        'simulador:start_travel',
        'geofence:arrive',
        'simulador:complete',
      ]);
      // the crew was at the order when the geofence set it on site and when it completed
      const arrive = ev.find((e) => e.action === 'arrive')!;
      expect(arrive.crewLat).not.toBeNull();
      const complete = ev.find((e) => e.action === 'complete')!;
      expect((complete.data as { outsideRadius?: boolean }).outsideRadius).toBe(false);
      // the order a person was working is untouched
      expect((await s.api<WorkOrder>('GET', `/api/v1/orders/${personal.body.id}`, undefined, s.adminToken)).body.status).toBe('acknowledged');
      expect((await events(personal.body.id)).every((e) => e.actor === 'admin')).toBe(true);
    } finally {
      await w.stop();
    }
    expect(w.stats().errors).toBe(0);
    // released: the vehicle drives on
    expect(agent.arrived).toBe(false);
  }, 300_000);
});
