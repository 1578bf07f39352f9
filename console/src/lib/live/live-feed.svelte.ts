import { liveResponse, type ServerMessage, type VehicleStatus } from '../contracts.ts';
import { api, ApiError, getToken } from '../api.ts';
import { buildVehicleRows, vehicleStatusAt, type StatusCounts, type VehicleRow } from './deck-data.ts';
import {
  applyLiveSnapshot,
  applyPositions,
  applyStatusChanges,
  createLiveState,
  defaultTrailOptions,
  pruneTrails,
  serverNow,
  type LiveState,
  type TrailOptions,
  type VehicleState,
} from './live-state.ts';
import { LiveSocket, socketUrl, type ConnectionState } from './socket.ts';

/** What renderers get at most ~10 times a second. */
export interface Frame {
  rows: VehicleRow[];
  counts: StatusCounts;
  /** server-clock ms the statuses were computed at */
  nowMs: number;
  state: LiveState;
}

/** A copy of the one selected vehicle for the side panel (the only per-vehicle reactive data). */
export interface SelectedVehicle {
  vehicle: VehicleState['live'];
  status: VehicleStatus;
  ageSeconds: number;
}

const FRAME_MS = 100;
/** rebuild at least this often even without messages: statuses age with the clock */
const AGE_REFRESH_MS = 1000;
/** while the socket is down, check the session this often at most */
const SESSION_CHECK_MS = 15_000;

/**
 * The live picture: /live snapshot + socket updates into one plain LiveState, and a ticker that
 * turns it into frames. Svelte only sees `summary` (counts, connection, selection): a few
 * numbers, never the 5,000-vehicle array.
 */
export class LiveFeed {
  readonly state: LiveState = createLiveState();
  readonly summary = $state<{
    counts: StatusCounts;
    connection: ConnectionState;
    loaded: boolean;
    error: string | null;
    selectedId: string | null;
    selected: SelectedVehicle | null;
  }>({
    counts: { online: 0, unknown: 0, offline: 0, total: 0 },
    connection: 'connecting',
    loaded: false,
    error: null,
    selectedId: null,
    selected: null,
  });

  private socket: LiveSocket | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private builtVersion = -1;
  private builtAt = 0;
  private frame: Frame | null = null;
  private readonly listeners = new Set<(f: Frame) => void>();
  /** other parts of the page (dispatch board, emergency banner) on the same socket */
  private readonly messageListeners = new Set<(m: ServerMessage | 'reconnected') => void>();
  private fetching: AbortController | null = null;
  private lastFetchAt = 0;
  /** cost of building + handing out frames (exponential average, ms), for the debug hook */
  readonly perf = { frames: 0, avgFrameMs: 0, maxFrameMs: 0 };

  constructor(
    private readonly opts: { onUnauthorized: () => void; trail?: TrailOptions },
  ) {}

  get trailOptions(): TrailOptions {
    return this.opts.trail ?? defaultTrailOptions;
  }

  start(): void {
    void this.refetch();
    this.socket = new LiveSocket({
      url: () => socketUrl(window.location, getToken()),
      onState: (s) => {
        this.summary.connection = s;
        // A socket refused over and over may be an expired session: /live tells (401 → sign-in).
        if (s === 'closed' && Date.now() - this.lastFetchAt > SESSION_CHECK_MS) void this.refetch();
      },
      onOpen: (send, reconnected) => {
        send({ type: 'subscribe', data: { scope: 'all' } });
        // anything that happened while we were away is only in /live
        if (reconnected) void this.refetch();
        if (reconnected) for (const l of this.messageListeners) l('reconnected');
      },
      onMessage: (m) => this.onMessage(m),
    });
    this.socket.start();
    this.ticker = setInterval(() => this.tick(), FRAME_MS);
  }

  stop(): void {
    this.socket?.stop();
    this.socket = null;
    this.fetching?.abort();
    clearInterval(this.ticker);
    this.listeners.clear();
  }

  /** Called with the latest frame at once (if any) and then on every new one. */
  subscribe(listener: (f: Frame) => void): () => void {
    this.listeners.add(listener);
    if (this.frame) listener(this.frame);
    return () => this.listeners.delete(listener);
  }

  /** Every parsed server message, and 'reconnected' after a reconnect (refetch what you show). */
  listen(listener: (m: ServerMessage | 'reconnected') => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  select(id: string | null): void {
    this.summary.selectedId = id;
    this.builtVersion = -1; // refresh the panel and the highlight on the next tick
  }

  private onMessage(m: ServerMessage): void {
    for (const l of this.messageListeners) l(m);
    switch (m.type) {
      case 'positions':
        applyPositions(this.state, m.data, this.trailOptions);
        break;
      case 'vehicle.status':
        applyStatusChanges(this.state, m.data);
        break;
      case 'error':
        this.summary.error = m.data.message;
        break;
      default:
        break;
    }
  }

  private async refetch(): Promise<void> {
    this.fetching?.abort();
    const ctrl = new AbortController();
    this.fetching = ctrl;
    this.lastFetchAt = Date.now();
    try {
      const res = await api('/api/v1/vehicles/live', liveResponse, { signal: ctrl.signal });
      applyLiveSnapshot(this.state, res, Date.now(), this.trailOptions);
      this.summary.loaded = true;
      this.summary.error = null;
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (e instanceof ApiError && e.status === 401) {
        this.opts.onUnauthorized();
        return;
      }
      // no answer at all: the connection indicator already says so
      if (e instanceof ApiError && e.status === 0) return;
      this.summary.error = e instanceof Error ? e.message : String(e);
    }
  }

  private tick(): void {
    const browserNow = Date.now();
    if (this.state.version === this.builtVersion && browserNow - this.builtAt < AGE_REFRESH_MS) return;
    const started = performance.now();
    const nowMs = serverNow(this.state, browserNow);
    pruneTrails(this.state, nowMs, this.trailOptions);
    this.builtVersion = this.state.version;
    this.builtAt = browserNow;
    const { rows, counts } = buildVehicleRows(this.state.vehicles.values(), nowMs, this.state.thresholds);
    this.frame = { rows, counts, nowMs, state: this.state };
    const c = this.summary.counts;
    if (c.online !== counts.online || c.unknown !== counts.unknown || c.offline !== counts.offline || c.total !== counts.total) {
      this.summary.counts = counts;
    }
    this.updateSelected(nowMs);
    for (const l of this.listeners) l(this.frame);
    const took = performance.now() - started;
    this.perf.frames++;
    this.perf.avgFrameMs = this.perf.frames === 1 ? took : this.perf.avgFrameMs * 0.9 + took * 0.1;
    this.perf.maxFrameMs = Math.max(this.perf.maxFrameMs, took);
  }

  private updateSelected(nowMs: number): void {
    const id = this.summary.selectedId;
    const v = id === null ? undefined : this.state.vehicles.get(id);
    if (!v) {
      if (this.summary.selected !== null) this.summary.selected = null;
      return;
    }
    this.summary.selected = {
      vehicle: v.live,
      status: vehicleStatusAt(v, nowMs, this.state.thresholds),
      ageSeconds: Math.max(0, (nowMs - v.fixMs) / 1000),
    };
  }
}
