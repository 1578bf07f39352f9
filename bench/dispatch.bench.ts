/**
 * npm run bench:dispatch — the dispatch board at scale: 10,000 open orders, 1,000 crews, against
 * the services in DATABASE_URL / REDIS_URL / MQTT_URL. Prints board list/filter latency
 * (p50/p99) and order state change → WebSocket message at another dispatcher (p50/p99).
 *   --orders N (10000)  --crews N (1000)  --requests N (300)  --changes N (300)
 */
import WebSocket from 'ws';
import type { ServerMessage, WorkOrder } from '../server/src/contracts/index.ts';
import { REAL, startTestServer, testEnv } from '../tests/helpers/server.ts';
import { numberOption } from './lib/args.ts';
import { percentile } from './lib/fleet.ts';

const ORDERS = numberOption('orders', 10_000);
const CREWS = numberOption('crews', 1000);
const REQUESTS = numberOption('requests', 300);
const CHANGES = numberOption('changes', 300);
if (!REAL.database) {
  console.error('bench:dispatch measures the real services: set DATABASE_URL (and REDIS_URL, MQTT_URL).');
  process.exit(2);
}

const t = await testEnv({ LOG_LEVEL: 'warn' });
const s = await startTestServer(t);
try {
  const mk = await s.api<{ id: number }>('POST', '/api/v1/users', { username: 'bench-disp', password: 'password-123456', displayName: 'Despacho', roles: ['dispatcher'] }, s.adminToken);
  if (mk.status !== 201) throw new Error('user');
  const token = (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'bench-disp', password: 'password-123456' })).body.token;

  const parallel = async (n: number, fn: (i: number) => Promise<void>, label: string) => {
    let next = 0;
    let done = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < n; i = next++) {
          await fn(i);
          if (++done % 1000 === 0) process.stdout.write(`  ${label} ${done}/${n}\r`);
        }
      }),
    );
    console.log(`${label}: ${n} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  await parallel(CREWS, async (i) => {
    const r = await s.api('POST', '/api/v1/crews', { id: `bc${i}`, name: `Cuadrilla ${i}` }, s.adminToken);
    if (r.status !== 201) throw new Error(`crew ${r.status}`);
  }, 'crews');
  const types = ['installation', 'inspection', 'meter_change', 'cut', 'reconnection', 'removal', 'emergency', 'leak'];
  const ids: string[] = [];
  await parallel(ORDERS, async (i) => {
    const r = await s.api<WorkOrder>('POST', '/api/v1/orders', {
      typeCode: types[i % types.length],
      location: { lat: -34.95 + (i % 100) * 0.002, lon: -56.3 + Math.floor(i / 100) * 0.002 },
      address: `Calle ${i % 500} ${1000 + i}`,
      accountRef: String(1_000_000 + i),
    }, token);
    if (r.status !== 201) throw new Error(`order ${r.status}`);
    ids[i] = r.body.id;
  }, 'orders');
  // a third of them assigned, as on a working day
  await parallel(Math.floor(ORDERS / 3), async (i) => {
    const id = ids[i * 3];
    if (id) await s.api('POST', `/api/v1/orders/${id}/actions`, { action: 'assign', crewId: `bc${i % CREWS}` }, token);
  }, 'assignments');

  // 1. board list and filters
  const queries = [
    'status=new,scheduled,assigned,dispatched,acknowledged,en_route,on_site&limit=200',
    'status=new&priority=emergency&limit=200',
    'typeCode=cut&limit=200',
    'crewId=bc17&limit=200',
    'q=Calle%2042&limit=200',
    'status=assigned&limit=200&offset=1000',
  ];
  const list: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const r = await fetch(`${s.vatio.httpUrl}/api/v1/orders?${queries[i % queries.length]}`, { headers: { authorization: `Bearer ${token}` } });
    await r.json();
    list.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`list ${r.status}`);
  }
  list.sort((a, b) => a - b);

  // 2. a change by one dispatcher → the WebSocket of another
  const ws = new WebSocket(`${s.vatio.httpUrl.replace('http', 'ws')}/ws?token=${token}`);
  const waiting = new Map<string, (at: number) => void>();
  ws.on('message', (raw) => {
    const at = performance.now();
    const m = JSON.parse(String(raw)) as ServerMessage;
    if (m.type === 'order.updated') waiting.get(`${m.data.order.id}@${m.data.order.version}`)?.(at);
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'subscribe', data: { scope: 'all' } }));
  await new Promise((r) => setTimeout(r, 200));
  const change: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const id = ids[i * 3 + 1] ?? ids[0] ?? '';
    const t0 = performance.now();
    const heard = new Promise<number>((resolve) => waiting.set(`${id}@2`, resolve));
    const r = await s.api('POST', `/api/v1/orders/${id}/actions`, { action: 'assign', crewId: `bc${i % CREWS}` }, token);
    if (r.status !== 200) throw new Error(`action ${r.status}`);
    change.push((await heard) - t0);
  }
  ws.close();
  change.sort((a, b) => a - b);
  const f = (v: number) => Math.round(v * 10) / 10;
  console.log(`board list/filter over ${ORDERS} orders: p50 ${f(percentile(list, 50))} ms, p99 ${f(percentile(list, 99))} ms (${REQUESTS} requests)`);
  console.log(`state change → WebSocket at another client: p50 ${f(percentile(change, 50))} ms, p99 ${f(percentile(change, 99))} ms (${CHANGES} changes)`);
  console.log(JSON.stringify({ bench: 'dispatch', list_p99_ms: f(percentile(list, 99)), ws_p99_ms: f(percentile(change, 99)), list_p50_ms: f(percentile(list, 50)), ws_p50_ms: f(percentile(change, 50)), orders: ORDERS, crews: CREWS }));
} finally {
  await s.stop();
  await t.cleanup();
}
