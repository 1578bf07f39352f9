import type { WorkOrder } from '../contracts.ts';
import { isOpen } from './actions.ts';

/**
 * A crew's open orders in the order it will do them: the dispatcher's sequence, unsequenced
 * ones last, then by id — the same order the server and the crew's phone use.
 */
export function crewRoute(orders: Iterable<WorkOrder>, crewId: string): WorkOrder[] {
  const mine: WorkOrder[] = [];
  for (const o of orders) if (o.crewId === crewId && isOpen(o.status)) mine.push(o);
  return mine.sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Each assigned open order's place (1-based) in its crew's sequence, for the board's rows. */
export function routePositions(orders: Iterable<WorkOrder>): Map<string, number> {
  const byCrew = new Map<string, WorkOrder[]>();
  for (const o of orders) {
    if (!o.crewId || !isOpen(o.status)) continue;
    const list = byCrew.get(o.crewId);
    if (list) list.push(o);
    else byCrew.set(o.crewId, [o]);
  }
  const out = new Map<string, number>();
  for (const [crewId, list] of byCrew) crewRoute(list, crewId).forEach((o, i) => out.set(o.id, i + 1));
  return out;
}

/**
 * A copy of `list` with the item at `from` moved to index `to` (clamped). Out-of-range `from`
 * returns an unchanged copy.
 *
 * @example moveItem(['a', 'b', 'c'], 2, 0) // ['c', 'a', 'b']
 */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1) as [T];
  const at = Math.max(0, Math.min(out.length, to));
  out.splice(at, 0, item);
  return out;
}

/**
 * Where a dragged row lands when dropped on row `over`, in its upper (`before`) or lower half:
 * the index to pass to `moveItem` (the dragged row is taken out first).
 *
 * @example dropTarget(0, 2, false) // 2: the first row dropped below the third ends third
 */
export function dropTarget(from: number, over: number, before: boolean): number {
  const slot = before ? over : over + 1;
  return slot > from ? slot - 1 : slot;
}

/**
 * The ids the crew's list shows: a local order the dispatcher just set (while saving, or
 * saved and not yet echoed), kept as long as it holds exactly the same orders as the server's
 * list; otherwise the server's list wins (another dispatcher or the crew changed it).
 */
export function displayedIds(serverIds: readonly string[], local: readonly string[] | null): string[] {
  if (!local || local.length !== serverIds.length) return [...serverIds];
  const held = new Set(serverIds);
  return local.every((id) => held.has(id)) ? [...local] : [...serverIds];
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * Saves a crew's sequence one request at a time: moves made while a save is in flight are
 * coalesced into one more save of the latest list (never two PUTs racing each other).
 */
export function createSequenceSaver(opts: { send: (ids: string[]) => Promise<void>; onIdle: (error: unknown) => void }): {
  save(ids: string[]): void;
  readonly busy: boolean;
} {
  let inFlight = false;
  let next: string[] | null = null;
  async function pump(): Promise<void> {
    inFlight = true;
    while (next) {
      const ids = next;
      next = null;
      try {
        await opts.send(ids);
      } catch (e) {
        next = null;
        inFlight = false;
        opts.onIdle(e);
        return;
      }
    }
    inFlight = false;
    opts.onIdle(null);
  }
  return {
    save(ids) {
      next = ids;
      if (!inFlight) void pump();
    },
    get busy() {
      return inFlight;
    },
  };
}
