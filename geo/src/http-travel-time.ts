import type { LatLon } from './lat-lon.ts';
import { peakFactor, sourceCode, travelTimeTable, type PeakHours, type TravelTimeProvider, type TravelTimeTable } from './travel-time.ts';

/** A routing engine spoken over HTTP. */
export type RoutingEngine = 'osrm' | 'valhalla';

/**
 * What became of one HTTP request to the engine: `ok`; `too_big` (the engine's table limit —
 * the block is split and asked again); `error` (HTTP error, refused connection, bad answer) and
 * `timeout` (its cells are answered by the fallback); `skipped` (not sent: the engine failed
 * moments ago, see `retryAfterMs`).
 */
export type EngineRequestOutcome = 'ok' | 'too_big' | 'error' | 'timeout' | 'skipped';

/** Where the cells of a matrix came from: the engine now, the cache, or the local fallback. */
export type PairOrigin = 'engine' | 'cache' | 'fallback' | 'unroutable';

export interface HttpTravelTimeObserver {
  /** once per HTTP request (or per request not sent) */
  request?(outcome: EngineRequestOutcome, info: { engine: RoutingEngine; pairs: number; ms: number }): void;
  /** cells of a matrix by origin; `unroutable` cells (no route, `null`) are also in `fallback` */
  pairs?(origin: PairOrigin, count: number, engine: RoutingEngine): void;
}

export interface HttpTravelTimeOptions {
  /** the engine's base URL, e.g. `http://osrm:5000` or `http://valhalla:8002` */
  url: string;
  /** answers the cells the engine cannot: errors, timeouts, unroutable pairs */
  fallback: TravelTimeProvider;
  /** budget of one matrix (every request it needs), ms (default 2000) */
  timeoutMs?: number;
  /** OSRM profile in the path (default `driving`); Valhalla costing (default `auto`) */
  profile?: string;
  /**
   * most sources × destinations in one request. OSRM refuses more than `max-table-size`² (default
   * 100 → 10,000); Valhalla's `max_matrix_location_pairs` defaults to 2,500. Larger matrices are
   * sent in blocks; an engine configured lower answers "too big" and the block is halved.
   */
  maxPairs?: number;
  /** most coordinates in one request (OSRM: URL length; default 400 OSRM, 200 Valhalla) */
  maxLocations?: number;
  /** requests under way at once for one matrix (default 4) */
  concurrency?: number;
  /** cached pairs, least recently used dropped first (default 50,000 ≈ 6 MB) */
  cacheSize?: number;
  /** how long a cached pair is used, ms (default 15 min; `0` disables the cache) */
  cacheTtlMs?: number;
  /** decimals kept of each coordinate, for requests and cache keys (default 5 ≈ 1 m) */
  precision?: number;
  /** after a failed or timed-out request, go straight to the fallback for this long (default 5 s) */
  retryAfterMs?: number;
  /** slower windows applied to the engine's durations; default `null` (the engine's own speeds) */
  peakHours?: PeakHours | null;
  observer?: HttpTravelTimeObserver;
}

interface CacheEntry {
  /** raw engine seconds; NaN = the engine found no route */
  seconds: number;
  at: number;
}

/** A bounded least-recently-used map (Map keeps insertion order: re-inserting refreshes). */
class PairCache {
  private readonly map = new Map<string, CacheEntry>();
  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}
  get(key: string, now: number): CacheEntry | undefined {
    if (this.ttlMs <= 0) return undefined;
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    if (now - e.at > this.ttlMs) return undefined;
    this.map.set(key, e);
    return e;
  }
  set(key: string, seconds: number, now: number): void {
    if (this.ttlMs <= 0 || this.max <= 0) return;
    this.map.delete(key);
    this.map.set(key, { seconds, at: now });
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
  get size(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
}

/** One block of the unique-point matrix sent in one request. */
interface Block {
  rows: number[];
  cols: number[];
}

/** the engine refused the request's size (OSRM `TooBig`, Valhalla 150/154, HTTP 413/414) */
class TooBig extends Error {}
/** the engine failed; `clientError` (4xx) means it blamed the request, so no reason to back off */
class EngineError extends Error {
  constructor(
    message: string,
    readonly clientError: boolean,
  ) {
    super(message);
  }
}

/** the answer of one request: raw seconds row-major over the block, NaN where unroutable */
type BlockAnswer = Float64Array;

/**
 * Travel times from a routing engine's matrix service, with the local provider behind it:
 * coordinates rounded and deduplicated, recent pairs cached, large matrices sent in blocks under
 * the engine's limits, and every cell the engine cannot answer (error, timeout, no route) taken
 * from the fallback — a suggestion never fails because the engine is down, it is less exact.
 * `table()` says which cells came from where.
 */
export abstract class HttpTravelTimeProvider implements TravelTimeProvider {
  abstract readonly name: RoutingEngine;
  readonly matrixCheap = true;
  protected readonly base: string;
  protected readonly fallback: TravelTimeProvider;
  readonly timeoutMs: number;
  protected readonly profile: string | undefined;
  private maxPairs: number;
  protected readonly maxLocations: number;
  private readonly concurrency: number;
  private readonly cache: PairCache;
  private readonly scale: number;
  private readonly retryAfterMs: number;
  private readonly peakHours: PeakHours | null;
  private readonly observer: HttpTravelTimeObserver;
  private downUntil = 0;

  constructor(opts: HttpTravelTimeOptions, defaults: { maxPairs: number; maxLocations: number }) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new RangeError(`travel-time engine URL is not a URL: ${opts.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`travel-time engine URL must be http(s): ${opts.url}`);
    this.base = url.toString().replace(/\/+$/, '');
    this.fallback = opts.fallback;
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.profile = opts.profile;
    this.maxPairs = Math.max(1, Math.floor(opts.maxPairs ?? defaults.maxPairs));
    this.maxLocations = Math.max(2, Math.floor(opts.maxLocations ?? defaults.maxLocations));
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.cache = new PairCache(opts.cacheSize ?? 50_000, opts.cacheTtlMs ?? 15 * 60_000);
    this.scale = 10 ** (opts.precision ?? 5);
    this.retryAfterMs = opts.retryAfterMs ?? 5000;
    this.peakHours = opts.peakHours ?? null;
    this.observer = opts.observer ?? {};
    if (!(this.timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
  }

  /** pairs in the cache now */
  get cachedPairs(): number {
    return this.cache.size;
  }

  /** the block size in use (lowered when the engine said "too big") */
  get pairsPerRequest(): number {
    return this.maxPairs;
  }

  clearCache(): void {
    this.cache.clear();
  }

  async matrix(origins: LatLon[], destinations: LatLon[], opts: { departAt?: Date } = {}): Promise<Float64Array> {
    return (await this.table(origins, destinations, opts)).seconds;
  }

  async table(origins: LatLon[], destinations: LatLon[], opts: { departAt?: Date } = {}): Promise<TravelTimeTable> {
    const n = destinations.length;
    const seconds = new Float64Array(origins.length * n);
    const source = new Uint8Array(origins.length * n);
    if (seconds.length === 0) return { seconds, source };
    const now = Date.now();
    const factor = peakFactor(opts.departAt, this.peakHours);
    const mine = sourceCode(this.name);

    // Unique rounded points: a board asks for many crews parked at the same base.
    const rows = unique(origins.map((p) => this.round(p)));
    const cols = unique(destinations.map((p) => this.round(p)));
    const raw = new Float64Array(rows.points.length * cols.points.length).fill(Number.NaN);
    const known = new Uint8Array(raw.length); // 1 = answered (by cache or engine, NaN = no route)
    let cached = 0;
    for (let i = 0; i < rows.points.length; i++) {
      for (let j = 0; j < cols.points.length; j++) {
        const e = this.cache.get(pairKey(rows.keys[i]!, cols.keys[j]!), now);
        if (e) {
          raw[i * cols.points.length + j] = e.seconds;
          known[i * cols.points.length + j] = 1;
          cached++;
        }
      }
    }
    if (cached) this.observer.pairs?.('cache', cached, this.name);

    // Ask only for the rows and columns with an unknown cell, in blocks under the limits.
    const needRows: number[] = [];
    const needCols = new Set<number>();
    for (let i = 0; i < rows.points.length; i++) {
      let any = false;
      for (let j = 0; j < cols.points.length; j++) {
        if (!known[i * cols.points.length + j]) {
          any = true;
          needCols.add(j);
        }
      }
      if (any) needRows.push(i);
    }
    if (needRows.length) {
      const signal = AbortSignal.timeout(this.timeoutMs);
      const queue = this.blocks(needRows, [...needCols].sort((a, b) => a - b));
      let fetched = 0;
      const worker = async () => {
        for (let b = queue.shift(); b; b = queue.shift()) {
          const answer = await this.askBlock(b, rows.points, cols.points, signal, queue);
          if (!answer) continue;
          b.rows.forEach((r, bi) => {
            b.cols.forEach((c, bj) => {
              const v = answer[bi * b.cols.length + bj]!;
              raw[r * cols.points.length + c] = v;
              known[r * cols.points.length + c] = 1;
              this.cache.set(pairKey(rows.keys[r]!, cols.keys[c]!), v, now);
              fetched++;
            });
          });
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
      if (fetched) this.observer.pairs?.('engine', fetched, this.name);
    }

    // Spread back to the caller's cells; collect those the fallback must answer.
    const missing: number[] = [];
    let unroutable = 0;
    for (let i = 0; i < origins.length; i++) {
      for (let j = 0; j < n; j++) {
        const u = rows.index[i]! * cols.points.length + cols.index[j]!;
        const v = raw[u]!;
        if (known[u] && Number.isFinite(v)) {
          seconds[i * n + j] = v / factor;
          source[i * n + j] = mine;
        } else {
          if (known[u]) unroutable++;
          missing.push(i * n + j);
        }
      }
    }
    if (missing.length) {
      if (unroutable) this.observer.pairs?.('unroutable', unroutable, this.name);
      this.observer.pairs?.('fallback', missing.length, this.name);
      await this.fillFromFallback(missing, origins, destinations, seconds, source, opts);
    }
    return { seconds, source };
  }

  /** one fallback matrix over the rows and columns that have a missing cell */
  private async fillFromFallback(cells: number[], origins: LatLon[], destinations: LatLon[], seconds: Float64Array, source: Uint8Array, opts: { departAt?: Date }): Promise<void> {
    const n = destinations.length;
    const rowsOf = new Map<number, number>();
    const colsOf = new Map<number, number>();
    for (const k of cells) {
      const i = Math.floor(k / n);
      const j = k % n;
      if (!rowsOf.has(i)) rowsOf.set(i, rowsOf.size);
      if (!colsOf.has(j)) colsOf.set(j, colsOf.size);
    }
    const fb = await travelTimeTable(
      this.fallback,
      [...rowsOf.keys()].map((i) => origins[i]!),
      [...colsOf.keys()].map((j) => destinations[j]!),
      opts.departAt ? { departAt: opts.departAt } : {},
    );
    for (const k of cells) {
      const f = rowsOf.get(Math.floor(k / n))! * colsOf.size + colsOf.get(k % n)!;
      seconds[k] = fb.seconds[f]!;
      source[k] = fb.source[f]!;
    }
  }

  /** Blocks of at most `maxPairs` cells and `maxLocations` coordinates, rows first. */
  private blocks(rows: number[], cols: number[]): Block[] {
    const out: Block[] = [];
    const half = Math.max(1, Math.floor(this.maxLocations / 2));
    // as many columns per block as the limits allow with at least one row
    const colStep = Math.max(1, Math.min(cols.length, this.maxPairs, this.maxLocations - Math.min(rows.length, half)));
    const rowStep = Math.max(1, Math.min(rows.length, Math.floor(this.maxPairs / colStep), this.maxLocations - colStep));
    for (let r = 0; r < rows.length; r += rowStep) {
      for (let c = 0; c < cols.length; c += colStep) out.push({ rows: rows.slice(r, r + rowStep), cols: cols.slice(c, c + colStep) });
    }
    return out;
  }

  /** Sends one block; on "too big" requeues its halves and returns null; on failure null (fallback). */
  private async askBlock(b: Block, rowPts: LatLon[], colPts: LatLon[], signal: AbortSignal, queue: Block[]): Promise<BlockAnswer | null> {
    const pairs = b.rows.length * b.cols.length;
    const t0 = performance.now();
    const report = (outcome: EngineRequestOutcome) => this.observer.request?.(outcome, { engine: this.name, pairs, ms: performance.now() - t0 });
    if (Date.now() < this.downUntil) {
      report('skipped');
      return null;
    }
    if (signal.aborted) {
      report('timeout');
      return null;
    }
    try {
      const answer = await this.request(
        b.rows.map((r) => rowPts[r]!),
        b.cols.map((c) => colPts[c]!),
        signal,
      );
      report('ok');
      return answer;
    } catch (err) {
      if (err instanceof TooBig) {
        report('too_big');
        if (pairs === 1) {
          // even one pair is refused (e.g. Valhalla's max_matrix_distance): no route for it
          return new Float64Array([Number.NaN]);
        }
        this.maxPairs = Math.max(1, Math.min(this.maxPairs, Math.floor(pairs / 2)));
        const [x, y] = b.rows.length >= b.cols.length ? splitRows(b) : splitCols(b);
        queue.push(x, y);
        return null;
      }
      const timedOut = signal.aborted || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'));
      report(timedOut ? 'timeout' : 'error');
      if (timedOut || !(err instanceof EngineError && err.clientError)) this.downUntil = Date.now() + this.retryAfterMs;
      return null;
    }
  }

  private round(p: LatLon): LatLon {
    return { lat: Math.round(p.lat * this.scale) / this.scale, lon: Math.round(p.lon * this.scale) / this.scale };
  }

  /** raw seconds, row-major over `sources × targets`, NaN where the engine has no route */
  protected abstract request(sources: LatLon[], targets: LatLon[], signal: AbortSignal): Promise<Float64Array>;

  /** fetch + JSON with the engine's error shapes turned into TooBig / EngineError */
  protected async fetchJson(url: string, init: RequestInit, isTooBig: (status: number, body: unknown) => boolean): Promise<unknown> {
    const res = await fetch(url, init);
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON (a proxy's HTML page): judged by status below */
    }
    if (isTooBig(res.status, body)) throw new TooBig(`${res.status}`);
    if (!res.ok || body === null) throw new EngineError(`${this.name} answered ${res.status}: ${text.slice(0, 200)}`, res.status >= 400 && res.status < 500);
    return body;
  }
}


function unique(points: LatLon[]): { points: LatLon[]; keys: string[]; index: number[] } {
  const at = new Map<string, number>();
  const out: { points: LatLon[]; keys: string[]; index: number[] } = { points: [], keys: [], index: [] };
  for (const p of points) {
    const k = `${p.lat},${p.lon}`;
    let i = at.get(k);
    if (i === undefined) {
      i = out.points.length;
      at.set(k, i);
      out.points.push(p);
      out.keys.push(k);
    }
    out.index.push(i);
  }
  return out;
}

const pairKey = (from: string, to: string) => `${from};${to}`;
const splitRows = (b: Block): [Block, Block] => {
  const h = Math.ceil(b.rows.length / 2);
  return [
    { rows: b.rows.slice(0, h), cols: b.cols },
    { rows: b.rows.slice(h), cols: b.cols },
  ];
};
const splitCols = (b: Block): [Block, Block] => {
  const h = Math.ceil(b.cols.length / 2);
  return [
    { rows: b.rows, cols: b.cols.slice(0, h) },
    { rows: b.rows, cols: b.cols.slice(h) },
  ];
};

/** A finite non-negative number, or NaN (OSRM and Valhalla write `null` for "no route"). */
const cell = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : Number.NaN);

/**
 * OSRM's table service: `GET /table/v1/{profile}/{lon,lat;…}?sources=…&destinations=…&annotations=duration,distance`.
 * `durations[i][j]` is seconds, `null` when there is no route.
 *
 * @example
 * const tt = new OsrmTravelTimeProvider({ url: 'http://osrm:5000', fallback: new NetworkTravelTimeProvider({ graph }) });
 * const t = await tt.table(crews, [order]); // one request; cells the engine cannot answer come from the graph
 */
export class OsrmTravelTimeProvider extends HttpTravelTimeProvider {
  readonly name = 'osrm' as const;

  constructor(opts: HttpTravelTimeOptions) {
    // osrm-routed --max-table-size defaults to 100: sources × destinations ≤ 100²
    super(opts, { maxPairs: 100 * 100, maxLocations: 400 });
  }

  protected async request(sources: LatLon[], targets: LatLon[], signal: AbortSignal): Promise<Float64Array> {
    const coords = [...sources, ...targets].map((p) => `${p.lon},${p.lat}`).join(';');
    const src = sources.map((_, i) => i).join(';');
    const dst = targets.map((_, j) => sources.length + j).join(';');
    const url = `${this.base}/table/v1/${encodeURIComponent(this.profile ?? 'driving')}/${coords}?sources=${src}&destinations=${dst}&annotations=duration,distance`;
    const body = (await this.fetchJson(url, { signal, headers: { accept: 'application/json' } }, (status, b) => status === 413 || status === 414 || (b as { code?: unknown } | null)?.code === 'TooBig')) as {
      code?: unknown;
      message?: unknown;
      durations?: unknown;
    };
    if (body.code !== 'Ok' || !Array.isArray(body.durations) || body.durations.length !== sources.length) {
      throw new EngineError(`osrm: unexpected answer ${String(body.code)} ${String(body.message ?? '')}`, false);
    }
    const out = new Float64Array(sources.length * targets.length);
    body.durations.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== targets.length) throw new EngineError('osrm: a durations row of the wrong length', false);
      row.forEach((v: unknown, j) => (out[i * targets.length + j] = cell(v)));
    });
    return out;
  }
}

/**
 * Valhalla's matrix service: `POST /sources_to_targets` with `{ sources, targets, costing }`.
 * Reads the verbose answer (`sources_to_targets[i][j].time`) and the concise one
 * (`sources_to_targets.durations[i][j]`); a missing or `null` time is "no route".
 *
 * @example
 * const tt = new ValhallaTravelTimeProvider({ url: 'http://valhalla:8002', fallback });
 */
export class ValhallaTravelTimeProvider extends HttpTravelTimeProvider {
  readonly name = 'valhalla' as const;

  constructor(opts: HttpTravelTimeOptions) {
    // service_limits.<costing>.max_matrix_location_pairs defaults to 2,500
    super(opts, { maxPairs: 2500, maxLocations: 200 });
  }

  protected async request(sources: LatLon[], targets: LatLon[], signal: AbortSignal): Promise<Float64Array> {
    const payload = { sources, targets, costing: this.profile ?? 'auto', units: 'kilometers', verbose: true };
    const body = (await this.fetchJson(
      `${this.base}/sources_to_targets`,
      { method: 'POST', signal, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(payload) },
      // 150 "Exceeded max locations", 154 "Path distance exceeds the max distance limit"
      (status, b) => status === 413 || (status === 400 && [150, 154].includes(Number((b as { error_code?: unknown } | null)?.error_code))),
    )) as { sources_to_targets?: unknown };
    const m = body.sources_to_targets;
    const out = new Float64Array(sources.length * targets.length);
    if (Array.isArray(m)) {
      if (m.length !== sources.length) throw new EngineError('valhalla: wrong number of rows', false);
      m.forEach((row: unknown, i) => {
        if (!Array.isArray(row) || row.length !== targets.length) throw new EngineError('valhalla: a row of the wrong length', false);
        row.forEach((c: unknown, j) => (out[i * targets.length + j] = cell((c as { time?: unknown } | null)?.time)));
      });
      return out;
    }
    const durations = (m as { durations?: unknown } | undefined)?.durations;
    if (!Array.isArray(durations) || durations.length !== sources.length) throw new EngineError('valhalla: no sources_to_targets in the answer', false);
    durations.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== targets.length) throw new EngineError('valhalla: a row of the wrong length', false);
      row.forEach((v: unknown, j) => (out[i * targets.length + j] = cell(v)));
    });
    return out;
  }
}
