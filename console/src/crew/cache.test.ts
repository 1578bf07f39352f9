import { describe, expect, it } from 'vitest';
import { clearCache, loadCache, saveCache, type CrewCache } from './cache.ts';

class FakeStorage {
  readonly data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

const cache: CrewCache = {
  user: { id: 7, username: 'cuadrilla.1', displayName: 'Juan Pérez', roles: ['crew'] },
  crewIds: ['c-1'],
  orders: [],
  types: [{ code: 'cut', name: 'Corte', completionFields: [{ key: 'reading', label: 'Lectura', kind: 'number', required: true }] }],
  savedAt: '2026-11-28T12:00:00.000Z',
};

describe('offline copy of the crew picture', () => {
  it('reads back what it saved', () => {
    const s = new FakeStorage();
    saveCache(cache, s);
    expect(loadCache(s)).toEqual(cache);
    clearCache(s);
    expect(loadCache(s)).toBeNull();
  });
  it('ignores a copy it cannot trust (an older app version, a hand edit)', () => {
    const s = new FakeStorage();
    s.setItem('vatio.crew.cache', '{"user":{"id":"x"}}');
    expect(loadCache(s)).toBeNull();
    s.setItem('vatio.crew.cache', 'not json');
    expect(loadCache(s)).toBeNull();
  });
});
