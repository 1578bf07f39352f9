import { describe, expect, it } from 'vitest';
import { statusOf } from './tracking.service.ts';

const t = { onlineSeconds: 60, offlineSeconds: 600 };

describe('vehicle status by age of the last fix', () => {
  it('is online, unknown, then offline as the fix ages', () => {
    expect(statusOf({ fixMs: 0, goneAt: null }, 59_000, t)).toBe('online');
    expect(statusOf({ fixMs: 0, goneAt: null }, 61_000, t)).toBe('unknown');
    expect(statusOf({ fixMs: 0, goneAt: null }, 600_000, t)).toBe('offline');
  });

  it('is offline at once when the last will fired after the last fix', () => {
    expect(statusOf({ fixMs: 1000, goneAt: 2000 }, 3000, t)).toBe('offline');
    expect(statusOf({ fixMs: 3000, goneAt: 2000 }, 3000, t)).toBe('online');
  });
});
