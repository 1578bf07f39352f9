import { spawn, type ChildProcess } from 'node:child_process';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL, dbCount, registerUnit, startTestServer, testEnv, waitFor, type TestEnv, freePort } from './helpers/server.ts';

// Killing the server must not take the broker or the database with it: real services only.
const canRun = Boolean(REAL.database && REAL.mqtt);


function startChild(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe.skipIf(!canRun)('server killed mid-stream (QoS 1, persistent session)', () => {
  let t: TestEnv;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    t = await testEnv({ INGEST_FLUSH_MS: '200' });
    t.env['PORT'] = String(await freePort());
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await t.cleanup();
  });

  it('loses no fix and stores none twice', async () => {
    // Register the unit with an in-process server on the same database, then stop it.
    const s = await startTestServer(t);
    const unit = await registerUnit(s, { id: 'restart-unit' });
    await s.stop();

    const health = async () => (await fetch(`http://127.0.0.1:${t.env['PORT']}/healthz`)).status === 200;
    child = startChild(t.env);
    await waitFor('server up', health, 60_000);

    const device = await mqtt.connectAsync(REAL.mqtt ?? '', { clientId: `restart-dev-${Date.now()}`, username: unit.deviceId, password: unit.secret, clean: false });
    const total = 400;
    const base = Date.now() - total * 1000 - 60_000;
    let sent = 0;
    const publishAll = (async () => {
      for (let i = 0; i < total; i++) {
        // one fix per simulated second, 50 m apart: well under the jump limit
        await device.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify({ t: base + i * 1000, lat: -34.9 + i * 0.00045, lon: -56.16 }), { qos: 1 });
        sent++;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await waitFor('some fixes in', async () => sent > 100, 20_000);
    child.kill('SIGKILL'); // no goodbye, no flush
    await new Promise((r) => child?.once('exit', r));
    const sentAtKill = sent;
    await waitFor('more sent while down', async () => sent > sentAtKill + 50, 20_000);
    child = startChild(t.env);
    await publishAll;
    await waitFor('server back', health, 60_000);
    const rows = await waitFor(
      'every fix stored',
      async () => {
        const n = await dbCount(t.env['DATABASE_URL'], 'select count(*)::int as n from positions where device_id = $1', [unit.deviceId]);
        return n >= total ? n : null;
      },
      30_000,
    );
    expect(rows).toBe(total);
    const distinct = await dbCount(t.env['DATABASE_URL'], 'select count(distinct fix_time)::int as n from positions where device_id = $1', [unit.deviceId]);
    expect(distinct).toBe(total);
    await device.endAsync();
    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    child = null;
  });
});
