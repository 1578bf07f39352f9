import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeEngine, type FakeEngine, type FakeEngineOptions } from './http-travel-time.fake-engine.ts';
import { OsrmTravelTimeProvider, ValhallaTravelTimeProvider, type EngineRequestOutcome, type HttpTravelTimeOptions, type PairOrigin } from './http-travel-time.ts';
import type { LatLon } from './lat-lon.ts';
import { loadStreetGraph } from './street-graph.ts';
import { NetworkTravelTimeProvider, StraightLineTravelTimeProvider, TRAVEL_TIME_SOURCES } from './travel-time.ts';

// The engine's numbers come from the Montevideo street graph × 1.5, the fallback is the straight
// line: every cell says by its value (and its source) who answered it.
const graph = loadStreetGraph(JSON.parse(readFileSync(new URL('../data/montevideo-drive-graph.osm.json', import.meta.url), 'utf8')));
const network = new NetworkTravelTimeProvider({ graph, peakHours: null });
const straight = new StraightLineTravelTimeProvider({ peakHours: null });
const FACTOR = 1.5;

const centro = { lat: -34.9058, lon: -56.1913 };
const pocitos = { lat: -34.9106, lon: -56.1506 };
const cerro = { lat: -34.8866, lon: -56.2596 };
const malvin = { lat: -34.8915, lon: -56.1049 };
const prado = { lat: -34.8597, lon: -56.2006 };
const colon = { lat: -34.8037, lon: -56.2231 };
/** a grid of points over the city, for large matrices */
const grid = (n: number): LatLon[] => Array.from({ length: n }, (_, i) => ({ lat: -34.91 + (i % 7) * 0.008, lon: -56.22 + Math.floor(i / 7) * 0.009 }));

const engines: FakeEngine[] = [];
async function fake(opts: Partial<FakeEngineOptions> = {}): Promise<FakeEngine> {
  const e = await startFakeEngine({ provider: network, factor: FACTOR, ...opts });
  engines.push(e);
  return e;
}
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

function observed() {
  const requests: EngineRequestOutcome[] = [];
  const pairs: Partial<Record<PairOrigin, number>> = {};
  return {
    requests,
    pairs,
    observer: {
      request: (o: EngineRequestOutcome) => requests.push(o),
      pairs: (o: PairOrigin, n: number) => (pairs[o] = (pairs[o] ?? 0) + n),
    },
  };
}

const osrm = (e: FakeEngine, extra: Partial<HttpTravelTimeOptions> = {}) => new OsrmTravelTimeProvider({ url: e.url, fallback: straight, ...extra });
const valhalla = (e: FakeEngine, extra: Partial<HttpTravelTimeOptions> = {}) => new ValhallaTravelTimeProvider({ url: e.url, fallback: straight, ...extra });
const names = (source: Uint8Array) => [...source].map((c) => TRAVEL_TIME_SOURCES[c]);

async function expected(from: LatLon[], to: LatLon[]): Promise<number[]> {
  return [...(await network.matrix(from, to))].map((s) => Math.round(s * FACTOR * 10) / 10);
}

describe('OsrmTravelTimeProvider', () => {
  it('reads a table from /table/v1 in one request, sources × destinations', async () => {
    const e = await fake();
    const tt = osrm(e);
    const from = [centro, pocitos, cerro];
    const to = [malvin, prado, colon, centro];
    const t = await tt.table(from, to);
    expect([...t.seconds]).toEqual(await expected(from, to));
    expect(new Set(names(t.source))).toEqual(new Set(['osrm']));
    expect(e.requests).toEqual([{ service: 'osrm', sources: 3, targets: 4, refused: false }]);
    expect(t.seconds[3]).toBe(0); // centro → centro
  });

  it('rounds coordinates, sends each distinct point once, and answers repeats from a bounded cache', async () => {
    const e = await fake();
    const o = observed();
    const tt = osrm(e, { cacheSize: 5, observer: o.observer });
    const jitter = { lat: centro.lat + 2e-7, lon: centro.lon - 3e-7 };
    const m = await tt.matrix([centro, jitter, centro], [pocitos]);
    expect(e.requests).toEqual([{ service: 'osrm', sources: 1, targets: 1, refused: false }]);
    expect(m[0]).toBe(m[1]);
    expect(m[1]).toBe(m[2]);
    await tt.matrix([jitter], [pocitos]);
    expect(e.requests).toHaveLength(1); // from the cache
    expect(o.pairs.cache).toBe(1);
    await tt.matrix([centro, pocitos, cerro], [malvin, prado, colon]);
    expect(tt.cachedPairs).toBe(5);
  });

  it('sends a large matrix in blocks under the configured limit', async () => {
    const e = await fake();
    const tt = osrm(e, { maxPairs: 100, concurrency: 2 });
    const from = grid(25);
    const to = grid(30).map((p) => ({ lat: p.lat + 0.002, lon: p.lon + 0.001 }));
    const m = await tt.matrix(from, to);
    expect([...m]).toEqual(await expected(from, to));
    expect(e.requests.length).toBeGreaterThanOrEqual(8);
    expect(e.requests.every((r) => r.sources * r.targets <= 100 && !r.refused)).toBe(true);
  });

  it('halves blocks when the engine says the table is too big, and remembers its limit', async () => {
    const e = await fake({ maxPairs: 40 });
    const o = observed();
    const tt = osrm(e, { observer: o.observer });
    const from = grid(12);
    const to = grid(10).map((p) => ({ lat: p.lat + 0.003, lon: p.lon }));
    const m = await tt.matrix(from, to);
    expect([...m]).toEqual(await expected(from, to));
    expect(o.requests).toContain('too_big');
    expect(o.requests.filter((r) => r === 'error' || r === 'timeout')).toEqual([]);
    expect(tt.pairsPerRequest).toBeLessThanOrEqual(40);
    const before = e.requests.length;
    tt.clearCache();
    await tt.matrix(from, to);
    expect(e.requests.slice(before).every((r) => !r.refused)).toBe(true);
  });

  it('answers unroutable (null) pairs from the fallback, pair by pair', async () => {
    const island = { lat: -34.95, lon: -56.16 }; // in the river: no route to or from it
    const e = await fake({ unroutable: (p) => p.lat <= -34.95 });
    const o = observed();
    const tt = osrm(e, { observer: o.observer });
    const t = await tt.table([centro, island], [pocitos, prado]);
    expect(names(t.source)).toEqual(['osrm', 'osrm', 'straight', 'straight']);
    expect(t.seconds[0]).toBe((await expected([centro], [pocitos]))[0]);
    expect(t.seconds[2]).toBeCloseTo(straight.seconds(island, pocitos), 6);
    expect(o.pairs).toMatchObject({ engine: 4, unroutable: 2, fallback: 2 });
    // the "no route" is cached too: not asked again
    await tt.matrix([island], [pocitos]);
    expect(e.requests).toHaveLength(1);
  });

  it('falls back for the whole request on an engine error, then skips the engine for a while', async () => {
    const e = await fake();
    const o = observed();
    const tt = osrm(e, { observer: o.observer, retryAfterMs: 60_000 });
    e.behaviour = 'error';
    const t = await tt.table([centro], [pocitos, cerro]);
    expect(names(t.source)).toEqual(['straight', 'straight']);
    expect(t.seconds[0]).toBeCloseTo(straight.seconds(centro, pocitos), 6);
    e.behaviour = 'ok';
    await tt.table([prado], [colon]);
    expect(o.requests).toEqual(['error', 'skipped']);
    expect(e.requests).toHaveLength(0); // HTTP 500 before it counted the request
  });

  it('tries the engine again after the pause', async () => {
    const e = await fake();
    const o = observed();
    const tt = osrm(e, { observer: o.observer, retryAfterMs: 1 });
    e.behaviour = 'garbage';
    expect(names((await tt.table([centro], [pocitos])).source)).toEqual(['straight']);
    e.behaviour = 'ok';
    await new Promise((r) => setTimeout(r, 5));
    expect(names((await tt.table([centro], [pocitos])).source)).toEqual(['osrm']);
    expect(o.requests).toEqual(['error', 'ok']);
  });

  it('gives up on a hanging engine at the timeout and answers from the fallback', async () => {
    const e = await fake();
    const o = observed();
    const tt = osrm(e, { observer: o.observer, timeoutMs: 150 });
    e.behaviour = 'hang';
    const t = await tt.table([centro, cerro], [pocitos]);
    expect(names(t.source)).toEqual(['straight', 'straight']);
    expect(o.requests).toEqual(['timeout']);
  });

  it('falls back when nothing listens at the URL', async () => {
    const e = await fake();
    await e.close();
    const o = observed();
    const t = await osrm(e, { observer: o.observer }).table([centro], [pocitos]);
    expect(names(t.source)).toEqual(['straight']);
    expect(o.requests).toEqual(['error']);
  });

  it('uses the network provider as fallback when given one (the server default)', async () => {
    const e = await fake();
    e.behaviour = 'error';
    const tt = new OsrmTravelTimeProvider({ url: e.url, fallback: network });
    const t = await tt.table([centro], [pocitos]);
    expect(names(t.source)).toEqual(['network']);
    expect(t.seconds[0]).toBeCloseTo((await network.matrix([centro], [pocitos]))[0]!, 6);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new OsrmTravelTimeProvider({ url: 'osrm:5000', fallback: straight })).toThrow(RangeError);
    expect(() => new OsrmTravelTimeProvider({ url: 'not a url', fallback: straight })).toThrow(/not a URL/);
  });
});

describe('ValhallaTravelTimeProvider', () => {

  it('reads the verbose sources_to_targets answer', async () => {
    const e = await fake();
    const from = [centro, cerro];
    const to = [pocitos, malvin, prado];
    const t = await valhalla(e).table(from, to);
    expect([...t.seconds]).toEqual(await expected(from, to));
    expect(new Set(names(t.source))).toEqual(new Set(['valhalla']));
    expect(e.requests).toEqual([{ service: 'valhalla', sources: 2, targets: 3, refused: false }]);
  });

  it('reads the concise answer and its nulls', async () => {
    const e = await fake({ concise: true, unroutable: (p) => p.lat > -34.81 });
    const t = await valhalla(e).table([centro], [pocitos, colon]);
    expect(names(t.source)).toEqual(['valhalla', 'straight']);
    expect(t.seconds[0]).toBe((await expected([centro], [pocitos]))[0]);
  });

  it('splits on a 413 and on error 150 (too many locations)', async () => {
    for (const limitAs413 of [true, false]) {
      const e = await fake({ maxPairs: 6, limitAs413 });
      const o = observed();
      const from = grid(5);
      const to = grid(4).map((p) => ({ lat: p.lat - 0.004, lon: p.lon }));
      const m = await valhalla(e, { observer: o.observer }).matrix(from, to);
      expect([...m]).toEqual(await expected(from, to));
      expect(o.requests).toContain('too_big');
      expect(o.requests).not.toContain('error');
    }
  });
});

describe('NetworkTravelTimeProvider.table', () => {

  it('answers many-to-one as the transpose of one-to-many, marking off-graph cells as straight line', async () => {
    const salto = { lat: -31.3833, lon: -57.95 };
    const many = [centro, pocitos, cerro, salto];
    const a = await network.table(many, [prado]);
    const b = await network.table([prado], many);
    expect([...a.seconds]).toEqual([...b.seconds]);
    expect(names(a.source)).toEqual(['network', 'network', 'network', 'straight']);
  });
});
