/**
 * npm run bench:ingest — fixes/s sustained through the whole pipeline (parse → … → history in
 * PostGIS, latest in Redis, broadcast) against the services in DATABASE_URL / REDIS_URL / MQTT_URL,
 * fixes lost, and in the same run the raw broker → subscriber rate of the same messages.
 *   --fixes N (200000)  --devices N (500)  --qos 0|1 (0)  --connections N (4)  --rate N (40000, 0 = flat out)
 * The same offered rate is used for both phases. Mosquitto drops messages for a subscriber more
 * than max_queued_messages (default 1000) behind, so "lost" is what a server that cannot keep up
 * with the offered rate really loses on a default broker.
 */
import { spawn } from 'node:child_process';
import mqtt from 'mqtt';
import { numberOption } from './lib/args.ts';
import { registerFleet } from './lib/fleet.ts';
import { REAL, startTestServer, testEnv } from '../tests/helpers/server.ts';

const FIXES = numberOption('fixes', 200_000);
const DEVICES = numberOption('devices', 500);
const QOS = numberOption('qos', 0, { min: 0 }) === 1 ? 1 : 0;
const CONNECTIONS = numberOption('connections', 4);
const RATE = numberOption('rate', 40_000, { min: 0 });

if (!REAL.database || !REAL.mqtt) {
  console.error('bench:ingest measures the real services: set DATABASE_URL, MQTT_URL (and REDIS_URL).');
  process.exit(2);
}

function publish(args: Record<string, unknown>): Promise<{ published: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/publisher.ts', JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}')) : reject(new Error(`publisher exit ${code}`))));
  });
}

const t = await testEnv({ LOG_LEVEL: 'warn', INGEST_FLUSH_MS: '100' });
const s = await startTestServer(t);
try {
  console.log(`registering ${DEVICES} units…`);
  const fleet = await registerFleet({ baseUrl: s.vatio.httpUrl, token: s.adminToken, n: DEVICES, prefix: 'b', onProgress: (d) => process.stdout.write(`  ${d}\r`) });
  const devices = fleet.map((f) => f.deviceId);

  // 1. Raw: the same messages, broker → a plain subscriber that only counts them.
  const rawTopic = `bench-raw-${Date.now()}`;
  const sub = await mqtt.connectAsync(REAL.mqtt, { clientId: `bench-raw-${process.pid}`, clean: true });
  let got = 0;
  let rawFirst = 0;
  let rawLast = 0;
  sub.on('message', () => {
    if (got === 0) rawFirst = Date.now();
    got++;
    rawLast = Date.now();
  });
  await sub.subscribeAsync(`${rawTopic}/+/fix`, { qos: QOS });
  const rawStart = Date.now();
  const rawPub = await publish({ url: REAL.mqtt, mode: 'burst', topicPrefix: rawTopic, devices, total: FIXES, qos: QOS, connections: CONNECTIONS, rate: RATE });
  const rawDeadline = Date.now() + 30_000;
  while (got < rawPub.published && Date.now() < rawDeadline) await new Promise((r) => setTimeout(r, 20));
  const rawSeconds = (rawLast - rawStart) / 1000;
  const rawPerS = got / rawSeconds;
  await sub.endAsync();
  console.log(`raw broker→subscriber: ${got}/${rawPub.published} in ${rawSeconds.toFixed(2)} s = ${Math.round(rawPerS)} msg/s (first after ${rawFirst - rawStart} ms)`);

  // 2. Pipeline: the same load into the server's ingest, until every fix is committed.
  const stored = s.vatio.metrics.counter('vatio_history_stored_total', '');
  const accepted = s.vatio.metrics.counter('vatio_ingest_accepted_total', '');
  const dropped = s.vatio.metrics.counter('vatio_ingest_dropped_total', '');
  const before = stored.total();
  const start = Date.now();
  let lastProgress = 0;
  const pubDone = publish({ url: REAL.mqtt, mode: 'burst', topicPrefix: 'vatio/v1/devices', devices, total: FIXES, qos: QOS, connections: CONNECTIONS, rate: RATE });
  let pub: { published: number; ms: number } | null = null;
  void pubDone.then((p) => (pub = p));
  let doneAt = 0;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const n = stored.total() - before;
    if (Date.now() - lastProgress > 2000) {
      lastProgress = Date.now();
      console.log(`  pipeline: ${n} stored, ${Math.round(n / ((Date.now() - start) / 1000))} fixes/s`);
    }
    if (pub && n >= (pub as { published: number }).published) {
      doneAt = Date.now();
      break;
    }
    // publisher finished and nothing moved for 10 s: what is missing is lost
    await new Promise((r) => setTimeout(r, 10));
    if (pub && Date.now() - start > (pub as { ms: number }).ms + 60_000) break;
  }
  const published = (pub as { published: number } | null)?.published ?? FIXES;
  const storedN = stored.total() - before;
  const seconds = ((doneAt || Date.now()) - start) / 1000;
  const fixesPerS = storedN / seconds;
  const lost = published - storedN;
  console.log(`pipeline: ${storedN}/${published} stored in ${seconds.toFixed(2)} s = ${Math.round(fixesPerS)} fixes/s; accepted ${accepted.total()}, dropped ${dropped.total()}`);
  console.log(`ratio pipeline/raw: ${(fixesPerS / rawPerS).toFixed(3)}  (qos ${QOS}, offered ${RATE || 'max'}/s, ${DEVICES} units, ${CONNECTIONS} publisher connections, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB)`);
  console.log(JSON.stringify({ bench: 'ingest', fixes_per_s: Math.round(fixesPerS), raw_per_s: Math.round(rawPerS), ratio: Number((fixesPerS / rawPerS).toFixed(3)), lost, qos: QOS, offered_per_s: RATE, fixes: published }));
} finally {
  await s.stop();
  await t.cleanup();
}
