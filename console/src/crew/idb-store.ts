import type { QueueStorage, QueuedAction } from './queue.ts';

const DB = 'vatio-crew';
const STORE = 'actions';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'clientActionId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB open failed'));
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB request failed'));
  });
}

/** The offline queue in IndexedDB: it outlives a closed tab, a reload and a phone restart. */
export class IdbQueueStorage implements QueueStorage {
  private db: Promise<IDBDatabase> | null = null;

  private store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    this.db ??= open();
    return this.db.then((db) => db.transaction(STORE, mode).objectStore(STORE));
  }

  async all(): Promise<QueuedAction[]> {
    return done((await this.store('readonly')).getAll() as IDBRequest<QueuedAction[]>);
  }

  async put(action: QueuedAction): Promise<void> {
    await done((await this.store('readwrite')).put(action));
  }

  async remove(clientActionId: string): Promise<void> {
    await done((await this.store('readwrite')).delete(clientActionId));
  }
}
