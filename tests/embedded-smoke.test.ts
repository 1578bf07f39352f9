import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveResponse } from '../server/src/contracts/index.ts';
import { waitFor, freePort } from './helpers/server.ts';


// The `npm start` path on a machine with nothing but Node: PGlite + PostGIS, in-process live
// state, the aedes broker and the built-in simulator — whatever the environment says.
describe('embedded mode (npm start path)', () => {
  let child: ChildProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'vatio-smoke-'));
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots, ingests the simulated fleet and serves the map', async () => {
    const port = await freePort();
    const env: Record<string, string | undefined> = { ...process.env };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'MQTT_URL']) delete env[k];
    Object.assign(env, {
      PORT: String(port),
      MQTT_PORT: String(await freePort()),
      VATIO_DATA_DIR: dataDir,
      VATIO_ADMIN_PASSWORD: 'smoke-test-password',
      SIMULATOR_VEHICLES: '6',
      LOG_LEVEL: 'warn',
    });
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--with-simulator'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitFor('healthz 200', async () => (await fetch(`${base}/healthz`)).status === 200, 120_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- server output ---\n${output}`);
    });
    const health = (await (await fetch(`${base}/healthz`)).json()) as { checks: Record<string, boolean> };
    expect(health.checks).toEqual({ database: true, broker: true, live: true });

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'smoke-test-password' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const live = await waitFor(
      'six simulated vehicles online',
      async () => {
        const r = (await (await fetch(`${base}/api/v1/vehicles/live`, { headers: { authorization: `Bearer ${token}` } })).json()) as LiveResponse;
        return r.vehicles.filter((v) => v.status === 'online').length === 6 ? r : null;
      },
      60_000,
    );
    for (const v of live.vehicles) {
      // Uruguay
      expect(v.lat).toBeGreaterThan(-35.1);
      expect(v.lat).toBeLessThan(-30);
      expect(v.lon).toBeGreaterThan(-58.5);
      expect(v.lon).toBeLessThan(-53);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(Number(/^vatio_history_stored_total (\d+)/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    if (existsSync('console/dist/index.html')) expect(await page.text()).toContain('<div id="app"');
  });
});
