import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMessage, type ServerMessage, type WorkOrder } from '../server/src/contracts/index.ts';
import { REAL, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

// Membership is changed on instance A while the crew's phone is connected to instance B: the
// change has to travel through Redis, as in a deployment behind a load balancer.
const canRun = Boolean(REAL.database && REAL.redis);

describe.skipIf(!canRun)('crew membership follows open WebSockets (two instances, one Redis)', () => {
  let t: TestEnv;
  let a: TestServer;
  let b: TestServer;
  let dispatcher: string;
  let crewUser: { id: number; token: string };
  let other: { id: number; token: string };

  const user = async (username: string, role: string) => {
    const r = await a.api<{ id: number }>('POST', '/api/v1/users', { username, password: 'password-123456', displayName: username, roles: [role] }, a.adminToken);
    expect(r.status).toBe(201);
    const l = await a.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: 'password-123456' });
    return { id: r.body.id, token: l.body.token };
  };

  const phone = (s: TestServer, token: string) =>
    new Promise<{ ws: WebSocket; messages: ServerMessage[] }>((resolve, reject) => {
      const ws = new WebSocket(`${s.vatio.httpUrl.replace('http', 'ws')}/ws?token=${token}`);
      const messages: ServerMessage[] = [];
      ws.on('message', (raw) => messages.push(serverMessage.parse(JSON.parse(String(raw)))));
      ws.on('open', () => resolve({ ws, messages }));
      ws.on('error', reject);
    });

  const members = async (crewId: string, userIds: number[]) =>
    expect((await a.api('PUT', `/api/v1/crews/${crewId}/members`, { userIds }, a.adminToken)).status).toBe(204);

  /** a new order assigned to `crewId` (on instance A) */
  const orderFor = async (crewId: string) => {
    const o = await a.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'reconnection', location: { lat: -34.9011, lon: -56.1645 }, address: 'Av. 18 de Julio 1360', accountRef: '1234567' }, dispatcher);
    expect(o.status).toBe(201);
    const r = await a.api<{ order: WorkOrder }>('POST', `/api/v1/orders/${o.body.id}/actions`, { action: 'assign', crewId }, dispatcher);
    expect(r.status).toBe(200);
    return o.body.id;
  };
  const heard = (m: ServerMessage[], orderId: string) => m.some((x) => x.type === 'order.updated' && x.data.order.id === orderId);

  beforeAll(async () => {
    t = await testEnv({ MQTT_SHARE_GROUP: `g${Date.now()}` });
    a = await startTestServer(t);
    b = await startTestServer({ ...t, env: { ...t.env, MQTT_CLIENT_ID: `${t.env['MQTT_CLIENT_ID']}-b` } });
    for (const id of ['c-north', 'c-south']) expect((await a.api('POST', '/api/v1/crews', { id, name: id }, a.adminToken)).status).toBe(201);
    dispatcher = (await user('disp-m', 'dispatcher')).token;
    crewUser = await user('crew-m', 'crew');
    other = await user('crew-o', 'crew');
    await members('c-north', [crewUser.id]);
    await members('c-south', [other.id]);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await t?.cleanup();
  });

  it('hears the orders of a crew it was just added to, and no longer those of a crew it left, without reconnecting', async () => {
    const p = await phone(b, crewUser.token);
    p.ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'crew', crewId: 'c-north' } }));
    await waitFor('subscribed', async () => p.messages.some((m) => m.type === 'subscribed'));

    // before: south's orders are not this user's business
    const before = await orderFor('c-south');
    const north1 = await orderFor('c-north');
    await waitFor('own crew order', async () => heard(p.messages, north1));
    expect(heard(p.messages, before)).toBe(false);

    // added to south (on the other instance): told at once, and south's orders arrive
    await members('c-south', [other.id, crewUser.id]);
    await waitFor('crews.changed (added)', async () =>
      p.messages.some((m) => m.type === 'crews.changed' && m.data.crewIds.includes('c-south') && m.data.crewIds.includes('c-north')),
    );
    const south1 = await orderFor('c-south');
    await waitFor('order of the crew just joined', async () => heard(p.messages, south1));

    // removed from north: its subscription to north ends and north's orders stop
    await members('c-north', []);
    await waitFor('crews.changed (removed)', async () =>
      p.messages.some((m) => m.type === 'crews.changed' && !m.data.crewIds.includes('c-north') && m.data.subscription === null),
    );
    const north2 = await orderFor('c-north');
    const south2 = await orderFor('c-south');
    // south2 was published after north2 on the same channel: once it is here, north2 would be too
    await waitFor('a later order of the crew still joined', async () => heard(p.messages, south2));
    expect(heard(p.messages, north2)).toBe(false);

    // and the hub now judges subscriptions by the new membership
    const n = p.messages.length;
    p.ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'crew', crewId: 'c-north' } }));
    await waitFor('refused', async () => p.messages.slice(n).some((m) => m.type === 'error' && m.data.code === 'forbidden'));
    p.ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'crew', crewId: 'c-south' } }));
    await waitFor('allowed', async () => p.messages.slice(n).some((m) => m.type === 'subscribed' && m.data.subscription.scope === 'crew' && m.data.subscription.crewId === 'c-south'));
    p.ws.close();
  });

  it('leaves other users’ sockets alone', async () => {
    const o = await phone(b, other.token);
    await waitFor('hello', async () => o.messages.some((m) => m.type === 'hello'));
    await members('c-north', [crewUser.id]); // other user is not involved
    const probe = await orderFor('c-south');
    await waitFor('a later event', async () => heard(o.messages, probe));
    expect(o.messages.some((m) => m.type === 'crews.changed')).toBe(false);
    o.ws.close();
  });
});
