import { serverMessage, type ClientMessage, type ServerMessage } from '../contracts.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so a server
 * restart does not bring every wall screen back in the same millisecond.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = { baseMs: 1000, maxMs: 30_000 }, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Parses one frame; anything that is not a valid server message is dropped (zod at the edge). */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  if (typeof raw !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = serverMessage.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export interface LiveSocketOptions {
  /** computed at every (re)connect: the token may have changed */
  url: () => string;
  onMessage: (message: ServerMessage) => void;
  onState: (state: ConnectionState) => void;
  /** after every open; `reconnected` is false the first time */
  onOpen: (send: (m: ClientMessage) => void, reconnected: boolean) => void;
}

/** Silence longer than this means a dead connection (the server pings or sends positions). */
const IDLE_MS = 45_000;
const PING_MS = 20_000;

/**
 * Keeps one WebSocket open with backoff. It only parses and hands messages on; what they mean
 * is the live feed's business.
 */
export class LiveSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private opened = false;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastMessageAt = 0;

  constructor(private readonly opts: LiveSocketOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close(1000, 'bye');
    }
  }

  private connect(): void {
    this.opts.onState('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.opts.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    const send = (m: ClientMessage): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
    };
    ws.onopen = () => {
      const reconnected = this.opened;
      this.opened = true;
      this.attempt = 0;
      this.lastMessageAt = Date.now();
      this.opts.onState('open');
      this.opts.onOpen(send, reconnected);
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => {
        if (Date.now() - this.lastMessageAt > IDLE_MS) ws.close(4000, 'idle');
        else send({ type: 'ping', data: { t: Date.now() } });
      }, PING_MS);
    };
    ws.onmessage = (ev: MessageEvent) => {
      this.lastMessageAt = Date.now();
      const m = parseServerMessage(ev.data);
      if (m) this.opts.onMessage(m);
    };
    ws.onclose = () => {
      clearInterval(this.pingTimer);
      if (this.ws === ws) this.ws = null;
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    this.opts.onState('closed');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt++));
  }
}

/** ws(s)://host/ws with the session token when we have one (the cookie covers reloads). */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}/ws${query}`;
}
