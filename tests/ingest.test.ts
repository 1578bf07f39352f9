import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMessage, type ServerMessage, type VehicleLive } from '../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

let t: TestEnv;
let s: TestServer;
const clients: MqttClient[] = [];

beforeAll(async () => {
  t = await testEnv();
  s = await startTestServer(t);
});
afterAll(async () => {
  for (const c of clients) await c.endAsync(true).catch(() => undefined);
  await s?.stop();
  await t?.cleanup();
});

async function deviceClient(id: string, secret: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(s.vatio.mqttUrl, { clientId: `dev-${id}-${Date.now()}`, username: id, password: secret, reconnectPeriod: 0 });
  clients.push(c);
  return c;
}

function openWs(token: string): Promise<{ ws: WebSocket; messages: ServerMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.vatio.httpUrl.replace('http', 'ws')}/ws?token=${token}`);
    const messages: ServerMessage[] = [];
    ws.on('message', (raw) => messages.push(serverMessage.parse(JSON.parse(String(raw)))));
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'all' } }));
      resolve({ ws, messages });
    });
    ws.on('error', reject);
  });
}

async function metric(name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${s.vatio.httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

async function track(vehicleId: string) {
  const from = new Date(Date.now() - 3600_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  const r = await s.api<{ features: { geometry: { type: string } | null; properties: Record<string, unknown> }[] }>(
    'GET',
    `/api/v1/vehicles/${vehicleId}/track?from=${from}&to=${to}`,
    undefined,
    s.adminToken,
  );
  expect(r.status).toBe(200);
  return r.body.features.filter((f) => f.geometry?.type === 'Point').map((f) => f.properties);
}

describe('GPS ingest, end to end', () => {
  it('turns a fix published over MQTT into a history row, the live position and a WebSocket message', async () => {
    const unit = await registerUnit(s, { id: 'unit-a' });
    const { ws, messages } = await openWs(s.adminToken);
    await waitFor('subscribed', async () => messages.some((m) => m.type === 'subscribed'));
    const c = await deviceClient(unit.deviceId, unit.secret);
    const t0 = Date.now() - 1000;
    await c.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify({ t: new Date(t0).toISOString(), lat: -34.9055, lon: -56.1913, speed: 8.3, heading: 90, acc: 6, batt: 88 }), { qos: 1 });

    const pushed = await waitFor('a positions message', async () =>
      messages.flatMap((m) => (m.type === 'positions' ? m.data : [])).find((v) => v.vehicleId === unit.vehicleId),
    );
    expect(pushed).toMatchObject({ crewId: unit.crewId, lat: -34.9055, lon: -56.1913, speed: 8.3, status: 'online' });

    const live = await s.api<{ vehicles: VehicleLive[] }>('GET', '/api/v1/vehicles/live', undefined, s.adminToken);
    expect(live.body.vehicles.find((v) => v.vehicleId === unit.vehicleId)).toMatchObject({
      crewName: `Cuadrilla ${unit.deviceId}`,
      battery: 88,
      fixTime: new Date(t0).toISOString(),
    });
    const points = await waitFor('history row', async () => ((await track(unit.vehicleId)).length === 1 ? track(unit.vehicleId) : null));
    expect(points[0]).toMatchObject({ fixTime: new Date(t0).toISOString(), heading: 90, accuracy: 6 });
    ws.close();
  });

  it('stores buffered fixes in fix-time order and never moves the live marker backwards', async () => {
    const unit = await registerUnit(s, { id: 'unit-b' });
    const c = await deviceClient(unit.deviceId, unit.secret);
    const base = Date.now() - 120_000;
    const at = (i: number) => ({ t: base + i * 10_000, lat: -34.9 + i * 0.0005, lon: -56.16 });
    await c.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify(at(10)), { qos: 1 });
    await waitFor('newest fix live', async () => {
      const live = await s.api<{ vehicles: VehicleLive[] }>('GET', '/api/v1/vehicles/live', undefined, s.adminToken);
      return live.body.vehicles.find((v) => v.vehicleId === unit.vehicleId);
    });
    // A burst buffered while offline arrives later, out of order.
    await c.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify([at(3), at(1), at(2)]), { qos: 1 });
    const points = await waitFor('4 history rows', async () => {
      const p = await track(unit.vehicleId);
      return p.length === 4 ? p : null;
    });
    expect(points.map((p) => Date.parse(String(p['fixTime'])))).toEqual([1, 2, 3, 10].map((i) => base + i * 10_000));
    const live = await s.api<{ vehicles: VehicleLive[] }>('GET', '/api/v1/vehicles/live', undefined, s.adminToken);
    expect(live.body.vehicles.find((v) => v.vehicleId === unit.vehicleId)?.fixTime).toBe(new Date(base + 100_000).toISOString());
  });

  it('stores a redelivered fix once', async () => {
    const unit = await registerUnit(s, { id: 'unit-c' });
    const c = await deviceClient(unit.deviceId, unit.secret);
    const fix = JSON.stringify({ t: Date.now() - 5000, lat: -34.88, lon: -56.17 });
    const before = await metric('vatio_ingest_dropped_total', '{reason="duplicate"}');
    await c.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, fix, { qos: 1 });
    await c.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, fix, { qos: 1 });
    await waitFor('duplicate counted', async () => (await metric('vatio_ingest_dropped_total', '{reason="duplicate"}')) === before + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await track(unit.vehicleId)).toHaveLength(1);
  });

  it('rejects and counts each kind of bad payload, storing nothing', async () => {
    const unit = await registerUnit(s, { id: 'unit-d' });
    const c = await deviceClient(unit.deviceId, unit.secret);
    const topic = `vatio/v1/devices/${unit.deviceId}/fix`;
    const now = Date.now();
    const cases: [string, string | Buffer][] = [
      ['malformed', '{"t": 1, "lat": '],
      ['malformed', JSON.stringify({ t: now, lat: '-34.9', lon: -56.1 })],
      ['invalid_coordinates', JSON.stringify({ t: now, lat: -95, lon: -56.1 })],
      ['invalid_coordinates', JSON.stringify({ t: now, lat: 0, lon: 0 })],
      ['future', JSON.stringify({ t: now + 3600_000, lat: -34.9, lon: -56.1 })],
      ['too_old', JSON.stringify({ t: now - 30 * 86_400_000, lat: -34.9, lon: -56.1 })],
      ['invalid_time', JSON.stringify({ t: 'ayer', lat: -34.9, lon: -56.1 })],
      ['inaccurate', JSON.stringify({ t: now, lat: -34.9, lon: -56.1, acc: 5000 })],
      ['payload_too_large', Buffer.alloc(70 * 1024, 0x20)],
    ];
    const before = new Map<string, number>();
    for (const [reason] of cases) before.set(reason, await metric('vatio_ingest_dropped_total', `{reason="${reason}"}`));
    for (const [, payload] of cases) await c.publishAsync(topic, payload, { qos: 1 });
    const expected = new Map<string, number>();
    for (const [reason] of cases) expected.set(reason, (expected.get(reason) ?? 0) + 1);
    for (const [reason, n] of expected) {
      await waitFor(`${reason} counted`, async () => (await metric('vatio_ingest_dropped_total', `{reason="${reason}"}`)) === (before.get(reason) ?? 0) + n);
    }
    // NaN cannot be written in JSON; over HTTP it arrives as text.
    const r = await fetch(`${s.vatio.httpUrl}/ingest/osmand?id=${unit.deviceId}&lat=NaN&lon=-56.1&timestamp=${Math.floor(now / 1000)}&key=${unit.secret}`);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('invalid_coordinates');
    await new Promise((res) => setTimeout(res, 300));
    expect(await track(unit.vehicleId)).toHaveLength(0);
  });

  it('drops an impossible jump (> 250 km/h implied)', async () => {
    const unit = await registerUnit(s, { id: 'unit-e' });
    const c = await deviceClient(unit.deviceId, unit.secret);
    const now = Date.now();
    const before = await metric('vatio_ingest_dropped_total', '{reason="impossible_jump"}');
    await c.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify([{ t: now - 20_000, lat: -34.9, lon: -56.1 }, { t: now - 10_000, lat: -34.0, lon: -56.1 }]), { qos: 1 });
    await waitFor('jump counted', async () => (await metric('vatio_ingest_dropped_total', '{reason="impossible_jump"}')) === before + 1);
    await waitFor('one row', async () => (await track(unit.vehicleId)).length === 1);
  });

  it('ingests OwnTracks (vel km/h) and OsmAnd over HTTP (speed in knots)', async () => {
    const ot = await registerUnit(s, { id: 'phone-1', protocol: 'owntracks', owntracksUser: 'ana' });
    const c = await deviceClient(ot.deviceId, ot.secret);
    const tst = Math.floor(Date.now() / 1000) - 2;
    await c.publishAsync(`owntracks/ana/${ot.deviceId}`, JSON.stringify({ _type: 'location', lat: -34.91, lon: -56.15, tst, vel: 36, cog: 180, acc: 10, batt: 64, tid: 'an' }), { qos: 1 });
    const p1 = await waitFor('owntracks row', async () => (await track(ot.vehicleId))[0]);
    expect(Number(p1['speed'])).toBeCloseTo(10, 3);

    const os = await registerUnit(s, { id: 'car-1', protocol: 'osmand' });
    const ts = Math.floor(Date.now() / 1000) - 1;
    const ok = await fetch(`${s.vatio.httpUrl}/ingest/osmand?id=${os.deviceId}&lat=-34.92&lon=-56.14&timestamp=${ts}&speed=10&bearing=45&batt=70&key=${os.secret}`);
    expect(ok.status).toBe(200);
    const p2 = (await track(os.vehicleId))[0];
    expect(Number(p2?.['speed'])).toBeCloseTo(5.1444, 3);
    // Traccar Client JSON with the secret in HTTP Basic
    const json = await fetch(`${s.vatio.httpUrl}/ingest/osmand`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${os.deviceId}:${os.secret}`).toString('base64')}` },
      body: JSON.stringify({ device_id: os.deviceId, location: { timestamp: new Date().toISOString(), coords: { latitude: -34.92005, longitude: -56.14005, speed: 2, heading: -1, accuracy: 4 }, battery: { level: 0.7 } } }),
    });
    expect(json.status).toBe(200);
  });

  it('answers OsmAnd errors with status and reason, storing nothing', async () => {
    const os = await registerUnit(s, { id: 'car-2', protocol: 'osmand' });
    const ts = Math.floor(Date.now() / 1000);
    const bad = async (q: string) => {
      const r = await fetch(`${s.vatio.httpUrl}/ingest/osmand?${q}`);
      return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code };
    };
    expect(await bad(`id=nobody&lat=-34.9&lon=-56.1&timestamp=${ts}&key=x`)).toEqual({ status: 400, code: 'unknown_device' });
    expect(await bad(`id=${os.deviceId}&lat=-34.9&lon=-56.1&timestamp=${ts}&key=wrong`)).toEqual({ status: 401, code: 'wrong_secret' });
    expect(await bad(`id=${os.deviceId}&lat=-34.9&lon=-56.1&timestamp=${ts}`)).toEqual({ status: 401, code: 'wrong_secret' });
    expect(await bad(`id=${os.deviceId}&lat=-34.9&timestamp=${ts}&key=${os.secret}`)).toEqual({ status: 400, code: 'malformed' });
    const big = await fetch(`${s.vatio.httpUrl}/ingest/osmand?key=${os.secret}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `id=${os.deviceId}&pad=${'x'.repeat(70_000)}` });
    expect(big.status).toBe(413);
    expect(await track(os.vehicleId)).toHaveLength(0);
  });
});

describe('sign-in, roles and audit', () => {
  it('refuses wrong passwords and requests without a session', async () => {
    expect((await s.api('POST', '/api/v1/auth/login', { username: 'admin', password: 'nope' })).status).toBe(401);
    expect((await s.api('POST', '/api/v1/auth/login', { username: 'ghost', password: 'nope' })).status).toBe(401);
    expect((await s.api('POST', '/api/v1/auth/login', '{"username":')).status).toBe(400);
    const r = await s.api<{ error: { code: string } }>('GET', '/api/v1/vehicles/live');
    expect(r).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'sign-in required' } } });
  });

  it('lets each role do only what its routes declare', async () => {
    const mk = async (username: string, role: string) => {
      const r = await s.api('POST', '/api/v1/users', { username, password: 'password-123456', displayName: username, roles: [role] }, s.adminToken);
      expect(r.status).toBe(201);
      const l = await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: 'password-123456' });
      return l.body.token;
    };
    const dispatcher = await mk('dispatcher1', 'dispatcher');
    const customer = await mk('customer1', 'customer');
    expect((await s.api('GET', '/api/v1/vehicles/live', undefined, dispatcher)).status).toBe(200);
    expect((await s.api('GET', '/api/v1/vehicles/live', undefined, customer)).status).toBe(403);
    expect((await s.api('POST', '/api/v1/devices', { id: 'x1' }, dispatcher)).status).toBe(403);
    expect((await s.api('GET', '/api/v1/users', undefined, dispatcher)).status).toBe(403);
    expect((await s.api('GET', '/api/v1/auth/me', undefined, customer)).status).toBe(200);
    // the WebSocket refuses a role that may not watch the fleet
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${s.vatio.httpUrl.replace('http', 'ws')}/ws?token=${customer}`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(code).toBe(403);
  });

  it('validates bodies with the field at fault and changes nothing', async () => {
    const r = await s.api<{ error: { code: string; field: string } }>('POST', '/api/v1/devices', { id: 'bad id/with slash' }, s.adminToken);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('id');
    const dup = await s.api('POST', '/api/v1/crews', { id: 'c-unit-a', name: 'again' }, s.adminToken);
    expect(dup.status).toBe(409);
    const noVehicle = await s.api<{ error: { field: string } }>('POST', '/api/v1/devices', { id: 'dev-z', vehicleId: 'no-such' }, s.adminToken);
    expect(noVehicle.status).toBe(400);
    const devices = await s.api<{ devices: { id: string }[] }>('GET', '/api/v1/devices', undefined, s.adminToken);
    expect(devices.body.devices.map((d) => d.id)).not.toContain('dev-z');
  });

  it('writes every change to the audit log', async () => {
    const r = await s.api<{ entries: { action: string; actor: string; entityId: string }[] }>('GET', '/api/v1/audit?entity=device&entityId=unit-a', undefined, s.adminToken);
    expect(r.body.entries).toEqual([expect.objectContaining({ action: 'device.create', actor: 'admin', entityId: 'unit-a' })]);
  });

  it('reports health of database and broker', async () => {
    const r = await s.api<{ status: string; checks: Record<string, boolean> }>('GET', '/healthz');
    expect(r).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: true, broker: true } } });
  });
});

describe('restart', () => {
  it('shows where every unit was last seen after a restart, from history (no Redis)', async () => {
    const before = await s.api<{ vehicles: VehicleLive[] }>('GET', '/api/v1/vehicles/live', undefined, s.adminToken);
    const a = before.body.vehicles.find((v) => v.vehicleId === 'v-unit-a');
    expect(a).toBeDefined();
    await s.stop();
    s = await startTestServer({ ...t, env: { ...t.env, REDIS_URL: '' } });
    const after = await s.api<{ vehicles: VehicleLive[] }>('GET', '/api/v1/vehicles/live', undefined, s.adminToken);
    expect(after.body.vehicles.find((v) => v.vehicleId === 'v-unit-a')).toMatchObject({
      fixTime: a?.fixTime,
      lat: a?.lat,
      lon: a?.lon,
      crewName: a?.crewName,
      battery: a?.battery,
    });
  });
});
