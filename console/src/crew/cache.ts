import { z } from 'zod';
import { sessionUser, workOrder } from '../lib/contracts.ts';
import { crewOrderType } from './crew-api.ts';

/**
 * The last good picture (who signed in, the crew's orders, the order types) so the app opens
 * with something useful in a basement without signal. Small JSON: localStorage is enough; the
 * action queue, which can hold photos, lives in IndexedDB.
 */
export const crewCache = z.object({
  user: sessionUser,
  crewIds: z.array(z.string()),
  orders: z.array(workOrder),
  types: z.array(crewOrderType),
  savedAt: z.string(),
});
export type CrewCache = z.infer<typeof crewCache>;

const KEY = 'vatio.crew.cache';

export function loadCache(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): CrewCache | null {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    const parsed = crewCache.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveCache(c: CrewCache, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(c));
  } catch {
    // full or blocked storage: the app still works online
  }
}

export function clearCache(storage: Pick<Storage, 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}
