import { describe, expect, it } from 'vitest';
import { insertWithEjection } from './ejection.ts';
import { improveWithinRoutes } from './intra-route.ts';
import { createRng } from './prng.ts';
import { Route } from './route.ts';
import { Solution } from './ruin-recreate.ts';
import { DEFAULT_SEARCH, search } from './search.ts';
import { twoOptStar } from './two-opt-star.ts';
import { buildModel, type Model } from './vrptw.model.ts';
import type { VrptwProblem } from './vrptw.types.ts';

function problem(seed: number): VrptwProblem {
  const rng = createRng(seed);
  const n = 60;
  const pts = Array.from({ length: n + 1 }, () => [rng() * 100, rng() * 100] as const);
  return {
    locationCount: n + 1,
    travelTime: (i, j) => Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]),
    orders: Array.from({ length: n }, (_, k) => {
      const open = rng() * 600;
      return { id: String(k), location: k + 1, serviceTime: 10, timeWindow: [open, open + 100 + rng() * 300] as const, demand: 1 + Math.floor(rng() * 20) };
    }),
    vehicles: Array.from({ length: 15 }, (_, k) => ({ id: `v${k}`, startLocation: 0, endLocation: 0, shift: [0, 1000] as const, capacity: 100 })),
  };
}

/** A quickly built feasible solution to move things around in. */
function start(model: Model, seed: number): Solution {
  const orders = Array.from({ length: model.n }, (_, i) => i);
  return search(model, { ...DEFAULT_SEARCH, seed, deadline: Infinity, maxIterations: 50, now: () => 0 }, orders).best;
}

function expectValid(model: Model, s: Solution): void {
  const seen = [...s.bank];
  for (const r of s.routes) {
    const fresh = new Route(model, r.veh, r.seq.slice());
    expect(fresh.feasible).toBe(true);
    expect(r.cost).toBeCloseTo(fresh.cost, 9);
    seen.push(...r.seq);
  }
  expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: model.n }, (_, i) => i));
}

describe('local moves', () => {
  for (const seed of [1, 2, 3]) {
    const model = buildModel(problem(seed));

    it(`2-opt* and the intra-route descent keep every order, stay feasible and never add cost (seed ${seed})`, () => {
      const s = start(model, seed);
      expectValid(model, s);
      const a = twoOptStar(model, s);
      expectValid(model, a);
      expect(a.cost).toBeLessThanOrEqual(s.cost + 1e-9);
      const b = improveWithinRoutes(model, a);
      expectValid(model, b);
      expect(b.cost).toBeLessThanOrEqual(a.cost + 1e-9);
    });

    it(`insertion with ejection leaves feasible routes and moves the ejected orders to the bank (seed ${seed})`, () => {
      const s = start(model, seed);
      const penalty = new Float64Array(model.n).fill(1);
      for (let k = 0; k < s.routes.length; k++) {
        const t = s.shallowCopy();
        const [gone] = t.routes.splice(k, 1);
        t.bank.push(...gone!.seq);
        for (const v of gone!.seq) {
          const before = t.bank.length;
          if (!insertWithEjection(model, t, v, penalty, 2)) continue;
          expect(t.bank).not.toContain(v);
          expect(t.bank.length).toBeLessThanOrEqual(before + 1);
          expectValid(model, t);
        }
      }
    });
  }
});
