import { describe, expect, it } from 'vitest';
import { duplicateFix, impossibleJump, tooInaccurate, validCoordinates, validTime } from './tracking.filters.ts';
import type { Fix } from './tracking.types.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const limits = { maxAgeMs: 48 * 3600_000, maxFutureMs: 300_000, maxSpeedKmh: 250, maxAccuracyM: 500 };
const fix = (p: Partial<Fix> = {}): Fix => ({
  deviceId: 'd',
  protocol: 'vatio',
  fixMs: NOW,
  receivedMs: NOW,
  lat: -34.9,
  lon: -56.16,
  speed: null,
  heading: null,
  accuracy: null,
  battery: null,
  ...p,
});

describe('validate', () => {
  it('refuses out-of-range, non-finite and (0,0) coordinates', () => {
    expect(validCoordinates.check(fix(), NOW)).toBeNull();
    expect(validCoordinates.check(fix({ lat: 91 }), NOW)).toBe('invalid_coordinates');
    expect(validCoordinates.check(fix({ lon: -180.5 }), NOW)).toBe('invalid_coordinates');
    expect(validCoordinates.check(fix({ lat: Number.NaN }), NOW)).toBe('invalid_coordinates');
    expect(validCoordinates.check(fix({ lat: 0, lon: 0 }), NOW)).toBe('invalid_coordinates');
    expect(validCoordinates.check(fix({ speed: Number.POSITIVE_INFINITY }), NOW)).toBe('invalid_coordinates');
  });

  it('refuses fixes more than 5 minutes ahead or older than the configured age', () => {
    const t = validTime(limits);
    expect(t.check(fix({ fixMs: NOW + 299_000 }), NOW)).toBeNull();
    expect(t.check(fix({ fixMs: NOW + 301_000 }), NOW)).toBe('future');
    expect(t.check(fix({ fixMs: NOW - 49 * 3600_000 }), NOW)).toBe('too_old');
    expect(t.check(fix({ fixMs: Number.NaN }), NOW)).toBe('invalid_time');
  });
});

describe('filters', () => {
  it('drops a fix with the same device and fix time as one accepted before', () => {
    const f = duplicateFix();
    expect(f.check(fix(), NOW)).toBeNull();
    f.accept?.(fix());
    expect(f.check(fix(), NOW)).toBe('duplicate');
    expect(f.check(fix({ deviceId: 'other' }), NOW)).toBeNull();
    expect(f.check(fix({ fixMs: NOW + 1000 }), NOW)).toBeNull();
  });

  it('drops fixes worse than the accuracy limit', () => {
    const f = tooInaccurate(limits);
    expect(f.check(fix({ accuracy: 499 }), NOW)).toBeNull();
    expect(f.check(fix({ accuracy: 501 }), NOW)).toBe('inaccurate');
    expect(f.check(fix({ accuracy: null }), NOW)).toBeNull();
  });

  it('drops a jump implying more than 250 km/h, and keeps plausible moves', () => {
    const f = impossibleJump(limits);
    f.accept?.(fix());
    // ~1.1 km in 60 s = 67 km/h
    expect(f.check(fix({ fixMs: NOW + 60_000, lat: -34.89 }), NOW)).toBeNull();
    // ~111 km in 60 s
    expect(f.check(fix({ fixMs: NOW + 60_000, lat: -33.9 }), NOW)).toBe('impossible_jump');
  });

  it('accepts the third of three consistent fixes far from a bad anchor', () => {
    const f = impossibleJump(limits);
    f.accept?.(fix({ lat: -30 })); // a glitch became the anchor
    const at = (i: number) => fix({ fixMs: NOW + i * 1000, lat: -34.9 + i * 0.0001 });
    expect(f.check(at(1), NOW)).toBe('impossible_jump');
    expect(f.check(at(2), NOW)).toBe('impossible_jump');
    expect(f.check(at(3), NOW)).toBeNull();
  });
});
