import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, search, type SearchSettings } from './search.ts';
import { parseSolomon, solomonProblem } from './solomon.reader.ts';
import { buildModel } from './vrptw.model.ts';
import type { VrptwProblem } from './vrptw.types.ts';

const c101 = readFileSync(new URL('./fixtures/C101.txt', import.meta.url), 'utf8');

interface Start {
  iterations: number;
  routes: number;
  cost: number;
}

function run(problem: VrptwProblem, over: Partial<SearchSettings>, maxIterations: number) {
  const model = buildModel(problem);
  const starts: Start[] = [];
  const result = search(
    model,
    {
      ...DEFAULT_SEARCH,
      ...over,
      seed: 3,
      deadline: Infinity,
      maxIterations,
      now: () => 0,
      trace: (event, iterations, routes, cost) => {
        if (event === 'start') starts.push({ iterations, routes, cost });
      },
    },
    Array.from({ length: model.n }, (_, i) => i),
  );
  const served = result.best.routes.flatMap((r) => r.seq).sort((a, b) => a - b);
  return { result, starts, served, n: model.n };
}

/**
 * Two far-apart customers whose windows exclude serving both with one vehicle, although one
 * vehicle would carry both: the route minimization never reaches the capacity bound and keeps
 * forcing insertions until its share is spent.
 */
function twoApart(): VrptwProblem {
  const at = [
    [0, 0],
    [50, 0],
    [-50, 0],
  ] as const;
  const matrix = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) matrix[i * 3 + j] = Math.abs(at[i]![0] - at[j]![0]);
  return {
    locationCount: 3,
    travelTime: matrix,
    orders: [
      { id: 'a', location: 1, serviceTime: 0, timeWindow: [50, 60], demand: 1 },
      { id: 'b', location: 2, serviceTime: 0, timeWindow: [50, 60], demand: 1 },
    ],
    vehicles: [0, 1, 2].map((k) => ({ id: `v${k}`, startLocation: 0, endLocation: 0, shift: [0, 200] as [number, number], capacity: 10 })),
  };
}

describe('distance phase from several starts', () => {
  it('starts one trajectory per other construction when the route bound is reached early (C101)', () => {
    const problem = solomonProblem(parseSolomon(c101));
    const { result, starts, served, n } = run(problem, { chains: 4 }, 8000);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(starts.length).toBeLessThanOrEqual(4);
    // Every start has as few routes as the best: the distance phase never trades a vehicle.
    for (const s of starts) expect(s.routes).toBe(10);
    expect(result.best.routes).toHaveLength(10);
    expect(result.best.bank).toEqual([]);
    expect(served).toEqual(Array.from({ length: n }, (_, i) => i));
    // Distinct starts (else the extra trajectories would only repeat the first).
    expect(new Set(starts.map((s) => s.cost.toFixed(6))).size).toBeGreaterThan(1);
    // The best is no worse than any start.
    for (const s of starts) expect(result.best.cost).toBeLessThanOrEqual(s.cost + 1e-9);
  });

  it('takes alternative starts from a route minimization that stays stuck', () => {
    const { result, starts } = run(twoApart(), { chains: 3, alternativeEvery: 20 }, 3000);
    expect(starts.length).toBe(3);
    for (const s of starts) expect(s.routes).toBe(2);
    expect(result.best.routes).toHaveLength(2);
    expect(result.best.bank).toEqual([]);
  });

  it('runs a single trajectory with chains: 1', () => {
    const { starts } = run(solomonProblem(parseSolomon(c101)), { chains: 1 }, 4000);
    expect(starts).toHaveLength(1);
  });

  it('is deterministic for a seed and an iteration budget with several trajectories', () => {
    const problem = solomonProblem(parseSolomon(c101));
    const a = run(problem, {}, 6000);
    const b = run(problem, {}, 6000);
    expect(a.starts).toEqual(b.starts);
    expect(a.result.best.cost).toBe(b.result.best.cost);
    expect(a.result.best.routes.map((r) => r.seq)).toEqual(b.result.best.routes.map((r) => r.seq));
  });
});
