import { describe, expect, it } from 'vitest';
import { haversineMeters } from '../../geo/src/index.ts';
import { GpsUnit } from './gps-unit.ts';
import type { MotionState } from './motion/motion.ts';
import { createRng } from './rng.ts';

const parked: MotionState = { lat: -34.9, lon: -56.2, speed: 0, heading: 123, activity: 'working' };

describe('GpsUnit', () => {
  it('scatters a parked vehicle by a few metres, reporting accuracy of about 2σ', () => {
    const gps = new GpsUnit({ rng: createRng(5), noiseSigmaM: 4 });
    const errors: number[] = [];
    for (let s = 0; s < 3600; s++) {
      const f = gps.sample(parked, s * 1000);
      errors.push(haversineMeters(parked, f));
      expect(f.acc).toBeGreaterThanOrEqual(8);
      expect(f.acc).toBeLessThanOrEqual(13);
      expect(f.speed).toBe(0);
    }
    const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    expect(rms).toBeGreaterThan(2);
    expect(rms).toBeLessThan(12);
  });

  it('moves the error smoothly between consecutive fixes', () => {
    const gps = new GpsUnit({ rng: createRng(6), noiseSigmaM: 5 });
    let prev = gps.sample(parked, 0);
    for (let s = 1; s < 600; s++) {
      const f = gps.sample(parked, s * 1000);
      expect(haversineMeters(prev, f)).toBeLessThan(10);
      prev = f;
    }
  });

  it('drains the battery slowly and charges it when low', () => {
    const gps = new GpsUnit({ rng: createRng(7), battery: 20, drainPerHour: 5 });
    expect(gps.sample(parked, 0).batt).toBe(20);
    expect(gps.sample(parked, 3600_000).batt).toBe(15);
    const later = [gps.sample(parked, 2 * 3600_000).batt, gps.sample(parked, 3 * 3600_000).batt];
    // went below 12 % and was put on charge
    expect(later[1]).toBeGreaterThan(later[0]!);
  });
});
