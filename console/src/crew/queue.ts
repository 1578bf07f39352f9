import type { WorkOrder } from '../lib/contracts.ts';
import { targetStatus, type CrewAction } from './actions.ts';
import type { CompletionValue } from './completion.ts';

/** One crew action, kept until the server has it (IndexedDB survives a closed app). */
export interface QueuedAction {
  clientActionId: string;
  /** order of taking, across all orders: replays go oldest first */
  seq: number;
  orderId: string;
  action: CrewAction;
  /** the order version the crew saw when acting: the server refuses it if the order changed */
  expectedVersion: number;
  reason?: string;
  completion?: Record<string, CompletionValue>;
  takenAt: string;
  /** who took it: only that user's session may send it (a shared phone, a change of shift) */
  userId?: number;
}

/** The small storage the queue needs; IndexedDB in the app, a Map in the tests. */
export interface QueueStorage {
  all(): Promise<QueuedAction[]>;
  put(action: QueuedAction): Promise<void>;
  remove(clientActionId: string): Promise<void>;
}

export class MemoryQueueStorage implements QueueStorage {
  readonly items = new Map<string, QueuedAction>();
  async all(): Promise<QueuedAction[]> {
    return [...this.items.values()].map((a) => ({ ...a }));
  }
  async put(action: QueuedAction): Promise<void> {
    this.items.set(action.clientActionId, { ...action });
  }
  async remove(clientActionId: string): Promise<void> {
    this.items.delete(clientActionId);
  }
}

/** ≥ 8 characters (server: 8..64), random enough that two phones never collide. */
export function newClientActionId(random: () => string = () => crypto.randomUUID()): string {
  return `crew-${random()}`;
}

export function byTakingOrder(a: QueuedAction, b: QueuedAction): number {
  return a.seq - b.seq;
}

/** What the server said about one replayed action. */
export type SendOutcome =
  | { kind: 'applied'; order: WorkOrder }
  /** the order was cancelled, reassigned or changed meanwhile: the server wins */
  | { kind: 'refused'; code: string; message: string }
  /** the server found a field wrong (400): drop it and show where */
  | { kind: 'invalid'; field: string | null; message: string }
  /** no signal, a server hiccup or an expired session: keep it and try later */
  | { kind: 'retry'; reason: 'network' | 'server' | 'unauthorized' };

export const SERVER_WINS_CODES: ReadonlySet<string> = new Set(['order_closed', 'invalid_transition', 'version_conflict', 'forbidden', 'not_found']);

export interface ReplayResult {
  applied: { action: QueuedAction; order: WorkOrder }[];
  refused: { action: QueuedAction; code: string; message: string }[];
  invalid: { action: QueuedAction; field: string | null; message: string }[];
  /** later actions on a refused order: built on a state that never happened */
  discarded: QueuedAction[];
  /** why the replay stopped early, if it did (the rest stays queued) */
  stopped: 'network' | 'server' | 'unauthorized' | null;
}

/**
 * Sends the queue oldest first, one at a time (order matters: acknowledge before start travel).
 * Applied and refused actions leave the queue; a refusal also drops the later actions on that
 * order. The first network failure stops the replay with everything after it kept, in order.
 * Safe to repeat: the server applies a `clientActionId` once.
 */
export async function replayQueue(
  storage: QueueStorage,
  send: (a: QueuedAction) => Promise<SendOutcome>,
  opts: { userId?: number } = {},
): Promise<ReplayResult> {
  const result: ReplayResult = { applied: [], refused: [], invalid: [], discarded: [], stopped: null };
  const dead = new Set<string>();
  const queue = (await storage.all()).filter((a) => ownedBy(a, opts.userId)).sort(byTakingOrder);
  for (const a of queue) {
    if (dead.has(a.orderId)) {
      await storage.remove(a.clientActionId);
      result.discarded.push(a);
      continue;
    }
    const outcome = await send(a);
    if (outcome.kind === 'retry') {
      result.stopped = outcome.reason;
      break;
    }
    await storage.remove(a.clientActionId);
    if (outcome.kind === 'applied') result.applied.push({ action: a, order: outcome.order });
    else {
      dead.add(a.orderId);
      if (outcome.kind === 'refused') result.refused.push({ action: a, code: outcome.code, message: outcome.message });
      else result.invalid.push({ action: a, field: outcome.field, message: outcome.message });
    }
  }
  return result;
}

/** Actions another user took on this phone wait for that user to sign in again. */
export function ownedBy(a: QueuedAction, userId: number | undefined): boolean {
  return userId === undefined || a.userId === undefined || a.userId === userId;
}

/** Turns an HTTP answer to `POST /orders/{id}/actions` into an outcome. */
export function outcomeOf(status: number, body: { code?: string; message?: string; field?: string } | null): Exclude<SendOutcome, { kind: 'applied' }> {
  const code = body?.code ?? `http_${status}`;
  const message = body?.message ?? code;
  if (status === 0) return { kind: 'retry', reason: 'network' };
  if (status === 401) return { kind: 'retry', reason: 'unauthorized' };
  if (status === 400 || status === 413 || status === 422) return { kind: 'invalid', field: body?.field ?? null, message };
  if (status === 409 || status === 403 || status === 404 || SERVER_WINS_CODES.has(code)) return { kind: 'refused', code, message };
  // 429, 5xx, a proxy's page: not the crew's fault; try again later
  return { kind: 'retry', reason: 'server' };
}

export interface ShownOrder {
  order: WorkOrder;
  /** actions taken on it that the server has not confirmed yet */
  pending: QueuedAction[];
}

/**
 * Optimistic view of an order: the server's copy with the queued actions taken on top of it.
 * An action counts only if it was taken on the version shown at that point: once the server
 * has a newer version (the action arrived, or dispatch changed the order) the server's copy wins.
 */
export function applyPending(order: WorkOrder, queue: readonly QueuedAction[]): ShownOrder {
  let shown = order;
  const pending: QueuedAction[] = [];
  for (const a of [...queue].sort(byTakingOrder)) {
    if (a.orderId !== order.id || a.expectedVersion !== shown.version) continue;
    shown = {
      ...shown,
      status: targetStatus(a.action),
      version: shown.version + 1,
      ...(a.action === 'fail' && a.reason ? { failureReason: a.reason } : {}),
      ...(a.action === 'complete' && a.completion ? { completion: a.completion } : {}),
    };
    pending.push(a);
  }
  return { order: shown, pending };
}

export type ServerWinsNotice =
  | { kind: 'cancelled'; orderId: string }
  | { kind: 'reassigned'; orderId: string }
  | { kind: 'closed'; orderId: string; status: string }
  | { kind: 'changed'; orderId: string; action: CrewAction };

/**
 * What to tell the crew after the server refused a queued action, from the order as it is now
 * (null when the crew may no longer see it: it went to another crew).
 */
export function serverWinsNotice(action: QueuedAction, now: WorkOrder | null, myCrewIds: readonly string[]): ServerWinsNotice {
  if (!now) return { kind: 'reassigned', orderId: action.orderId };
  if (now.status === 'cancelled') return { kind: 'cancelled', orderId: now.id };
  if (!now.crewId || !myCrewIds.includes(now.crewId)) return { kind: 'reassigned', orderId: now.id };
  if (now.status === 'completed' || now.status === 'failed') return { kind: 'closed', orderId: now.id, status: now.status };
  return { kind: 'changed', orderId: now.id, action: action.action };
}
