import { describe, expect, it } from 'vitest';
import { checkPlan } from './plan.checker.ts';
import { createRng } from './prng.ts';
import { solveVrptw } from './solver.ts';
import type { VrptwOrder, VrptwPlan, VrptwProblem, VrptwVehicle } from './vrptw.types.ts';

/** Points on a plane; Euclidean travel times. */
function problemOn(pts: readonly (readonly [number, number])[], orders: VrptwOrder[], vehicles: VrptwVehicle[]): VrptwProblem {
  const L = pts.length;
  const m = new Float64Array(L * L);
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) m[i * L + j] = Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]);
  return { locationCount: L, travelTime: m, orders, vehicles };
}

/** Fixed-fleet objective of a plan: distance, each unused vehicle counted as driving start → end. */
function fleetDistance(p: VrptwProblem, plan: VrptwPlan): number {
  const m = p.travelTime as Float64Array;
  const used = new Set(plan.routes.map((r) => r.vehicle));
  let d = plan.distance;
  p.vehicles.forEach((v, k) => {
    if (!used.has(k)) d += m[v.startLocation * p.locationCount + v.endLocation]!;
  });
  return d;
}

describe('objective "distance" (a fixed fleet: every crew is on shift anyway)', () => {
  // Two crews at opposite ends of town, two orders next to each crew: Solomon's objective
  // sends one crew across town (one vehicle), the day plan keeps each crew near home.
  const pts = [
    [0, 0],
    [100, 0],
    [1, 1],
    [2, -1],
    [99, 1],
    [98, -1],
  ] as const;
  const orders: VrptwOrder[] = [2, 3, 4, 5].map((l) => ({ id: `o${l}`, location: l, serviceTime: 5 }));
  const vehicles: VrptwVehicle[] = [
    { id: 'west', startLocation: 0, endLocation: 0, shift: [0, 1000] },
    { id: 'east', startLocation: 1, endLocation: 1, shift: [0, 1000] },
  ];
  const p = problemOn(pts, orders, vehicles);

  it('keeps Solomon behaviour by default: fewest vehicles first', () => {
    const plan = solveVrptw(p, { seed: 1, maxIterations: 500, timeLimitSeconds: Infinity });
    expect(plan.vehicles).toBe(1);
    expect(checkPlan(p, plan).feasible).toBe(true);
  });

  it('uses every crew when that shortens the day', () => {
    const plan = solveVrptw(p, { seed: 1, maxIterations: 500, timeLimitSeconds: Infinity, objective: 'distance' });
    expect(checkPlan(p, plan).feasible).toBe(true);
    expect(plan.vehicles).toBe(2);
    const byVehicle = new Map(plan.routes.map((r) => [r.vehicleId, r.stops.map((s) => s.orderId).sort()]));
    expect(byVehicle.get('west')).toEqual(['o2', 'o3']);
    expect(byVehicle.get('east')).toEqual(['o4', 'o5']);
    expect(plan.distance).toBeLessThan(20);
  });

  it('charges a crew whose day ends elsewhere only its detour', () => {
    // The crew drives 0 → 10 anyway (live position → home base); the order sits on its way.
    const q = problemOn(
      [
        [0, 0],
        [10, 0],
        [5, 0.5],
        [-50, 0],
      ],
      [{ id: 'on-the-way', location: 2, serviceTime: 1 }],
      [
        { id: 'passing', startLocation: 0, endLocation: 1, shift: [0, 100] },
        { id: 'home', startLocation: 3, endLocation: 3, shift: [0, 1000] },
      ],
    );
    const plan = solveVrptw(q, { seed: 3, maxIterations: 200, timeLimitSeconds: Infinity, objective: 'distance' });
    expect(plan.routes.map((r) => r.vehicleId)).toEqual(['passing']);
  });

  it('still serves emergencies first and leaves out with a reason what cannot fit', () => {
    const q = problemOn(
      [
        [0, 0],
        [10, 0],
        [20, 0],
        [30, 0],
      ],
      [
        { id: 'normal', location: 1, serviceTime: 50, priority: 9 },
        { id: 'emergency', location: 2, serviceTime: 50, priority: 1e6 },
        { id: 'no-skill', location: 3, serviceTime: 1, requiredSkills: ['hv'] },
      ],
      [{ id: 'only', startLocation: 0, endLocation: 0, shift: [0, 100] }],
    );
    const plan = solveVrptw(q, { seed: 1, maxIterations: 300, timeLimitSeconds: Infinity, objective: 'distance' });
    expect(plan.routes[0]?.stops.map((s) => s.orderId)).toEqual(['emergency']);
    expect(plan.unassigned.map((u) => [u.orderId, u.reason])).toEqual([
      ['normal', 'does_not_fit'],
      ['no-skill', 'no_crew_with_skill'],
    ]);
    expect(checkPlan(q, plan).feasible).toBe(true);
  });

  // The annealing temperature follows a 10,000-iteration cycle: a few cycles reach the optimum.
  it('finds the brute-force optimum on small random instances with crews spread out', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rng = createRng(seed);
      const n = 5;
      const crews = 3;
      const pts = Array.from({ length: n + crews }, () => [Math.round(rng() * 100), Math.round(rng() * 100)] as const);
      const os: VrptwOrder[] = Array.from({ length: n }, (_, k) => ({ id: `o${k}`, location: crews + k, serviceTime: 10 }));
      const vs: VrptwVehicle[] = Array.from({ length: crews }, (_, k) => ({ id: `c${k}`, startLocation: k, endLocation: k, shift: [0, 10_000] }));
      const q = problemOn(pts, os, vs);
      const plan = solveVrptw(q, { seed, maxIterations: 30_000, timeLimitSeconds: Infinity, objective: 'distance' });
      expect(checkPlan(q, plan).feasible).toBe(true);
      expect(plan.unassigned).toEqual([]);
      // Exhaustive: every assignment of orders to crews, each crew's orders in their best sequence.
      const m = q.travelTime as Float64Array;
      const L = q.locationCount;
      const tour = (depot: number, seq: number[]): number => {
        let best = seq.length ? Infinity : 0;
        const perm = (rest: number[], at: number, d: number): void => {
          if (!rest.length) best = Math.min(best, d + m[at * L + depot]!);
          rest.forEach((o, i) => perm([...rest.slice(0, i), ...rest.slice(i + 1)], q.orders[o]!.location, d + m[at * L + q.orders[o]!.location]!));
        };
        if (seq.length) perm(seq, depot, 0);
        return best;
      };
      let optimum = Infinity;
      for (let code = 0; code < crews ** n; code++) {
        const groups: number[][] = Array.from({ length: crews }, () => []);
        for (let o = 0, c = code; o < n; o++, c = Math.floor(c / crews)) groups[c % crews]!.push(o);
        optimum = Math.min(optimum, groups.reduce((a, g, k) => a + tour(k, g), 0));
      }
      expect(fleetDistance(q, plan)).toBeCloseTo(optimum, 6);
    }
  });

  it('is deterministic for a seed and an iteration count', () => {
    const a = solveVrptw(p, { seed: 9, maxIterations: 400, timeLimitSeconds: Infinity, objective: 'distance' });
    const b = solveVrptw(p, { seed: 9, maxIterations: 400, timeLimitSeconds: Infinity, objective: 'distance' });
    expect(a.routes).toEqual(b.routes);
  });
});
