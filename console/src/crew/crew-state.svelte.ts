import { z } from 'zod';
import { api, apiVoid, ApiError, getToken, setToken } from '../lib/api.ts';
import { loginResponse, sessionUser, type OrderEta, type ServerMessage, type SessionUser, type WorkOrder } from '../lib/contracts.ts';
import { LiveSocket, socketUrl, type ConnectionState } from '../lib/live/socket.ts';
import { FINAL, type CrewAction } from './actions.ts';
import { clearCache, loadCache, saveCache } from './cache.ts';
import type { CompletionValue } from './completion.ts';
import { fetchMyOrders, fetchOrder, fetchOrderTypes, sendAction, type CrewOrderType } from './crew-api.ts';
import { IdbQueueStorage } from './idb-store.ts';
import type { CrewMessageKey } from './messages.ts';
import { belongsToCrew, inSequence, isNewArrival } from './order-list.ts';
import { applyPending, MemoryQueueStorage, newClientActionId, ownedBy, replayQueue, serverWinsNotice, type QueuedAction, type QueueStorage, type ShownOrder } from './queue.ts';

export interface Notice {
  id: number;
  key: CrewMessageKey;
  params: Record<string, string | number>;
  tone: 'alert' | 'info';
}

type Phase = 'checking' | 'signed-out' | 'signed-in';
export type SignInProblem = 'credentials' | 'notCrew' | 'network' | 'server';

/** Retry the queue this often while something waits (the `online` event is not always fired). */
const RETRY_MS = 8_000;

const state = $state({
  phase: 'checking' as Phase,
  user: null as SessionUser | null,
  crewIds: [] as string[],
  /** the server's copies, keyed by id; closed ones stay for the day's "done" list */
  orders: {} as Record<string, WorkOrder>,
  queue: [] as QueuedAction[],
  types: [] as CrewOrderType[],
  loaded: false,
  fromCache: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  conn: 'closed' as ConnectionState,
  notices: [] as Notice[],
  fresh: [] as string[],
  eta: {} as Record<string, OrderEta>,
  /** a completion the server refused (400), shown at its field when the form opens again */
  serverErrors: {} as Record<string, { field: string | null; message: string }>,
});

let storage: QueueStorage | null = null;
let socket: LiveSocket | null = null;
let retryTimer: ReturnType<typeof setInterval> | undefined;
let flushing: Promise<void> | null = null;
let again = false;
let lastSeq = 0;
let noticeId = 0;

const meResponse = z.object({ user: sessionUser });

function queueStorage(): QueueStorage {
  // without IndexedDB (some private modes) actions still queue, only not across a reload
  storage ??= typeof indexedDB === 'undefined' ? new MemoryQueueStorage() : new IdbQueueStorage();
  return storage;
}

function notify(key: CrewMessageKey, params: Record<string, string | number> = {}, tone: Notice['tone'] = 'alert'): void {
  // the socket and the replay can both report the same cancellation: say it once
  if (state.notices.some((n) => n.key === key && JSON.stringify(n.params) === JSON.stringify(params))) return;
  const id = ++noticeId;
  state.notices.push({ id, key, params, tone });
  // news fades on its own; what went wrong stays until the crew has read it
  if (tone === 'info') setTimeout(() => crew.dismiss(id), 12_000);
}

function persist(): void {
  if (!state.user) return;
  saveCache({ user: state.user, crewIds: state.crewIds, orders: Object.values(state.orders).filter((o) => !FINAL.has(o.status)), types: state.types, savedAt: new Date().toISOString() });
}

function upsert(o: WorkOrder): void {
  const known = state.orders[o.id];
  // a late or repeated message must not take an order back in time
  if (known && known.version > o.version) return;
  state.orders[o.id] = o;
}

async function reloadQueue(): Promise<void> {
  try {
    const all = await queueStorage().all();
    lastSeq = Math.max(lastSeq, ...all.map((a) => a.seq));
    state.queue = all.filter((a) => ownedBy(a, state.user?.id)).sort((a, b) => a.seq - b.seq);
  } catch {
    // IndexedDB unavailable (private mode on some browsers): the in-memory list is what we have
  }
}

async function refresh(): Promise<void> {
  try {
    const mine = await fetchMyOrders();
    state.crewIds = mine.crewIds;
    const open = new Set(mine.orders.map((o) => o.id));
    // orders that left the list while we were not listening: closed today or taken away
    for (const [id, o] of Object.entries(state.orders)) if (!open.has(id) && !FINAL.has(o.status)) delete state.orders[id];
    for (const o of mine.orders) state.orders[o.id] = o;
    state.loaded = true;
    state.fromCache = false;
    persist();
    // completion fields may have changed at the office; a small list, so always take the latest
    state.types = await fetchOrderTypes();
    persist();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) expired();
  }
}

function onMessage(m: ServerMessage): void {
  if (m.type === 'order.updated') {
    const o = m.data.order;
    const before = state.orders[o.id];
    if (belongsToCrew(o, state.crewIds)) {
      upsert(o);
      if (isNewArrival(before, o)) arrived(o);
    } else if (before) {
      delete state.orders[o.id];
      notify('notice.reassigned', { id: o.id });
    }
    if (before && !FINAL.has(before.status) && o.status === 'cancelled') notify('notice.cancelled', { id: o.id });
    persist();
  } else if (m.type === 'order.eta') {
    state.eta[m.data.orderId] = m.data;
  } else if (m.type === 'crews.changed') {
    // added to or removed from a crew at the office: take the new crew's list at once
    state.crewIds = m.data.crewIds;
    void refresh();
  }
}

/** A new order reached the crew: show it at once, buzz, and a system notification if allowed. */
function arrived(o: WorkOrder): void {
  if (!state.fresh.includes(o.id)) state.fresh.push(o.id);
  notify('notice.newOrder', { id: o.id, address: o.address }, 'info');
  try {
    navigator.vibrate?.([300, 120, 300]);
  } catch {
    // some browsers refuse vibration without a recent tap
  }
  try {
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
      new Notification(`Vatio — ${o.id}`, { body: `${o.typeName}: ${o.address}`, tag: o.id });
    }
  } catch {
    // Android Chrome only shows notifications from a service worker; the in-app notice covers it
  }
}

function startLive(): void {
  socket?.stop();
  socket = new LiveSocket({
    url: () => socketUrl(location, getToken()),
    onState: (s) => (state.conn = s),
    onMessage,
    onOpen: (send, reconnected) => {
      const crewId = state.crewIds[0];
      if (crewId) send({ type: 'subscribe', data: { scope: 'crew', crewId } });
      // messages missed while the socket was down: refetch (CONVENTIONS: on reconnect it refetches)
      if (reconnected) void refresh();
      void flush();
    },
  });
  socket.start();
}

function onOnline(): void {
  state.online = true;
  void flush().then(refresh);
}
function onOffline(): void {
  state.online = false;
}

async function start(user: SessionUser): Promise<void> {
  state.user = user;
  state.phase = 'signed-in';
  const cached = loadCache();
  if (cached && cached.user.id === user.id) {
    state.crewIds = cached.crewIds;
    state.types = cached.types;
    for (const o of cached.orders) state.orders[o.id] = o;
    state.fromCache = true;
    state.loaded = true;
  }
  await reloadQueue();
  await refresh();
  startLive();
  addEventListener('online', onOnline);
  addEventListener('offline', onOffline);
  clearInterval(retryTimer);
  retryTimer = setInterval(() => {
    if (state.queue.length) void flush();
  }, RETRY_MS);
  void flush();
}

function stop(): void {
  socket?.stop();
  socket = null;
  clearInterval(retryTimer);
  removeEventListener('online', onOnline);
  removeEventListener('offline', onOffline);
}

function expired(): void {
  stop();
  setToken(null);
  state.phase = 'signed-out';
  notify('notice.sessionExpired');
}

/** Sends what is queued, one replay at a time; a call during a replay runs one more after it. */
function flush(): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      again = false;
      await replayOnce();
    } while (again);
  })().finally(() => (flushing = null));
  return flushing;
}

async function replayOnce(): Promise<void> {
  let queue: QueueStorage;
  try {
    queue = queueStorage();
    if (!(await queue.all()).some((a) => ownedBy(a, state.user?.id))) return;
  } catch {
    return;
  }
  const r = await replayQueue(queue, sendAction, state.user ? { userId: state.user.id } : {});
  for (const { order } of r.applied) upsert(order);
  for (const { action, field, message } of r.invalid) {
    state.serverErrors[action.orderId] = { field, message };
    notify('notice.invalid', { id: action.orderId, message });
  }
  if (r.refused.length) {
    // the server wins: tell the crew what happened from the order as it is now
    for (const { action } of r.refused) {
      let now: WorkOrder | null = null;
      try {
        now = await fetchOrder(action.orderId);
      } catch {
        now = null;
      }
      if (now) upsert(now);
      const n = serverWinsNotice(action, now, state.crewIds);
      if (n.kind === 'cancelled') notify('notice.cancelled', { id: n.orderId });
      else if (n.kind === 'reassigned') notify('notice.reassigned', { id: n.orderId });
      else if (n.kind === 'closed') notify('notice.closed', { id: n.orderId, status: n.status });
      else notify('notice.changed', { id: n.orderId, action: n.action });
    }
    await refresh();
  }
  if (r.stopped === 'unauthorized') expired();
  await reloadQueue();
  persist();
}

export const crew = {
  get phase(): Phase {
    return state.phase;
  },
  get user(): SessionUser | null {
    return state.user;
  },
  get crewIds(): string[] {
    return state.crewIds;
  },
  get loaded(): boolean {
    return state.loaded;
  },
  get fromCache(): boolean {
    return state.fromCache;
  },
  get online(): boolean {
    return state.online && state.conn === 'open';
  },
  /** What the header says: the phone's own network flag first, then the live socket. */
  get connection(): 'online' | 'connecting' | 'offline' {
    if (!state.online) return 'offline';
    return state.conn === 'open' ? 'online' : state.conn === 'connecting' ? 'connecting' : 'offline';
  },
  get conn(): ConnectionState {
    return state.conn;
  },
  get pendingCount(): number {
    return state.queue.length;
  },
  get notices(): Notice[] {
    return state.notices;
  },
  get types(): CrewOrderType[] {
    return state.types;
  },
  /** The crew's orders as they should look now: server copies with queued actions on top. */
  get shown(): ShownOrder[] {
    return inSequence(Object.values(state.orders)).map((o) => applyPending(o, state.queue));
  },
  order(id: string): ShownOrder | null {
    const o = state.orders[id];
    return o ? applyPending(o, state.queue) : null;
  },
  isFresh(id: string): boolean {
    return state.fresh.includes(id);
  },
  /** The crew opened the order: it is no longer news. */
  seen(id: string): void {
    if (state.fresh.includes(id)) state.fresh = state.fresh.filter((x) => x !== id);
    if (state.notices.some((n) => n.key === 'notice.newOrder' && n.params['id'] === id)) {
      state.notices = state.notices.filter((n) => !(n.key === 'notice.newOrder' && n.params['id'] === id));
    }
  },
  eta(id: string): OrderEta | null {
    return state.eta[id] ?? null;
  },
  serverError(id: string): { field: string | null; message: string } | null {
    return state.serverErrors[id] ?? null;
  },
  dismiss(id: number): void {
    state.notices = state.notices.filter((n) => n.id !== id);
  },

  /** On load: a valid cookie skips sign-in; without signal, the last crew user carries on. */
  async restore(): Promise<void> {
    try {
      const { user } = await api('/api/v1/auth/me', meResponse);
      if (!user.roles.includes('crew')) {
        state.phase = 'signed-out';
        return;
      }
      await start(user);
    } catch (e) {
      const cached = loadCache();
      if (e instanceof ApiError && e.status === 0 && cached) await start(cached.user);
      else state.phase = 'signed-out';
    }
  },

  /** Resolves to the problem to show, or null when signed in. */
  async signIn(username: string, password: string): Promise<SignInProblem | null> {
    try {
      const res = await api('/api/v1/auth/login', loginResponse, { method: 'POST', body: { username, password } });
      if (!res.user.roles.includes('crew')) {
        await apiVoid('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
        return 'notCrew';
      }
      setToken(res.token);
      if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
      await start(res.user);
      if (state.loaded && state.crewIds.length === 0) notify('signin.noCrew');
      return null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return 'credentials';
      if (e instanceof ApiError && e.status === 0) return 'network';
      return 'server';
    }
  },

  /** Actions not yet sent stay on the phone and go out when this user signs in again. */
  async signOut(): Promise<void> {
    stop();
    state.queue = [];
    await apiVoid('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
    setToken(null);
    clearCache();
    state.user = null;
    state.orders = {};
    state.crewIds = [];
    state.loaded = false;
    state.phase = 'signed-out';
  },

  /**
   * Takes an action: into the IndexedDB queue first (so nothing is lost if the phone dies on
   * the way), shown at once as pending, then sent when there is signal.
   */
  async act(shown: WorkOrder, action: CrewAction, extra: { reason?: string; completion?: Record<string, CompletionValue> } = {}): Promise<void> {
    lastSeq = Math.max(lastSeq + 1, Date.now());
    const a: QueuedAction = {
      clientActionId: newClientActionId(),
      seq: lastSeq,
      orderId: shown.id,
      action,
      expectedVersion: shown.version,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.completion ? { completion: extra.completion } : {}),
      takenAt: new Date().toISOString(),
      ...(state.user ? { userId: state.user.id } : {}),
    };
    delete state.serverErrors[shown.id];
    await queueStorage().put(a);
    state.queue.push(a);
    void flush();
  },
};
