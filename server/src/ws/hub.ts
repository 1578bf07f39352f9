import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  type OrderEta,
  type OrderEvent,
  type WorkOrder,
  SESSION_COOKIE,
  clientMessage,
  type ServerMessage,
  type SessionUser,
  type Subscription,
  type VehicleLive,
  type VehicleStatus,
} from '../contracts/index.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { Logger } from '../logger.ts';

interface Conn {
  ws: WebSocket;
  user: SessionUser;
  /** crews this user belongs to (crew members hear only their own orders) */
  crewIds: string[];
  seesAllOrders: boolean;
  sub: Subscription | null;
  pending: Map<string, VehicleLive>;
  lastSeen: number;
}

/** Roles that may watch live positions and every order. */
const LIVE_ROLES = new Set(['admin', 'dispatcher', 'supervisor', 'planner']);
/** Roles that may connect at all (crews get their own orders only). */
const WS_ROLES = new Set([...LIVE_ROLES, 'crew']);
const MAX_CLIENT_MESSAGE = 4096;

function matches(sub: Subscription, v: VehicleLive): boolean {
  switch (sub.scope) {
    case 'all':
      return true;
    case 'bbox': {
      const [w, s, e, n] = sub.bbox;
      const inLon = w <= e ? v.lon >= w && v.lon <= e : v.lon >= w || v.lon <= e; // across the antimeridian
      return inLon && v.lat >= s && v.lat <= n;
    }
    case 'crew':
      return v.crewId === sub.crewId;
  }
}

/**
 * The WebSocket hub at /ws. Every instance hears every live event (in-process bus or Redis
 * pub/sub) and sends each client what its subscription covers, coalesced per client: at most
 * one `positions` batch every `coalesceMs`, holding only the newest position per vehicle.
 */
export class WsHub {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Conn>();
  private readonly allPending = new Map<string, VehicleLive>();
  /** newest fix time sent (or queued) per vehicle */
  private readonly newest = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  /** counts membership changes heard, so a socket being accepted can tell it missed one */
  private membershipEpoch = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly sent;

  constructor(
    private readonly opts: {
      server: Server;
      authenticate: (token: string) => Promise<SessionUser | null>;
      crewsOfUser: (userId: number) => Promise<string[]>;
      coalesceMs: number;
      log: Logger;
      metrics: Metrics;
    },
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE });
    this.sent = opts.metrics.counter('vatio_ws_messages_sent_total', 'WebSocket messages sent, by type');
    opts.metrics.gauge('vatio_ws_clients', 'Connected WebSocket clients', () => this.conns.size);
    opts.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/ws') {
        socket.destroy();
        return;
      }
      const token = url.searchParams.get('token') ?? cookie(req, SESSION_COOKIE);
      void (token ? opts.authenticate(token) : Promise.resolve(null)).then(
        (user) => {
          if (!user) {
            socket.write('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
            socket.destroy();
            return;
          }
          if (!user.roles.some((r) => WS_ROLES.has(r))) {
            socket.write('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
            socket.destroy();
            return;
          }
          void this.currentCrews(user.id).then(
            (crewIds) => this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, user, crewIds)),
            () => socket.destroy(),
          );
        },
        () => socket.destroy(),
      );
    });
  }

  /**
   * The user's crews for a socket being accepted. A membership change heard while the query ran
   * may not be in its answer (and the socket is not yet there to be updated): ask again.
   */
  private async currentCrews(userId: number): Promise<string[]> {
    for (let attempt = 0; ; attempt++) {
      const epoch = this.membershipEpoch;
      const crewIds = await this.opts.crewsOfUser(userId);
      if (epoch === this.membershipEpoch || attempt === 3) return crewIds;
    }
  }

  start(): void {
    this.timer = setInterval(() => this.flush(), this.opts.coalesceMs);
    this.timer.unref();
    // Drop connections that stopped answering pings (laptops closed, networks gone).
    this.heartbeat = setInterval(() => {
      const limit = Date.now() - 60_000;
      for (const c of this.conns) {
        if (c.lastSeen < limit) c.ws.terminate();
        else c.ws.ping();
      }
    }, 20_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.conns.size;
  }

  private accept(ws: WebSocket, user: SessionUser, crewIds: string[]): void {
    const seesAllOrders = user.roles.some((r) => LIVE_ROLES.has(r));
    const conn: Conn = { ws, user, crewIds, seesAllOrders, sub: null, pending: new Map(), lastSeen: Date.now() };
    this.conns.add(conn);
    ws.on('pong', () => (conn.lastSeen = Date.now()));
    ws.on('close', () => this.conns.delete(conn));
    ws.on('error', () => this.conns.delete(conn));
    ws.on('message', (raw) => {
      conn.lastSeen = Date.now();
      let data: unknown;
      try {
        data = JSON.parse(String(raw));
      } catch {
        return this.send(conn, { type: 'error', data: { code: 'bad_request', message: 'malformed JSON' } });
      }
      const m = clientMessage.safeParse(data);
      if (!m.success) {
        const i = m.error.issues[0];
        return this.send(conn, {
          type: 'error',
          data: { code: 'bad_request', message: i ? `${i.path.join('.')}: ${i.message}` : 'invalid message' },
        });
      }
      if (m.data.type === 'subscribe') {
        if (!conn.seesAllOrders && m.data.data.scope !== 'crew') {
          return this.send(conn, { type: 'error', data: { code: 'forbidden', message: 'a crew may only subscribe to its own crew' } });
        }
        if (!conn.seesAllOrders && m.data.data.scope === 'crew' && !conn.crewIds.includes(m.data.data.crewId)) {
          return this.send(conn, { type: 'error', data: { code: 'forbidden', message: 'not your crew' } });
        }
        conn.sub = m.data.data;
        conn.pending.clear();
        this.send(conn, { type: 'subscribed', data: { subscription: conn.sub } });
      } else {
        this.send(conn, { type: 'pong', data: { t: m.data.data?.t, serverTime: new Date().toISOString() } });
      }
    });
    this.send(conn, {
      type: 'hello',
      data: { username: user.username, roles: user.roles, serverTime: new Date().toISOString() },
    });
  }

  /** New latest positions (from any instance): queued, sent on the next tick. */
  positions(incoming: VehicleLive[]): void {
    // Instances publish in their own order: a position that arrives after a newer one for the
    // same vehicle (another instance's, published later) must not move the marker back.
    const items: VehicleLive[] = [];
    for (const v of incoming) {
      const t = Date.parse(v.fixTime);
      if ((this.newest.get(v.vehicleId) ?? -Infinity) >= t) continue;
      this.newest.set(v.vehicleId, t);
      items.push(v);
    }
    if (items.length === 0) return;
    let anyAll = false;
    for (const c of this.conns) {
      const sub = c.sub;
      if (!sub) continue;
      if (sub.scope === 'all' && c.pending.size === 0) {
        anyAll = true;
        continue;
      }
      for (const v of items) if (matches(sub, v)) c.pending.set(v.vehicleId, v);
    }
    // Clients watching everything share one queue and one serialized message per tick: with
    // 5,000 vehicles and a wall of consoles, JSON.stringify per client would dominate.
    if (anyAll) for (const v of items) this.allPending.set(v.vehicleId, v);
  }

  /** An order changed: everyone who sees all orders, and the members of the crews involved. */
  orderUpdated(order: WorkOrder, event: OrderEvent): void {
    const crews = [order.crewId, event.crewId].filter((c): c is string => !!c);
    let text: Buffer | null = null;
    for (const c of this.conns) {
      if (!c.seesAllOrders && !crews.some((id) => c.crewIds.includes(id))) continue;
      text ??= Buffer.from(JSON.stringify({ type: 'order.updated', data: { order, event } } satisfies ServerMessage));
      this.sendText(c, text, 'order.updated');
    }
  }

  /**
   * A crew's members were replaced (on any instance): each open socket of a crew user follows
   * at once — the event carries the whole new member list, so no query and no window where an
   * order update is judged against the old membership. A crew subscription to a crew the user
   * left ends (its positions stop).
   */
  crewMembers(crewId: string, userIds: number[]): void {
    this.membershipEpoch++;
    const members = new Set(userIds);
    for (const c of this.conns) {
      if (c.seesAllOrders) continue;
      const was = c.crewIds.includes(crewId);
      const is = members.has(c.user.id);
      if (was === is) continue;
      c.crewIds = is ? [...c.crewIds, crewId] : c.crewIds.filter((id) => id !== crewId);
      if (!is && c.sub?.scope === 'crew' && c.sub.crewId === crewId) {
        c.sub = null;
        c.pending.clear();
      }
      this.send(c, { type: 'crews.changed', data: { crewIds: [...c.crewIds], subscription: c.sub } });
    }
  }

  orderEta(eta: OrderEta): void {
    let text: Buffer | null = null;
    for (const c of this.conns) {
      if (!c.seesAllOrders && !c.crewIds.includes(eta.crewId)) continue;
      text ??= Buffer.from(JSON.stringify({ type: 'order.eta', data: eta } satisfies ServerMessage));
      this.sendText(c, text, 'order.eta');
    }
  }

  statusChanges(changes: { vehicleId: string; status: VehicleStatus }[]): void {
    if (changes.length === 0) return;
    for (const c of this.conns) if (c.sub) this.send(c, { type: 'vehicle.status', data: changes });
  }

  private flush(): void {
    const shared = this.allPending.size ? [...this.allPending.values()] : null;
    this.allPending.clear();
    // encoded once: ws would otherwise UTF-8 encode the same string again for every client
    const sharedText = shared ? Buffer.from(JSON.stringify({ type: 'positions', data: shared } satisfies ServerMessage)) : null;
    for (const c of this.conns) {
      const slow = c.ws.bufferedAmount > 4 * 1024 * 1024;
      if (shared && c.sub?.scope === 'all') {
        if (c.pending.size === 0 && !slow && sharedText) {
          this.sendText(c, sharedText, 'positions');
          continue;
        }
        // behind: this client keeps its own newest-per-vehicle queue until it catches up
        for (const v of shared) c.pending.set(v.vehicleId, v);
      }
      // A client that cannot keep up gets the newest positions later rather than a growing queue.
      if (c.pending.size === 0 || slow) continue;
      const data = [...c.pending.values()];
      c.pending.clear();
      this.send(c, { type: 'positions', data });
    }
  }

  private sendText(c: Conn, text: Buffer, type: ServerMessage['type']): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(text, { binary: false });
    this.sent.inc({ type });
  }

  private send(c: Conn, msg: ServerMessage): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(JSON.stringify(msg));
    this.sent.inc({ type: msg.type });
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}

function cookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}
