import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LatLon } from './lat-lon.ts';
import type { TravelTimeProvider } from './travel-time.ts';

/**
 * A stand-in routing engine for tests (OSRM and Valhalla cannot be installed here): it speaks
 * OSRM's `/table/v1` and Valhalla's `/sources_to_targets` wire formats, with the numbers of a
 * local provider (the Montevideo street graph in practice) × `factor`, so a test can tell the
 * engine's answers from the fallback's. It can fail on demand: HTTP 500, hang (for timeouts),
 * answer garbage, refuse large tables like the real limits, and have no route to some points.
 * Test support only — not exported from `geo/src/index.ts`.
 */
export interface FakeEngineOptions {
  /** computes the travel times the engine returns */
  provider: TravelTimeProvider;
  /** multiplies every duration (default 1) */
  factor?: number;
  /** most sources × destinations per request; more is refused like the real engine (default none) */
  maxPairs?: number;
  /** refuse with HTTP 413 instead of the engine's own "too big" error */
  limitAs413?: boolean;
  /** points with no route to or from them (`null` in the answer) */
  unroutable?: (p: LatLon) => boolean;
  /** Valhalla: answer in the concise format (`durations` arrays) rather than the verbose one */
  concise?: boolean;
}

export type FakeBehaviour = 'ok' | 'error' | 'hang' | 'garbage';

export interface FakeEngine {
  url: string;
  /** what the next requests do */
  behaviour: FakeBehaviour;
  /** every request received: which service and how large */
  requests: { service: 'osrm' | 'valhalla'; sources: number; targets: number; refused: boolean }[];
  close(): Promise<void>;
}

export async function startFakeEngine(opts: FakeEngineOptions): Promise<FakeEngine> {
  const factor = opts.factor ?? 1;
  const hanging = new Set<ServerResponse>();
  const engine: FakeEngine = { url: '', behaviour: 'ok', requests: [], close: async () => undefined };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const compute = async (sources: LatLon[], targets: LatLon[]) => {
    const m = await opts.provider.matrix(sources, targets);
    const blocked = (p: LatLon) => opts.unroutable?.(p) ?? false;
    return sources.map((s, i) =>
      targets.map((t, j) => {
        if (blocked(s) || blocked(t)) return null;
        return Math.round(m[i * targets.length + j]! * factor * 10) / 10;
      }),
    );
  };

  // metres at 30 km/h: good enough for a fake's `distances`
  const metres = (sec: number | null) => (sec === null ? null : Math.round((sec * 30) / 3.6));

  const osrm = async (res: ServerResponse, url: URL) => {
    const m = /^\/table\/v1\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!m) return json(res, 400, { code: 'InvalidUrl', message: 'URL string malformed' });
    const coords = decodeURIComponent(m[2]!)
      .split(';')
      .map((c) => c.split(',').map(Number) as [number, number]);
    if (coords.some((c) => c.length !== 2 || !c.every(Number.isFinite))) return json(res, 400, { code: 'InvalidQuery', message: 'bad coordinates' });
    const pick = (param: string | null) => (param === null || param === 'all' ? coords.map((_, i) => i) : param.split(';').map(Number));
    const si = pick(url.searchParams.get('sources'));
    const di = pick(url.searchParams.get('destinations'));
    if ([...si, ...di].some((i) => !Number.isInteger(i) || i < 0 || i >= coords.length)) return json(res, 400, { code: 'InvalidOptions', message: 'index out of range' });
    const refused = opts.maxPairs !== undefined && si.length * di.length > opts.maxPairs;
    engine.requests.push({ service: 'osrm', sources: si.length, targets: di.length, refused });
    if (refused) return opts.limitAs413 ? json(res, 413, { message: 'Payload too large' }) : json(res, 400, { code: 'TooBig', message: 'Too many table coordinates' });
    const at = (i: number) => ({ lat: coords[i]![1], lon: coords[i]![0] });
    const durations = await compute(si.map(at), di.map(at));
    const waypoint = (i: number) => ({ hint: '', distance: 0, name: '', location: coords[i] });
    json(res, 200, {
      code: 'Ok',
      durations,
      distances: durations.map((row) => row.map(metres)),
      sources: si.map(waypoint),
      destinations: di.map(waypoint),
    });
  };

  const valhalla = async (req: IncomingMessage, res: ServerResponse) => {
    let body: { sources?: LatLon[]; targets?: LatLon[]; costing?: string };
    try {
      body = JSON.parse(await readAll(req)) as typeof body;
    } catch {
      return json(res, 400, { error_code: 100, error: 'Failed to parse json request', status_code: 400, status: 'Bad Request' });
    }
    const sources = body.sources ?? [];
    const targets = body.targets ?? [];
    if (!sources.length || !targets.length) return json(res, 400, { error_code: 121, error: 'Insufficiently specified required parameter', status_code: 400, status: 'Bad Request' });
    const refused = opts.maxPairs !== undefined && sources.length * targets.length > opts.maxPairs;
    engine.requests.push({ service: 'valhalla', sources: sources.length, targets: targets.length, refused });
    if (refused) {
      return opts.limitAs413
        ? json(res, 413, { status_code: 413, status: 'Payload Too Large' })
        : json(res, 400, { error_code: 150, error: `Exceeded max locations: ${opts.maxPairs}`, status_code: 400, status: 'Bad Request' });
    }
    const durations = await compute(sources, targets);
    const km = (sec: number | null) => (sec === null ? null : (metres(sec) ?? 0) / 1000);
    if (opts.concise) {
      return json(res, 200, { sources_to_targets: { durations, distances: durations.map((r) => r.map(km)) }, units: 'kilometers' });
    }
    json(res, 200, {
      sources_to_targets: durations.map((row, i) => row.map((time, j) => ({ distance: km(time), time, to_index: j, from_index: i }))),
      sources: [sources],
      targets: [targets],
      units: 'kilometers',
    });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (engine.behaviour === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (engine.behaviour === 'error') return json(res, 500, { message: 'internal error' });
    if (engine.behaviour === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>bad gateway</html>');
    }
    const handler = url.pathname.startsWith('/table/v1/') ? osrm(res, url) : url.pathname === '/sources_to_targets' && req.method === 'POST' ? valhalla(req, res) : Promise.resolve(json(res, 404, { message: 'not found' }));
    handler.catch((err: unknown) => json(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  engine.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  engine.close = () =>
    new Promise<void>((resolve) => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return engine;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
