import { describe, expect, it } from 'vitest';
import { effectiveStatus, statusByAge } from './status.ts';

const thresholds = { onlineSeconds: 60, offlineSeconds: 600 };

describe('statusByAge', () => {
  it('is online while the fix is younger than onlineSeconds', () => {
    expect(statusByAge(0, thresholds)).toBe('online');
    expect(statusByAge(59.9, thresholds)).toBe('online');
  });
  it('is unknown between the two thresholds', () => {
    expect(statusByAge(60, thresholds)).toBe('unknown');
    expect(statusByAge(600, thresholds)).toBe('unknown');
  });
  it('is offline past offlineSeconds or with no usable age', () => {
    expect(statusByAge(600.1, thresholds)).toBe('offline');
    expect(statusByAge(Number.NaN, thresholds)).toBe('offline');
  });
});

describe('effectiveStatus', () => {
  it('takes the worse of what the server said and what the age says', () => {
    expect(effectiveStatus('online', 'unknown')).toBe('unknown');
    expect(effectiveStatus('offline', 'online')).toBe('offline');
    expect(effectiveStatus('online', 'online')).toBe('online');
  });
});
