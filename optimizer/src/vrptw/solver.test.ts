import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';
import { solveVrptw } from './solver.ts';
import type { VrptwOrder, VrptwProblem, VrptwVehicle } from './vrptw.types.ts';

/** Random small problem on a 100×100 square; location 0 is the depot. */
function randomProblem(seed: number, n: number, vehicles: number): VrptwProblem {
  const rng = createRng(seed);
  const pts = Array.from({ length: n + 1 }, () => [Math.round(rng() * 100), Math.round(rng() * 100)] as const);
  const L = n + 1;
  const matrix = new Float64Array(L * L);
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) matrix[i * L + j] = Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]);
  const orders: VrptwOrder[] = Array.from({ length: n }, (_, k) => {
    const open = Math.round(rng() * 250);
    return { id: `o${k + 1}`, location: k + 1, serviceTime: 10, timeWindow: [open, open + 60 + Math.round(rng() * 200)], demand: 1 + Math.floor(rng() * 5) };
  });
  const fleet: VrptwVehicle[] = Array.from({ length: vehicles }, (_, k) => ({ id: `v${k + 1}`, startLocation: 0, endLocation: 0, shift: [0, 600], capacity: 10 }));
  return { locationCount: L, travelTime: matrix, orders, vehicles: fleet };
}

/** Exhaustive optimum: fewest vehicles, then least distance; null when nothing serves all. */
function bruteForce(p: VrptwProblem): { vehicles: number; distance: number } | null {
  const m = p.travelTime as Float64Array;
  const L = p.locationCount;
  const n = p.orders.length;
  const cap = p.vehicles[0]!.capacity!;
  const [open, close] = p.vehicles[0]!.shift;
  // Cost of a route over a subset of orders in a given order, or Infinity if infeasible.
  const routeCost = (seq: readonly number[]): number => {
    let t = open;
    let at = 0;
    let svc = 0;
    let d = 0;
    let load = 0;
    for (const o of seq) {
      const ord = p.orders[o]!;
      const l = ord.location;
      t = Math.max(t + svc + m[at * L + l]!, ord.timeWindow![0]);
      if (t > ord.timeWindow![1]) return Infinity;
      d += m[at * L + l]!;
      load += ord.demand!;
      at = l;
      svc = ord.serviceTime;
    }
    if (load > cap || t + svc + m[at * L]! > close) return Infinity;
    return d + m[at * L]!;
  };
  // Best route cost for every subset (bitmask), by trying every permutation once.
  const best = new Float64Array(1 << n).fill(Infinity);
  best[0] = 0;
  const permute = (seq: number[], used: number): void => {
    if (seq.length > 0) best[used] = Math.min(best[used]!, routeCost(seq));
    for (let o = 0; o < n; o++) {
      if (used & (1 << o)) continue;
      seq.push(o);
      if (routeCost(seq) < Infinity || seq.length === 1) permute(seq, used | (1 << o));
      seq.pop();
    }
  };
  permute([], 0);
  // Partition the full set into at most K routes.
  const K = p.vehicles.length;
  const full = (1 << n) - 1;
  for (let k = 1; k <= K; k++) {
    let layer = new Map<number, number>([[0, 0]]);
    for (let step = 0; step < k; step++) {
      const next = new Map<number, number>();
      for (const [mask, d] of layer) {
        const rest = full & ~mask;
        if (rest === 0) continue;
        const low = rest & -rest; // the lowest unserved order opens the next route: no duplicates
        for (let sub = rest; sub > 0; sub = (sub - 1) & rest) {
          if (!(sub & low) || best[sub] === Infinity) continue;
          const key = mask | sub;
          const v = d + best[sub]!;
          if (v < (next.get(key) ?? Infinity)) next.set(key, v);
        }
      }
      layer = next;
    }
    const d = layer.get(full);
    if (d !== undefined) return { vehicles: k, distance: d };
  }
  return null;
}

describe('solveVrptw', () => {
  it('matches the brute-force optimum (vehicles, then distance) on tiny instances', () => {
    let compared = 0;
    for (let seed = 1; compared < 12 && seed < 60; seed++) {
      const problem = randomProblem(seed, 7, 3);
      const opt = bruteForce(problem);
      if (opt === null) continue;
      compared++;
      const plan = solveVrptw(problem, { seed, maxIterations: 3000, timeLimitSeconds: Infinity });
      expect(plan.unassigned, `seed ${seed}`).toEqual([]);
      expect(plan.vehicles, `seed ${seed}`).toBe(opt.vehicles);
      expect(plan.distance, `seed ${seed}`).toBeCloseTo(opt.distance, 9);
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const problem = randomProblem(99, 40, 10);
    const run = (): unknown => solveVrptw(problem, { seed: 5, maxIterations: 1500, timeLimitSeconds: Infinity }).routes.map((r) => r.stops.map((s) => s.orderId));
    expect(run()).toEqual(run());
  });

  it('reports iterations and keeps every stop inside its window and shift', () => {
    const problem = randomProblem(7, 30, 8);
    const plan = solveVrptw(problem, { seed: 1, maxIterations: 500, timeLimitSeconds: Infinity });
    expect(plan.iterations).toBe(500);
    for (const r of plan.routes) {
      for (const s of r.stops) {
        const w = problem.orders[s.order]!.timeWindow!;
        expect(s.start).toBeGreaterThanOrEqual(w[0]);
        expect(s.start).toBeLessThanOrEqual(w[1]);
      }
      expect(r.end).toBeLessThanOrEqual(600);
      expect(r.load).toBeLessThanOrEqual(10);
    }
  });
});

describe('unassigned orders', () => {
  const at = [0, 10, 20, 30, 40, 50];
  const line: VrptwProblem['travelTime'] = (i, j) => Math.abs(at[i]! - at[j]!);
  const crew: VrptwVehicle = { id: 'crew', startLocation: 0, endLocation: 0, shift: [0, 200], capacity: 5, skills: ['meter'] };

  it('names the reason an order cannot be served', () => {
    const plan = solveVrptw(
      {
        locationCount: 6,
        travelTime: line,
        orders: [
          { id: 'ok', location: 1, serviceTime: 5, timeWindow: [0, 100], demand: 1 },
          { id: 'skill', location: 1, serviceTime: 5, requiredSkills: ['high-voltage'] },
          { id: 'late', location: 2, serviceTime: 5, timeWindow: [200, 300] },
          { id: 'heavy', location: 3, serviceTime: 5, demand: 6 },
          // Two urgent orders far apart: one crew can do either, not both.
          { id: 'urgent-a', location: 4, serviceTime: 5, timeWindow: [40, 41], priority: 5 },
          { id: 'urgent-b', location: 5, serviceTime: 5, timeWindow: [50, 51] },
        ],
        vehicles: [crew],
      },
      { seed: 3, maxIterations: 300, timeLimitSeconds: Infinity },
    );
    const reasons = Object.fromEntries(plan.unassigned.map((u) => [u.orderId, u.reason]));
    expect(reasons).toEqual({ skill: 'no_crew_with_skill', late: 'window_outside_shifts', heavy: 'exceeds_capacity', 'urgent-b': 'does_not_fit' });
    expect(plan.routes[0]!.stops.map((s) => s.orderId).sort()).toEqual(['ok', 'urgent-a']);
  });

  it('routes each vehicle from its own start depot to its own end depot inside its shift', () => {
    const plan = solveVrptw(
      {
        locationCount: 6,
        travelTime: line,
        orders: [
          { id: 'a', location: 2, serviceTime: 1 },
          { id: 'b', location: 3, serviceTime: 1 },
        ],
        vehicles: [{ id: 'late-shift', startLocation: 1, endLocation: 4, shift: [50, 100] }],
      },
      { seed: 1, maxIterations: 100, timeLimitSeconds: Infinity },
    );
    const r = plan.routes[0]!;
    expect(r.stops.map((s) => s.orderId)).toEqual(['a', 'b']);
    expect(r.stops[0]!.arrival).toBe(60);
    expect(r.distance).toBe(30);
    expect(r.end).toBe(50 + 10 + 1 + 10 + 1 + 10);
  });
});
