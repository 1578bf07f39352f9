/**
 * A load publisher run as its own process (so it does not share the event loop it measures).
 * Modes:
 *   burst  — publish `total` fixes for the devices as fast as the broker takes them
 *   steady — every device publishes one fix per second (fix time = now) for `seconds`
 * Prints one JSON line at the end: {"published":…,"ms":…}.
 */
import mqtt from 'mqtt';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  mode: 'burst' | 'steady';
  topicPrefix: string;
  devices: string[];
  total?: number;
  /** burst mode: fixes per second to aim at (0 = as fast as possible) */
  rate?: number;
  seconds?: number;
  qos: 0 | 1;
  connections: number;
};

const clients = await Promise.all(
  Array.from({ length: args.connections }, (_, i) =>
    mqtt.connectAsync(args.url, { clientId: `bench-pub-${process.pid}-${i}`, clean: true, reconnectPeriod: 0 }),
  ),
);
const started = Date.now();
let published = 0;

if (args.mode === 'burst') {
  const total = args.total ?? 100_000;
  const n = args.devices.length;
  const perDevice = Math.ceil(total / n);
  const base = Date.now() - perDevice * 1000 - 60_000;
  const jobs = clients.map(async (c, ci) => {
    for (let k = 0; k < perDevice; k++) {
      for (let d = ci; d < n; d += clients.length) {
        if (published >= total) return;
        const id = args.devices[d];
        // one fix per device-second, ~10 m apart (36 km/h): passes every filter
        const payload = `{"t":${base + k * 1000},"lat":${(-34.9 + d * 0.0001 + k * 0.00009).toFixed(6)},"lon":${(-56.16 + d * 0.0001).toFixed(6)},"speed":10,"heading":0,"acc":5,"batt":80}`;
        if (args.qos === 1) await c.publishAsync(`${args.topicPrefix}/${id}/fix`, payload, { qos: 1 });
        else c.publish(`${args.topicPrefix}/${id}/fix`, payload, { qos: 0 });
        published++;
        if (published % 1000 === 0) {
          const rate = args.rate ?? 0;
          const ahead = rate > 0 ? published / rate - (Date.now() - started) / 1000 : 0;
          await new Promise((r) => (ahead > 0 ? setTimeout(r, ahead * 1000) : setImmediate(r)));
        }
      }
    }
  });
  await Promise.all(jobs);
} else {
  const until = Date.now() + (args.seconds ?? 30) * 1000;
  const n = args.devices.length;
  const pos = args.devices.map((_, i) => ({ lat: -34.95 + (i % 100) * 0.002, lon: -56.25 + Math.floor(i / 100) * 0.004 }));
  // spread the devices evenly over each second, in 20 slots of 50 ms
  const slots = 20;
  let slot = 0;
  while (Date.now() < until) {
    const tick = Date.now();
    for (let d = slot; d < n; d += slots) {
      const p = pos[d];
      const id = args.devices[d];
      if (!p || !id) continue;
      p.lat += 0.00005;
      const payload = `{"t":${Date.now()},"lat":${p.lat.toFixed(6)},"lon":${p.lon.toFixed(6)},"speed":5,"heading":0,"acc":5,"batt":80}`;
      clients[d % clients.length]?.publish(`${args.topicPrefix}/${id}/fix`, payload, { qos: args.qos });
      published++;
    }
    slot = (slot + 1) % slots;
    await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - tick))));
  }
}
// let the last packets leave the socket
await Promise.all(clients.map((c) => c.endAsync(false)));
console.log(JSON.stringify({ published, ms: Date.now() - started }));
