import { describe, expect, it } from 'vitest';
import { haversineMeters, loadStreetGraph, StreetRouter, type LatLon } from '../../../geo/src/index.ts';
import { GpsUnit } from '../gps-unit.ts';
import { createRng } from '../rng.ts';
import { impliedKmh, montevideoGraphForTests } from '../test-support.ts';
import { cruiseKmhForBlock, GraphMotion } from './graph-motion.ts';

/** Distance from p to the segment a–b, metres (local planar approximation). */
function toSegment(p: LatLon, a: LatLon, b: LatLon): number {
  const k = Math.cos((a.lat * Math.PI) / 180);
  const [ax, ay, bx, by, px, py] = [a.lon * k, a.lat, b.lon * k, b.lat, p.lon * k, p.lat];
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return haversineMeters(p, { lat: ay + t * dy, lon: (ax + t * dx) / k });
}

const graph = montevideoGraphForTests();

describe('cruiseKmhForBlock', () => {
  it('gives short blocks residential speeds and long edges avenue speeds', () => {
    expect(cruiseKmhForBlock(40)).toBe(20);
    expect(cruiseKmhForBlock(100)).toBe(32);
    expect(cruiseKmhForBlock(2000)).toBe(60);
  });
});

describe('GraphMotion on a hand-built grid', () => {
  // a 6×6 grid of 100 m blocks
  const nodes: [string, number, number][] = [];
  const edges: [number, number, number][] = [];
  for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) nodes.push([`${x},${y}`, -56.2 + x * 0.0011, -34.9 + y * 0.0009]);
  for (let y = 0; y < 6; y++)
    for (let x = 0; x < 6; x++) {
      if (x < 5) edges.push([y * 6 + x, y * 6 + x + 1, 101]);
      if (y < 5) edges.push([y * 6 + x, (y + 1) * 6 + x, 101]);
    }
  const router = new StreetRouter(loadStreetGraph({ nodes, edges }));

  it('reaches its destination, works there for the dwell time, then leaves again', () => {
    const motion = new GraphMotion({ router, rng: createRng(3), dwellSeconds: [30, 31], tripMeters: [300, 800] });
    const seen = new Set<string>();
    let workingSeconds = 0;
    for (let t = 0; t < 1200; t++) {
      const s = motion.step(1);
      seen.add(s.activity);
      if (s.activity === 'working') workingSeconds++;
      expect(s.speed).toBeLessThanOrEqual((32 / 3.6) * 1.1 * 1.1 + 1e-9);
    }
    expect(seen).toEqual(new Set(['driving', 'working', 'stopped']));
    expect(workingSeconds).toBeGreaterThan(60);
  });

  it('goes where it is sent from mid-block, stays there until released, then drives on', () => {
    const motion = new GraphMotion({ router, rng: createRng(5), dwellSeconds: [30, 31], tripMeters: [300, 800] });
    motion.step(7.3); // somewhere along its first trip
    const target = 35; // the far corner
    expect(motion.goTo(target, 3600)).toBe(true);
    const corner = { lat: router.graph.lat[target]!, lon: router.graph.lon[target]! };
    let t = 0;
    let prev: LatLon = motion.state;
    while (!motion.arrived && t < 600) {
      const s = motion.step(1);
      // no jumps: continuous driving from where it was
      expect(haversineMeters(prev, s)).toBeLessThan(20);
      prev = s;
      t++;
    }
    expect(motion.arrived).toBe(true);
    expect(haversineMeters(motion.state, corner)).toBeLessThan(1);
    for (let i = 0; i < 900; i++) motion.step(1); // far longer than its usual 30 s job
    expect(motion.state.activity).toBe('working');
    expect(haversineMeters(motion.state, corner)).toBeLessThan(1);
    motion.release();
    expect(motion.arrived).toBe(false);
    for (let i = 0; i < 120; i++) motion.step(1);
    expect(haversineMeters(motion.state, corner)).toBeGreaterThan(20);
  });
});

describe.skipIf(graph === null)('GraphMotion on the Montevideo street graph', () => {
  const router = new StreetRouter(graph!);

  it('stays on the streets and drives at plausible speeds for two simulated hours', () => {
    const rng = createRng('graph-test');
    const motion = new GraphMotion({ router, rng, dwellSeconds: [60, 180] });
    const gps = new GpsUnit({ rng });
    const t0 = Date.UTC(2026, 2, 2, 12);
    let previous = gps.sample(motion.state, t0);
    let maxTrue = 0;
    let maxImplied = 0;
    let travelled = 0;
    let last: LatLon = motion.state;
    let working = 0;
    for (let i = 1; i <= 7200; i++) {
      const s = motion.step(1);
      const fix = gps.sample(s, t0 + i * 1000);
      // the true position lies on the arc being driven
      if (motion.edge && s.activity === 'driving') {
        const [u, v] = motion.edge;
        const a = { lat: graph!.lat[u]!, lon: graph!.lon[u]! };
        const b = { lat: graph!.lat[v]!, lon: graph!.lon[v]! };
        expect(toSegment(s, a, b)).toBeLessThan(0.5);
      }
      if (s.activity === 'working') working++;
      maxTrue = Math.max(maxTrue, s.speed * 3.6);
      maxImplied = Math.max(maxImplied, impliedKmh(previous, fix, haversineMeters(previous, fix)));
      travelled += haversineMeters(last, s);
      last = s;
      previous = fix;
    }
    expect(maxImplied).toBeLessThanOrEqual(130);
    expect(maxTrue).toBeLessThanOrEqual(75);
    expect(maxTrue).toBeGreaterThan(30);
    // two hours of urban driving with stops: tens of km, not hundreds
    expect(travelled / 1000).toBeGreaterThan(10);
    expect(travelled / 1000).toBeLessThan(120);
    expect(working).toBeGreaterThan(60);
  });
});
