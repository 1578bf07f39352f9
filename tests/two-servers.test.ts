import mqtt from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMessage, type VehicleLive } from '../server/src/contracts/index.ts';
import { REAL, registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

const canRun = Boolean(REAL.database && REAL.redis && REAL.mqtt);

describe.skipIf(!canRun)('two server instances behind one Redis', () => {
  let t: TestEnv;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // Both instances share database, Redis prefix and an MQTT shared subscription group.
    t = await testEnv({ MQTT_SHARE_GROUP: `g${Date.now()}` });
    a = await startTestServer(t);
    b = await startTestServer({ ...t, env: { ...t.env, MQTT_CLIENT_ID: `${t.env['MQTT_CLIENT_ID']}-b` } });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await t?.cleanup();
  });

  it('serve the same live picture: a fix ingested by either reaches WebSocket clients of both, once', async () => {
    const unit = await registerUnit(a, { id: 'shared-1' });
    const positionsOn = (s: TestServer) => {
      const got: VehicleLive[] = [];
      const state = { subscribed: false };
      const ws = new WebSocket(`${s.vatio.httpUrl.replace('http', 'ws')}/ws?token=${s.adminToken}`);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'all' } })));
      ws.on('message', (raw) => {
        const m = serverMessage.parse(JSON.parse(String(raw)));
        if (m.type === 'positions') got.push(...m.data);
        if (m.type === 'subscribed') state.subscribed = true;
      });
      return { ws, got, state };
    };
    const onA = positionsOn(a);
    const onB = positionsOn(b);
    await waitFor('both consoles subscribed', async () => onA.state.subscribed && onB.state.subscribed);
    const dev = await mqtt.connectAsync(REAL.mqtt ?? '', { username: unit.deviceId, password: unit.secret });
    const base = Date.now() - 10_000;
    for (let i = 0; i < 6; i++) {
      await dev.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify({ t: base + i * 1000, lat: -34.9 + i * 0.0001, lon: -56.16 }), { qos: 1 });
    }
    const last = new Date(base + 5000).toISOString();
    const why = () =>
      JSON.stringify({
        a: a.vatio.metrics.render().split('\n').filter((l) => /^vatio_(ingest|live)/.test(l)),
        b: b.vatio.metrics.render().split('\n').filter((l) => /^vatio_(ingest|live)/.test(l)),
        gotA: onA.got.map((v) => v.fixTime),
        gotB: onB.got.map((v) => v.fixTime),
      });
    await waitFor('A sees the newest', async () => onA.got.some((v) => v.fixTime === last)).catch((err: unknown) => {
      throw new Error(`${String(err)} ${why()}`);
    });
    await waitFor('B sees the newest', async () => onB.got.some((v) => v.fixTime === last));
    // the shared subscription split the ingest: each fix was processed by one instance
    const ingested = a.vatio.metrics.counter('vatio_ingest_accepted_total', '').total() + b.vatio.metrics.counter('vatio_ingest_accepted_total', '').total();
    expect(ingested).toBe(6);
    const liveA = await a.api<{ vehicles: VehicleLive[] }>('GET', '/api/v1/vehicles/live', undefined, a.adminToken);
    const liveB = await b.api<{ vehicles: VehicleLive[] }>('GET', '/api/v1/vehicles/live', undefined, b.adminToken);
    expect(liveA.body.vehicles.find((v) => v.vehicleId === unit.vehicleId)?.fixTime).toBe(last);
    expect(liveB.body.vehicles).toEqual(liveA.body.vehicles);
    onA.ws.close();
    onB.ws.close();
    await dev.endAsync();
  });
});
