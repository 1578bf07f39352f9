import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent, WorkOrder } from '../server/src/contracts/index.ts';
import { registerUnit, startTestServer, testEnv, waitFor, type TestEnv, type TestServer } from './helpers/server.ts';

let t: TestEnv;
let s: TestServer;
let supervisor: string;
let orderId: string;
const base = Date.now() - 30 * 60_000;
const fixes = Array.from({ length: 20 }, (_, i) => ({ t: base + i * 30_000, lat: -34.9 + i * 0.0008, lon: -56.16 + i * 0.0003, speed: 9 }));

async function user(username: string, role: string) {
  await s.api('POST', '/api/v1/users', { username, password: 'password-123456', displayName: username, roles: [role] }, s.adminToken);
  return (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username, password: 'password-123456' })).body.token;
}

beforeAll(async () => {
  t = await testEnv();
  s = await startTestServer(t);
  supervisor = await user('super1', 'supervisor');
  const dispatcher = await user('disp-r', 'dispatcher');
  const unit = await registerUnit(s, { id: 'rp' });
  const dev = await mqtt.connectAsync(s.vatio.mqttUrl, { username: unit.deviceId, password: unit.secret, reconnectPeriod: 0 });
  // delivered out of order on purpose: replay is in fix-time order
  await dev.publishAsync(`vatio/v1/devices/${unit.deviceId}/fix`, JSON.stringify([...fixes].reverse()), { qos: 1 });
  await dev.endAsync();
  const o = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'inspection', location: { lat: -34.89, lon: -56.155 }, address: 'Av. Italia 2000' }, dispatcher);
  orderId = o.body.id;
  await s.api('POST', `/api/v1/orders/${orderId}/actions`, { action: 'assign', crewId: unit.crewId }, dispatcher);
  await s.api('POST', `/api/v1/orders/${orderId}/actions`, { action: 'dispatch' }, dispatcher);
  await waitFor('history stored', async () => {
    const r = await s.api<{ tracks: { points: unknown[] }[] }>('GET', `/api/v1/replay?from=${new Date(base - 1000).toISOString()}&to=${new Date().toISOString()}&crewId=${unit.crewId}`, undefined, supervisor);
    return r.body.tracks[0]?.points.length === 20;
  });
});
afterAll(async () => {
  await s?.stop();
  await t?.cleanup();
});

describe('incident replay', () => {
  it('returns tracks and order events of a range in time order', async () => {
    const from = new Date(base - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const r = await s.api<{ tracks: { vehicleId: string; points: [number, number, number][] }[]; events: OrderEvent[] }>('GET', `/api/v1/replay?from=${from}&to=${to}&crewId=c-rp`, undefined, supervisor);
    expect(r.status).toBe(200);
    const track = r.body.tracks.find((x) => x.vehicleId === 'v-rp');
    expect(track?.points.map((p) => p[0])).toEqual(fixes.map((f) => f.t));
    expect(r.body.events.map((e) => e.action)).toEqual(['assign', 'dispatch']); // create has no crew yet
    const times = r.body.events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('replays one order with its crew, and an area', async () => {
    const r = await s.api<{ tracks: unknown[]; events: OrderEvent[] }>('GET', `/api/v1/replay?orderId=${orderId}`, undefined, supervisor);
    expect(r.body.events.map((e) => e.action)).toEqual(['create', 'assign', 'dispatch']);
    const area = await s.api<{ tracks: { vehicleId: string }[] }>('GET', `/api/v1/replay?from=${new Date(base - 1000).toISOString()}&to=${new Date().toISOString()}&bbox=-56.17,-34.91,-56.15,-34.88`, undefined, supervisor);
    expect(area.body.tracks.map((x) => x.vehicleId)).toContain('v-rp');
    const elsewhere = await s.api<{ tracks: unknown[] }>('GET', `/api/v1/replay?from=${new Date(base - 1000).toISOString()}&to=${new Date().toISOString()}&bbox=-57.0,-35.0,-56.9,-34.95`, undefined, supervisor);
    expect(elsewhere.body.tracks).toEqual([]);
  });

  it('exports GPX 1.1 that parses back to the same points', async () => {
    const res = await fetch(`${s.vatio.httpUrl}/api/v1/replay/tracks.gpx?from=${new Date(base - 1000).toISOString()}&to=${new Date().toISOString()}&crewId=c-rp`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(res.headers.get('content-type')).toContain('application/gpx+xml');
    const gpx = await res.text();
    expect(gpx).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<gpx version="1\.1" creator="Vatio" xmlns="http:\/\/www\.topografix\.com\/GPX\/1\/1">/);
    expect(gpx.match(/<trk>/g)).toHaveLength(1);
    const pts = [...gpx.matchAll(/<trkpt lat="(-?\d+\.\d+)" lon="(-?\d+\.\d+)"><time>([^<]+)<\/time><\/trkpt>/g)].map((m) => ({ lat: Number(m[1]), lon: Number(m[2]), t: Date.parse(m[3] ?? '') }));
    expect(pts).toHaveLength(20);
    pts.forEach((p, i) => {
      expect(p.t).toBe(fixes[i]?.t);
      expect(p.lat).toBeCloseTo(fixes[i]?.lat ?? 0, 6);
      expect(p.lon).toBeCloseTo(fixes[i]?.lon ?? 0, 6);
    });
    expect(gpx.trimEnd().endsWith('</gpx>')).toBe(true);
  });

  it('exports events as CSV and GeoJSON', async () => {
    const q = `orderId=${orderId}`;
    const csv = await (await fetch(`${s.vatio.httpUrl}/api/v1/replay/events.csv?${q}`, { headers: { authorization: `Bearer ${supervisor}` } })).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,order_id,type,priority,action,from_status,to_status,actor,crew_id,crew_lat,crew_lon,order_lat,order_lon,data');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(',assign,new,assigned,disp-r,c-rp,');
    const gj = (await (await fetch(`${s.vatio.httpUrl}/api/v1/replay/events.geojson?${q}`, { headers: { authorization: `Bearer ${supervisor}` } })).json()) as { features: { geometry: { coordinates: number[] }; properties: { action: string } }[] };
    expect(gj.features.map((f) => f.properties.action)).toEqual(['create', 'assign', 'dispatch']);
    expect(gj.features[0]?.geometry.coordinates).toEqual([-56.155, -34.89]);
  });

  it('refuses other roles and bad ranges', async () => {
    const crew = await user('crew-r', 'crew');
    expect((await s.api('GET', `/api/v1/replay?orderId=${orderId}`, undefined, crew)).status).toBe(403);
    const now = Date.now();
    expect((await s.api('GET', `/api/v1/replay?from=${new Date(now).toISOString()}&to=${new Date(now - 1000).toISOString()}`, undefined, supervisor)).status).toBe(400);
    expect((await s.api('GET', `/api/v1/replay?from=${new Date(now - 3 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`, undefined, supervisor)).status).toBe(400);
    expect((await s.api('GET', '/api/v1/replay?bbox=1,2,3', undefined, supervisor)).status).toBe(400);
    expect((await s.api('GET', '/api/v1/replay?orderId=OT-9999999', undefined, supervisor)).status).toBe(404);
  });
});
