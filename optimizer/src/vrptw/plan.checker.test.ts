import { describe, expect, it } from 'vitest';
import { checkPlan } from './plan.checker.ts';
import { createRng } from './prng.ts';
import { solveVrptw } from './solver.ts';
import type { PlannedRoute, VrptwPlan, VrptwProblem } from './vrptw.types.ts';

/** Crews on three depots, two shifts, skills, priorities; some orders impossible on purpose. */
function crewProblem(seed: number): VrptwProblem {
  const rng = createRng(seed);
  const n = 80;
  const L = n + 3;
  const pts = Array.from({ length: L }, () => [rng() * 20_000, rng() * 20_000] as const);
  const travelTime = new Float64Array(L * L);
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) travelTime[i * L + j] = Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]) / 10;
  const skills = ['meter', 'cut', 'hv', 'gas'];
  return {
    locationCount: L,
    travelTime,
    orders: Array.from({ length: n }, (_, k) => {
      const open = 8 * 3600 + rng() * 8 * 3600;
      return {
        id: `wo-${k}`,
        location: k + 3,
        serviceTime: 300 + rng() * 1500,
        timeWindow: [open, open + 1800 + rng() * 3 * 3600] as const,
        demand: 1 + Math.floor(rng() * 3),
        priority: Math.floor(rng() * 3),
        // 'gas' is a skill no crew has.
        requiredSkills: rng() < 0.4 ? [skills[Math.floor(rng() * skills.length)]!] : [],
      };
    }),
    vehicles: Array.from({ length: 8 }, (_, k) => ({
      id: `crew-${k}`,
      startLocation: k % 3,
      endLocation: (k + 1) % 3,
      shift: k % 2 === 0 ? ([7 * 3600, 15 * 3600] as const) : ([11 * 3600, 19 * 3600] as const),
      capacity: 15,
      skills: skills.slice(0, 3).filter((_, s) => (k >> s) & 1 || s === 0),
    })),
  };
}

describe('checkPlan', () => {
  for (const seed of [1, 2, 3]) {
    it(`accepts the solver's plans for crews with skills, shifts and several depots (seed ${seed})`, () => {
      const problem = crewProblem(seed);
      const plan = solveVrptw(problem, { seed, maxIterations: 800, timeLimitSeconds: Infinity });
      const check = checkPlan(problem, plan);
      expect(check.errors).toEqual([]);
      for (const u of plan.unassigned) {
        if (u.reason === 'no_crew_with_skill') {
          const needed = problem.orders[u.order]!.requiredSkills ?? [];
          expect(problem.vehicles.some((v) => needed.every((s) => (v.skills ?? []).includes(s)))).toBe(false);
        }
      }
      expect(plan.unassigned.some((u) => u.reason === 'no_crew_with_skill')).toBe(true);
    });
  }

  const problem = crewProblem(4);
  const plan = solveVrptw(problem, { seed: 4, maxIterations: 500, timeLimitSeconds: Infinity });
  const withRoutes = (routes: PlannedRoute[]): VrptwPlan => ({ ...plan, routes });

  it('rejects an order that is neither routed nor unassigned, or twice', () => {
    const [first, ...rest] = plan.routes;
    const dropped = withRoutes([{ ...first!, stops: first!.stops.slice(1) }, ...rest]);
    expect(checkPlan(problem, dropped).errors.join()).toMatch(/neither routed nor unassigned/);
    const twice = withRoutes([{ ...first!, stops: [...first!.stops, first!.stops[0]!] }, ...rest]);
    expect(checkPlan(problem, twice).errors.join()).toMatch(/appears 2 times/);
  });

  it('rejects a crew without the required skill and a late start', () => {
    const route = plan.routes.find((r) => r.stops.length > 0)!;
    const stop = route.stops[0]!;
    const noSkill: VrptwProblem = {
      ...problem,
      orders: problem.orders.map((o, i) => (i === stop.order ? { ...o, requiredSkills: ['gas'] } : o)),
    };
    expect(checkPlan(noSkill, plan).errors.join()).toMatch(/lacks skill gas/);
    const closesEarly: VrptwProblem = {
      ...problem,
      orders: problem.orders.map((o, i) => (i === stop.order ? { ...o, timeWindow: [0, stop.arrival - 1] as const } : o)),
    };
    expect(checkPlan(closesEarly, plan).errors.join()).toMatch(/after its window closes/);
  });
});
