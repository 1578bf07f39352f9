import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

// The embedded broker enforces device credentials and topics itself (aedes hooks). This file
// runs it on purpose even when MQTT_URL is set; the database and Redis stay the real ones.
let t: TestEnv;
let s: TestServer;
beforeAll(async () => {
  t = await testEnv({ MQTT_URL: undefined, MQTT_MAX_REJECTS_PER_MINUTE: '5' });
  s = await startTestServer(t);
});
afterAll(async () => {
  await s?.stop();
  await t?.cleanup();
});

async function track(vehicleId: string): Promise<number> {
  const from = new Date(Date.now() - 3600_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  const r = await s.api<{ features: { geometry: { type: string } | null }[] }>('GET', `/api/v1/vehicles/${vehicleId}/track?from=${from}&to=${to}`, undefined, s.adminToken);
  return r.body.features.filter((f) => f.geometry?.type === 'Point').length;
}

describe('embedded broker security', () => {
  it('refuses a unit with a wrong secret or no credentials', async () => {
    const unit = await registerUnit(s, { id: 'acl-1' });
    await expect(mqtt.connectAsync(s.vatio.mqttUrl, { username: unit.deviceId, password: 'wrong-secret', reconnectPeriod: 0 })).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(mqtt.connectAsync(s.vatio.mqttUrl, { reconnectPeriod: 0 })).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(mqtt.connectAsync(s.vatio.mqttUrl, { username: 'no-such-unit', password: 'whatever-secret', reconnectPeriod: 0 })).rejects.toThrow();
  });

  it("does not let a unit publish under another unit's topic", async () => {
    const a = await registerUnit(s, { id: 'acl-a' });
    const b = await registerUnit(s, { id: 'acl-b' });
    const ca = await mqtt.connectAsync(s.vatio.mqttUrl, { username: a.deviceId, password: a.secret, reconnectPeriod: 0 });
    const closed = new Promise<void>((r) => ca.once('close', () => r()));
    // aedes closes the connection of a client whose publish is not authorized (MQTT-3.3.5-2)
    ca.publish(`vatio/v1/devices/${b.deviceId}/fix`, JSON.stringify({ t: Date.now(), lat: -34.9, lon: -56.1 }), { qos: 1 });
    await closed;
    await ca.endAsync(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(await track(b.vehicleId)).toBe(0);
    // and the unit's own topic works
    const ca2 = await mqtt.connectAsync(s.vatio.mqttUrl, { username: a.deviceId, password: a.secret, reconnectPeriod: 0 });
    await ca2.publishAsync(`vatio/v1/devices/${a.deviceId}/fix`, JSON.stringify({ t: Date.now(), lat: -34.9, lon: -56.1 }), { qos: 1 });
    await waitFor('own fix stored', async () => (await track(a.vehicleId)) === 1);
    await ca2.endAsync();
  });

  it('disconnects a unit that keeps sending bad messages', async () => {
    const u = await registerUnit(s, { id: 'acl-noisy' });
    const c = await mqtt.connectAsync(s.vatio.mqttUrl, { username: u.deviceId, password: u.secret, reconnectPeriod: 0 });
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    for (let i = 0; i < 10; i++) c.publish(`vatio/v1/devices/${u.deviceId}/fix`, 'not json', { qos: 0 });
    await closed;
    expect(c.connected).toBe(false);
    await c.endAsync(true);
  });

  it('marks a unit offline at once when its last will fires', async () => {
    const u = await registerUnit(s, { id: 'acl-will' });
    const c = await mqtt.connectAsync(s.vatio.mqttUrl, {
      username: u.deviceId,
      password: u.secret,
      reconnectPeriod: 0,
      will: { topic: `vatio/v1/devices/${u.deviceId}/status`, payload: Buffer.from('offline'), qos: 1, retain: false },
    });
    await c.publishAsync(`vatio/v1/devices/${u.deviceId}/fix`, JSON.stringify({ t: Date.now(), lat: -34.9, lon: -56.1 }), { qos: 1 });
    const status = async () =>
      (await s.api<{ vehicles: { vehicleId: string; status: string }[] }>('GET', '/api/v1/vehicles/live', undefined, s.adminToken)).body.vehicles.find((v) => v.vehicleId === u.vehicleId)?.status;
    await waitFor('online', async () => (await status()) === 'online');
    // A dropped connection (not a clean DISCONNECT) makes the broker publish the will.
    (c.stream as unknown as { destroy(): void }).destroy();
    await waitFor('offline', async () => (await status()) === 'offline');
    c.end(true);
  });
});
