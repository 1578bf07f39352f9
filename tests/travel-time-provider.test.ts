import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStreetGraph, NetworkTravelTimeProvider } from '../geo/src/index.ts';
import { startFakeEngine, type FakeEngine } from '../geo/src/http-travel-time.fake-engine.ts';
import type { CrewSuggestion, WorkOrder } from '../server/src/contracts/index.ts';
import { ConfigError, loadConfig } from '../server/src/config.ts';
import { startTestServer, testEnv, type TestEnv, type TestServer } from './helpers/server.ts';

// The server is pointed at a stand-in OSRM (the real one is not installable here) that speaks
// the /table/v1 format with street-graph times × 2, so an ETA from the engine is told apart from
// one of the server's own street graph (the fallback), which has the unscaled times.
const FACTOR = 2;
const graph = loadStreetGraph(JSON.parse(readFileSync(new URL('../geo/data/montevideo-drive-graph.osm.json', import.meta.url), 'utf8')));
const network = new NetworkTravelTimeProvider({ graph, peakHours: null });

describe('TRAVEL_TIME_* configuration', () => {
  it('defaults to the street graph with a 2 s engine budget', () => {
    const c = loadConfig({});
    expect(c.TRAVEL_TIME_PROVIDER).toBe('network');
    expect(c.TRAVEL_TIME_TIMEOUT_MS).toBe(2000);
  });

  it('refuses to start with an engine and no URL, naming the key', () => {
    for (const provider of ['osrm', 'valhalla']) {
      let err: unknown;
      try {
        loadConfig({ TRAVEL_TIME_PROVIDER: provider });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.join('\n')).toMatch(new RegExp(`^TRAVEL_TIME_URL: required when TRAVEL_TIME_PROVIDER is ${provider}`));
    }
    expect(() => loadConfig({ TRAVEL_TIME_PROVIDER: 'google' })).toThrow(/TRAVEL_TIME_PROVIDER/);
    expect(() => loadConfig({ TRAVEL_TIME_PROVIDER: 'osrm', TRAVEL_TIME_URL: 'osrm' })).toThrow(/TRAVEL_TIME_URL/);
    expect(() => loadConfig({ TRAVEL_TIME_TIMEOUT_MS: '0' })).toThrow(/TRAVEL_TIME_TIMEOUT_MS/);
  });
});

describe('dispatch suggestions with TRAVEL_TIME_PROVIDER=osrm', () => {
  let engine: FakeEngine;
  let t: TestEnv;
  let s: TestServer;
  let dispatcher: string;
  const bases = { 'c-cerro': { lat: -34.8866, lon: -56.2596 }, 'c-malvin': { lat: -34.8915, lon: -56.1049 } };

  const suggest = async (location: { lat: number; lon: number }) => {
    const o = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'reconnection', location, address: 'Av. 18 de Julio 1360', accountRef: '1234567' }, dispatcher);
    expect(o.status).toBe(201);
    const r = await s.api<{ suggestions: CrewSuggestion[] }>('GET', `/api/v1/orders/${o.body.id}/suggestions`, undefined, dispatcher);
    expect(r.status).toBe(200);
    return new Map(r.body.suggestions.map((x) => [x.crewId, x]));
  };
  const localEta = async (crewId: keyof typeof bases, to: { lat: number; lon: number }) => (await network.matrix([bases[crewId]], [to]))[0]!;
  const metric = async (outcome: string) => {
    const text = (await s.api<string>('GET', '/metrics', undefined, s.adminToken)).body;
    const line = String(text)
      .split('\n')
      .find((l) => l.startsWith('vatio_travel_time_requests_total{') && l.includes(`outcome="${outcome}"`) && l.includes('provider="osrm"'));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  beforeAll(async () => {
    engine = await startFakeEngine({ provider: network, factor: FACTOR });
    t = await testEnv({ TRAVEL_TIME_PROVIDER: 'osrm', TRAVEL_TIME_URL: engine.url, TRAVEL_TIME_TIMEOUT_MS: '400' });
    s = await startTestServer(t);
    for (const [id, homeBase] of Object.entries(bases)) {
      expect((await s.api('POST', '/api/v1/crews', { id, name: id }, s.adminToken)).status).toBe(201);
      expect((await s.api('PATCH', `/api/v1/crews/${id}`, { homeBase, availability: 'available', skills: ['cut'] }, s.adminToken)).status).toBe(204);
    }
    const u = await s.api<{ id: number }>('POST', '/api/v1/users', { username: 'disp-tt', password: 'password-123456', displayName: 'Despacho', roles: ['dispatcher'] }, s.adminToken);
    expect(u.status).toBe(201);
    dispatcher = (await s.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'disp-tt', password: 'password-123456' })).body.token;
  });
  afterAll(async () => {
    await s?.stop();
    await t?.cleanup();
    await engine?.close();
  });

  it('takes the ETAs from the engine, every crew in one table request, crews → order', async () => {
    const centro = { lat: -34.9058, lon: -56.1913 };
    const got = await suggest(centro);
    for (const crewId of ['c-cerro', 'c-malvin'] as const) {
      const sug = got.get(crewId);
      expect(sug).toMatchObject({ from: 'home_base', etaSource: 'osrm', etaFallback: false });
      expect(sug?.etaNowSeconds).toBeCloseTo(FACTOR * (await localEta(crewId, centro)), -1);
    }
    expect(engine.requests).toEqual([{ service: 'osrm', sources: 2, targets: 1, refused: false }]);
    expect(await metric('ok')).toBe(1);

    // the same places again: from the cache, no request
    await suggest(centro);
    expect(engine.requests).toHaveLength(1);
  });

  it('feeds the insertion engine (after the current job, appointment slots) from the engine too, in a few matrices', async () => {
    // c-malvin has an order planned: the route's leg and the new order → that stop are asked for
    const planned = await s.api<WorkOrder>('POST', '/api/v1/orders', { typeCode: 'reconnection', location: { lat: -34.8789, lon: -56.1378 }, address: 'Av. Italia 4000', accountRef: '1234567' }, dispatcher);
    expect((await s.api('POST', `/api/v1/orders/${planned.body.id}/actions`, { action: 'assign', crewId: 'c-malvin' }, dispatcher)).status).toBe(200);
    const before = engine.requests.length;
    const got = await suggest({ lat: -34.8941, lon: -56.1664 });
    expect(got.get('c-malvin')).toMatchObject({ etaSource: 'osrm', openOrders: 1 });
    const asked = engine.requests.slice(before).map((r) => `${r.sources}×${r.targets}`).sort();
    // bases + the planned stop → the order; the order → the stop; base → stop (the planned leg)
    expect(asked).toEqual(['1×1', '1×1', '3×1']);

    const slotsBefore = engine.requests.length;
    const slots = await s.api<{ slots: unknown[] }>('POST', '/api/v1/appointments/slots', { typeCode: 'reconnection', location: { lat: -34.9, lon: -56.17 }, days: 2 }, dispatcher);
    expect(slots.status).toBe(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
    expect(engine.requests.slice(slotsBefore).map((r) => `${r.sources}×${r.targets}`)).toContain('3×1');
  });

  it('still answers from the street graph, marked as fallback, when the engine hangs or is down', async () => {
    const pocitos = { lat: -34.9106, lon: -56.1506 };
    const [ok0, timeout0] = [await metric('ok'), await metric('timeout')];
    engine.behaviour = 'hang';
    const slow = await suggest(pocitos);
    for (const crewId of ['c-cerro', 'c-malvin'] as const) {
      const sug = slow.get(crewId);
      expect(sug).toMatchObject({ etaSource: 'network', etaFallback: true });
      expect(sug?.etaNowSeconds).toBeCloseTo(await localEta(crewId, pocitos), -1);
    }
    // the three matrices (ETAs, the planned stop, its leg) timed out together
    expect((await metric('timeout')) - timeout0).toBeGreaterThanOrEqual(1);
    expect(await metric('ok')).toBe(ok0);

    await engine.close();
    const prado = { lat: -34.8597, lon: -56.2006 };
    const down = await suggest(prado);
    expect(down.get('c-cerro')).toMatchObject({ etaSource: 'network', etaFallback: true });
    expect(down.get('c-cerro')?.etaNowSeconds).toBeCloseTo(await localEta('c-cerro', prado), -1);
    // right after a failure the engine is not asked again for a few seconds
    expect((await metric('skipped')) + (await metric('error'))).toBeGreaterThanOrEqual(1);
    expect(await metric('ok')).toBe(ok0);
  });
});
