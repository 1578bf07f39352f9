import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';
import { insertionDelta, Route } from './route.ts';
import { buildModel } from './vrptw.model.ts';
import type { VrptwProblem } from './vrptw.types.ts';

function problem(seed: number, n: number): VrptwProblem {
  const rng = createRng(seed);
  const pts = Array.from({ length: n + 1 }, () => [rng() * 100, rng() * 100] as const);
  return {
    locationCount: n + 1,
    travelTime: (i, j) => Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]),
    orders: Array.from({ length: n }, (_, k) => {
      const open = rng() * 800;
      return { id: String(k), location: k + 1, serviceTime: 10, timeWindow: [open, open + 50 + rng() * 400] as const, demand: 1 };
    }),
    vehicles: [{ id: 'v', startLocation: 0, endLocation: 0, shift: [0, 1500], capacity: 1000 }],
  };
}

describe('Route caches', () => {
  const model = buildModel(problem(11, 60));
  const rng = createRng(2);

  it('repairs the schedule after an insertion exactly as a full recomputation does', () => {
    for (let trial = 0; trial < 500; trial++) {
      const perm = Array.from({ length: model.n }, (_, i) => i).sort(() => rng() - 0.5);
      const len = Math.floor(rng() * 40);
      const r = new Route(model, 0, perm.slice(0, len));
      const p = Math.floor(rng() * (len + 1));
      r.insert(model, p, perm[len]!);
      const ref = new Route(model, 0, r.seq.slice());
      expect(Array.from(r.start.subarray(0, len + 3))).toEqual(Array.from(ref.start.subarray(0, len + 3)));
      expect(Array.from(r.latest.subarray(0, len + 3))).toEqual(Array.from(ref.latest.subarray(0, len + 3)));
      expect(Array.from(r.dep.subarray(0, len + 3))).toEqual(Array.from(ref.dep.subarray(0, len + 3)));
      expect(Array.from(r.locs.subarray(0, len + 3))).toEqual(Array.from(ref.locs.subarray(0, len + 3)));
      expect(r.cost).toBeCloseTo(ref.cost, 9);
      expect(r.feasible).toBe(ref.feasible);
    }
  });

  it('accepts an insertion in O(1) exactly when the recomputed route is feasible', () => {
    let feasibleSeen = 0;
    for (let trial = 0; trial < 300; trial++) {
      const perm = Array.from({ length: model.n }, (_, i) => i).sort(() => rng() - 0.5);
      // Grow a feasible route first.
      const r = new Route(model, 0, []);
      for (const o of perm.slice(0, 12)) {
        for (let p = 0; p <= r.seq.length; p++) {
          if (insertionDelta(model, r, o, p) < Infinity) {
            r.insert(model, p, o);
            break;
          }
        }
      }
      const o = perm[20]!;
      for (let p = 0; p <= r.seq.length; p++) {
        const d = insertionDelta(model, r, o, p);
        const seq = r.seq.slice();
        seq.splice(p, 0, o);
        const ref = new Route(model, 0, seq);
        if (d < Infinity) {
          feasibleSeen++;
          expect(ref.feasible).toBe(true);
          expect(d).toBeCloseTo(ref.cost - r.cost, 9);
        } else {
          expect(ref.feasible).toBe(false);
        }
      }
    }
    expect(feasibleSeen).toBeGreaterThan(50);
  });
});
