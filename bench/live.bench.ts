/**
 * npm run bench:live — publish → WebSocket latency with 5,000 vehicles at 1 Hz and 20 console
 * clients, against the services in DATABASE_URL / REDIS_URL / MQTT_URL. The server runs as its own
 * process (so its RSS is its own); units publish from another; the clients live here.
 *   --vehicles N (5000)  --clients N (20)  --seconds N (30)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { ServerMessage } from '../server/src/contracts/index.ts';
import { ADMIN_PASSWORD, REAL, freePort, testEnv, waitFor } from '../tests/helpers/server.ts';
import { numberOption } from './lib/args.ts';
import { percentile, registerFleet } from './lib/fleet.ts';

const VEHICLES = numberOption('vehicles', 5000);
const CLIENTS = numberOption('clients', 20);
const SECONDS = numberOption('seconds', 30);
if (!REAL.database || !REAL.mqtt) {
  console.error('bench:live measures the real services: set DATABASE_URL, MQTT_URL and REDIS_URL.');
  process.exit(2);
}

const port = await freePort();
const t = await testEnv({ LOG_LEVEL: 'warn', PORT: String(port) });
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { env: { ...process.env, ...t.env }, stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
const rssMb = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};
try {
  await waitFor('server', async () => (await fetch(`${base}/healthz`)).status === 200, 60_000);
  const login = (await (
    await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  ).json()) as { token: string };
  console.log(`registering ${VEHICLES} vehicles…`);
  const t0 = Date.now();
  const fleet = await registerFleet({ baseUrl: base, token: login.token, n: VEHICLES, prefix: 'l', onProgress: (d) => process.stdout.write(`  ${d}\r`) });
  console.log(`registered in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const latencies: number[] = [];
  let measuring = false;
  let messages = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?token=${login.token}`);
          ws.on('open', () => {
            ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'all' } }));
            resolve(ws);
          });
          ws.on('error', reject);
          ws.on('message', (raw) => {
            const now = Date.now();
            // JSON only (no schema check here): the clients must not be the bottleneck they measure
            const m = JSON.parse(String(raw)) as ServerMessage;
            if (m.type !== 'positions' || !measuring) return;
            messages++;
            // fix time is the publisher's clock at publish: same machine, same clock
            for (const v of m.data) latencies.push(now - Date.parse(v.fixTime));
          });
        }),
    ),
  );
  const pub = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/lib/publisher.ts', JSON.stringify({ url: REAL.mqtt, mode: 'steady', topicPrefix: 'vatio/v1/devices', devices: fleet.map((f) => f.deviceId), seconds: SECONDS + 5, qos: 0, connections: 8 })],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await new Promise((r) => setTimeout(r, 5000)); // warm-up
  measuring = true;
  let maxRss = 0;
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb())), 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  clearInterval(sampler);
  await new Promise((r) => pub.once('exit', r));
  for (const ws of sockets) ws.close();
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const perClientPerS = latencies.length / CLIENTS / SECONDS;
  console.log(`${latencies.length} position updates over ${messages} messages to ${CLIENTS} clients in ${SECONDS} s (${Math.round(perClientPerS)} updates/s per client; expected ≈ ${VEHICLES})`);
  console.log(`publish → WebSocket latency: p50 ${p50} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms; server RSS max ${Math.round(maxRss)} MB`);
  console.log(JSON.stringify({ bench: 'live', p50_ms: p50, p99_ms: p99, vehicles: VEHICLES, clients: CLIENTS, rss_mb: Math.round(maxRss), updates_per_client_per_s: Math.round(perClientPerS) }));
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await t.cleanup();
}
