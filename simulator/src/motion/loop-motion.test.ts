import { describe, expect, it } from 'vitest';
import { haversineMeters } from '../../../geo/src/index.ts';
import { GpsUnit } from '../gps-unit.ts';
import { cityRadiusMeters } from '../localities.ts';
import { createRng } from '../rng.ts';
import { impliedKmh } from '../test-support.ts';
import { LoopMotion } from './loop-motion.ts';

describe('LoopMotion', () => {
  const salto = { lat: -31.3833, lon: -57.95 };
  const radiusM = cityRadiusMeters(124_878);

  it('roams around the town centre at urban speeds for three simulated hours', () => {
    const rng = createRng('loop');
    const motion = new LoopMotion({ centre: salto, radiusM, rng, dwellSeconds: [60, 120] });
    const gps = new GpsUnit({ rng });
    let prev = gps.sample(motion.state, 0);
    let farthest = 0;
    let maxImplied = 0;
    let maxSpeed = 0;
    const activities = new Set<string>();
    let headingJump = 0;
    let lastHeading = motion.state.heading;
    for (let i = 1; i <= 3 * 3600; i++) {
      const s = motion.step(1);
      const fix = gps.sample(s, i * 1000);
      farthest = Math.max(farthest, haversineMeters(salto, s));
      maxImplied = Math.max(maxImplied, impliedKmh(prev, fix, haversineMeters(prev, fix)));
      maxSpeed = Math.max(maxSpeed, s.speed * 3.6);
      activities.add(s.activity);
      headingJump = Math.max(headingJump, Math.abs(((s.heading - lastHeading + 540) % 360) - 180));
      lastHeading = s.heading;
      prev = fix;
    }
    expect(farthest).toBeLessThan(1.5 * radiusM);
    expect(maxSpeed).toBeLessThanOrEqual(50 + 1e-9);
    expect(maxImplied).toBeLessThanOrEqual(130);
    // smooth: never more than 30°/s
    expect(headingJump).toBeLessThanOrEqual(30 + 1e-9);
    expect(activities).toEqual(new Set(['driving', 'stopped', 'working']));
  });

  it('is reproducible from its seed', () => {
    const run = (): number[] => {
      const m = new LoopMotion({ centre: salto, radiusM, rng: createRng(42) });
      m.step(600);
      return [m.state.lat, m.state.lon];
    };
    expect(run()).toEqual(run());
  });
});
