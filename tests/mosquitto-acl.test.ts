import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer, freePort } from './helpers/server.ts';

// The deploy/mosquitto configuration, run for real: the password file Vatio generates and the ACL
// we ship must let a unit in with its secret and keep it inside its own topics.
const hasMosquitto = spawnSync('sh', ['-c', 'command -v mosquitto && command -v mosquitto_passwd']).status === 0;


describe.skipIf(!hasMosquitto)('Mosquitto with the shipped ACL and a generated password file', () => {
  let t: TestEnv;
  let s: TestServer;
  let broker: ChildProcess;
  let url = '';
  const dir = mkdtempSync(join(tmpdir(), 'vatio-mosq-'));
  let a: Awaited<ReturnType<typeof registerUnit>>;
  let b: Awaited<ReturnType<typeof registerUnit>>;

  beforeAll(async () => {
    t = await testEnv();
    s = await startTestServer(t);
    a = await registerUnit(s, { id: 'mq-a' });
    b = await registerUnit(s, { id: 'mq-b' });
    const passwd = await fetch(`${s.vatio.httpUrl}/api/v1/devices/mosquitto-passwd`, { headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(passwd.status).toBe(200);
    writeFileSync(join(dir, 'passwd'), await passwd.text());
    expect(spawnSync('mosquitto_passwd', ['-b', join(dir, 'passwd'), 'vatio-server', 'server-secret-123']).status).toBe(0);
    writeFileSync(join(dir, 'acl'), readFileSync('deploy/mosquitto/acl'));
    const port = await freePort();
    const conf = readFileSync('deploy/mosquitto/mosquitto.conf', 'utf8')
      .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
      .replace(/^persistence .*$/m, 'persistence false')
      .replace(/^persistence_location .*$/m, '')
      .replaceAll('/mosquitto/config/', `${dir}/`);
    writeFileSync(join(dir, 'mosquitto.conf'), conf);
    // Started as root, mosquitto drops to its own user: it must be able to read the files.
    chmodSync(dir, 0o755);
    for (const f of ['passwd', 'acl', 'mosquitto.conf']) chmodSync(join(dir, f), 0o644);
    broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    url = `mqtt://127.0.0.1:${port}`;
    await waitFor('mosquitto up', async () => {
      const c = await mqtt.connectAsync(url, { username: 'vatio-server', password: 'server-secret-123', reconnectPeriod: 0, connectTimeout: 1000 });
      await c.endAsync();
      return true;
    });
  });
  afterAll(async () => {
    broker?.kill();
    await s?.stop();
    await t?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits a unit with its secret and refuses a wrong one', async () => {
    const ok = await mqtt.connectAsync(url, { username: a.deviceId, password: a.secret, reconnectPeriod: 0 });
    await ok.endAsync();
    await expect(mqtt.connectAsync(url, { username: a.deviceId, password: 'not-the-secret', reconnectPeriod: 0 })).rejects.toThrow(/Not authorized|Bad user/i);
    await expect(mqtt.connectAsync(url, { reconnectPeriod: 0 })).rejects.toThrow(/Not authorized|Bad user/i);
  });

  it("delivers a unit's own fixes to the server and drops what it publishes under another unit's topic", async () => {
    const server = await mqtt.connectAsync(url, { username: 'vatio-server', password: 'server-secret-123', reconnectPeriod: 0 });
    const seen: string[] = [];
    server.on('message', (topic) => seen.push(topic));
    await server.subscribeAsync('vatio/v1/devices/+/fix', { qos: 1 });
    const unit = await mqtt.connectAsync(url, { username: a.deviceId, password: a.secret, reconnectPeriod: 0 });
    await unit.publishAsync(`vatio/v1/devices/${b.deviceId}/fix`, '{"t":1,"lat":1,"lon":1}', { qos: 1 });
    await unit.publishAsync(`vatio/v1/devices/${a.deviceId}/fix`, '{"t":1,"lat":1,"lon":1}', { qos: 1 });
    await waitFor('own fix delivered', async () => seen.includes(`vatio/v1/devices/${a.deviceId}/fix`));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([`vatio/v1/devices/${a.deviceId}/fix`]);
    await unit.endAsync();
    await server.endAsync();
  });
});
