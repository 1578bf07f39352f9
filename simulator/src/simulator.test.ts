import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { Aedes } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vatioFixPayload } from '../../server/src/contracts/index.ts';
import { startSimulator } from './simulator.ts';

/**
 * The simulator against stand-ins: a small HTTP server speaking the fleet API of docs/api.md and
 * an aedes broker checking device credentials. The real server is exercised by hand (README).
 */
interface FakeDevice {
  id: string;
  protocol: string;
  secret: string;
  owntracksUser: string | null;
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

describe('startSimulator', () => {
  const crews = new Set<string>();
  const vehicles = new Map<string, string | null>();
  const devices = new Map<string, FakeDevice>();
  const mqttReceived: { topic: string; payload: string; username: string }[] = [];
  const osmandReceived: URLSearchParams[] = [];
  let statusCounts: Record<string, number> = {};
  let http: HttpServer;
  let net: NetServer;
  let broker: Aedes;
  let baseUrl = '';
  let mqttUrl = '';
  let rotations = 0;

  beforeAll(async () => {
    http = createHttpServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const reply = (status: number, body?: unknown): void => {
          statusCounts[`${req.method} ${url.pathname.replace(/sim-d\d+/, ':id')} ${status}`] =
            (statusCounts[`${req.method} ${url.pathname.replace(/sim-d\d+/, ':id')} ${status}`] ?? 0) + 1;
          res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
        };
        if (url.pathname === '/ingest/osmand') {
          const d = devices.get(url.searchParams.get('id') ?? '');
          if (!d) return reply(400, { error: { code: 'unknown_device', message: 'unknown device' } });
          if (d.secret !== url.searchParams.get('key')) return reply(401, { error: { code: 'unauthorized', message: 'bad key' } });
          osmandReceived.push(url.searchParams);
          return reply(200, {});
        }
        if (req.headers.authorization !== 'Bearer test-token') return reply(401, { error: { code: 'unauthorized', message: 'no' } });
        const body = req.method === 'POST' ? await readJson(req) : {};
        if (req.method === 'POST' && url.pathname === '/api/v1/crews') {
          if (crews.has(String(body.id))) return reply(409, { error: { code: 'conflict', message: 'exists' } });
          crews.add(String(body.id));
          return reply(201, body);
        }
        if (req.method === 'POST' && url.pathname === '/api/v1/vehicles') {
          if (vehicles.has(String(body.id))) return reply(409, { error: { code: 'conflict', message: 'exists' } });
          if (!crews.has(String(body.crewId))) return reply(400, { error: { code: 'bad_crew', message: 'no crew' } });
          vehicles.set(String(body.id), String(body.crewId));
          return reply(201, body);
        }
        if (req.method === 'POST' && url.pathname === '/api/v1/devices') {
          if (devices.has(String(body.id))) return reply(409, { error: { code: 'conflict', message: 'exists' } });
          const d = { id: String(body.id), protocol: String(body.protocol), secret: `secret-${body.id}-0`, owntracksUser: (body.owntracksUser as string | undefined) ?? null };
          devices.set(d.id, d);
          return reply(201, { ...d, vehicleId: body.vehicleId, topics: [] });
        }
        const rotate = /^\/api\/v1\/devices\/([^/]+)\/secret$/.exec(url.pathname);
        if (req.method === 'POST' && rotate) {
          const d = devices.get(decodeURIComponent(rotate[1]!));
          if (!d) return reply(404, { error: { code: 'not_found', message: 'no device' } });
          d.secret = `secret-${d.id}-${++rotations}`;
          return reply(200, { secret: d.secret });
        }
        if (req.method === 'GET' && url.pathname === '/api/v1/devices') return reply(200, { devices: [...devices.values()].map(({ secret: _s, ...d }) => d) });
        if (req.method === 'GET' && url.pathname === '/api/v1/vehicles/live') return reply(200, { vehicles: [], thresholds: { onlineSeconds: 60, offlineSeconds: 600 }, serverTime: new Date().toISOString() });
        return reply(404, { error: { code: 'not_found', message: req.url ?? '' } });
      })();
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    broker = await Aedes.createBroker();
    const users = new WeakMap<object, string>();
    broker.authenticate = (client, username, password, done) => {
      const d = devices.get(username ?? '');
      const ok = d !== undefined && password?.toString('utf8') === d.secret;
      if (ok) users.set(client, username!);
      done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), ok);
    };
    broker.on('publish', (packet, client) => {
      if (client && !packet.topic.startsWith('$SYS')) {
        mqttReceived.push({ topic: packet.topic, payload: packet.payload.toString(), username: users.get(client) ?? '' });
      }
    });
    net = createNetServer(broker.handle);
    net.listen(0, '127.0.0.1');
    await once(net, 'listening');
    mqttUrl = `mqtt://127.0.0.1:${(net.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((r) => broker.close(() => r()));
    net.close();
    http.closeAllConnections();
    http.close();
  });

  const run = async (ms: number) => {
    const sim = await startSimulator({
      baseUrl,
      mqttUrl,
      token: 'test-token',
      vehicles: 6,
      rate: 4,
      prefix: 'sim',
      seed: 3,
      protocolMix: { vatio: 1, owntracks: 1, osmand: 1 },
      dropouts: { meanSecondsBetween: 1e9, seconds: [1, 2] },
      logger: silent,
    });
    await new Promise((r) => setTimeout(r, ms));
    await sim.stop();
    return sim.stats();
  };

  it('registers crews, vehicles and devices, then publishes real protocol messages', async () => {
    const stats = await run(2500);
    expect(crews.size).toBe(6);
    expect(vehicles.size).toBe(6);
    expect(devices.size).toBe(6);
    expect(stats.errors).toBe(0);
    const protocols = new Set([...devices.values()].map((d) => d.protocol));
    expect(protocols.size).toBeGreaterThan(1);

    const vatio = mqttReceived.filter((m) => m.topic.startsWith('vatio/'));
    const owntracks = mqttReceived.filter((m) => m.topic.startsWith('owntracks/'));
    for (const m of vatio) {
      expect(m.topic).toBe(`vatio/v1/devices/${m.username}/fix`);
      expect(vatioFixPayload.safeParse(JSON.parse(m.payload)).success).toBe(true);
    }
    for (const m of owntracks) {
      const d = devices.get(m.username)!;
      expect(m.topic).toBe(`owntracks/${d.owntracksUser}/${d.id}`);
      expect(JSON.parse(m.payload)).toMatchObject({ _type: 'location', tst: expect.any(Number), vel: expect.any(Number) });
    }
    for (const q of osmandReceived) expect(devices.get(q.get('id') ?? '')?.protocol).toBe('osmand');
    const sent = stats.sent.vatio + stats.sent.owntracks + stats.sent.osmand;
    expect(sent).toBe(vatio.length + owntracks.length + osmandReceived.length);
    expect(sent).toBeGreaterThan(6);
  });

  it('reuses the same ids on restart, rotating device secrets after a 409', async () => {
    statusCounts = {};
    const before = mqttReceived.length + osmandReceived.length;
    const stats = await run(1500);
    expect(devices.size).toBe(6);
    expect(statusCounts['POST /api/v1/devices 409']).toBe(6);
    expect(statusCounts['POST /api/v1/devices/:id/secret 200']).toBe(6);
    expect(stats.errors).toBe(0);
    expect(mqttReceived.length + osmandReceived.length).toBeGreaterThan(before);
  });
});
