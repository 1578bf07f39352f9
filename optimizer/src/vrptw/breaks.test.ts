import { describe, expect, it } from 'vitest';
import { breaksFit, insertionFits, oneBreakSlack } from './breaks.ts';
import { checkPlan } from './plan.checker.ts';
import { EPS, Route } from './route.ts';
import { buildModel } from './vrptw.model.ts';
import { createRng } from './prng.ts';
import { solveVrptw } from './solver.ts';
import type { VrptwBreak, VrptwOrder, VrptwPlan, VrptwProblem, VrptwVehicle } from './vrptw.types.ts';

function problemOn(pts: readonly (readonly [number, number])[], orders: VrptwOrder[], vehicles: VrptwVehicle[]): VrptwProblem {
  const L = pts.length;
  const m = new Float64Array(L * L);
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) m[i * L + j] = Math.round(Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]));
  return { locationCount: L, travelTime: m, orders, vehicles };
}

const exact = { maxIterations: 20_000, timeLimitSeconds: Infinity } as const;

/**
 * Brute force, sharing nothing with the engine: the least distance of a route over `seq` on
 * `v`, trying every placement of every break (after leaving node g, or on arrival at node
 * g + 1, for every gap g), each break as early as its place allows. Infinity if none fits.
 */
function routeCostWithBreaks(p: VrptwProblem, v: VrptwVehicle, seq: readonly number[]): number {
  const m = p.travelTime as Float64Array;
  const L = p.locationCount;
  const breaks = v.breaks ?? [];
  const slots = 2 * (seq.length + 1);
  const nodes = [v.startLocation, ...seq.map((o) => p.orders[o]!.location), v.endLocation];
  let d = 0;
  for (let k = 0; k + 1 < nodes.length; k++) d += m[nodes[k]! * L + nodes[k + 1]!]!;
  for (let code = 0; code < slots ** breaks.length; code++) {
    const slotOf = breaks.map((_, i) => Math.floor(code / slots ** i) % slots);
    const take = (slot: number, t: number): number => {
      breaks.forEach((b, i) => {
        if (slotOf[i] !== slot) return;
        const s = Math.max(t, b.window[0]);
        t = s > b.window[1] ? Infinity : s + b.duration;
      });
      return t;
    };
    let t = v.shift[0];
    for (let g = 0; g + 1 < nodes.length; g++) {
      t = take(2 * g, t) + m[nodes[g]! * L + nodes[g + 1]!]!;
      t = take(2 * g + 1, t);
      if (g + 1 === nodes.length - 1) break;
      const o = p.orders[seq[g]!]!;
      const [open, due] = o.timeWindow ?? [-Infinity, Infinity];
      t = Math.max(t, open);
      if (t > due) t = Infinity;
      t += o.serviceTime;
    }
    if (t <= v.shift[1]) return d;
  }
  return Infinity;
}

/** Best cost of serving exactly the orders of `mask` on `v`, over every sequence. */
function bestTour(p: VrptwProblem, v: VrptwVehicle, mask: number): number {
  const members = p.orders.map((_, o) => o).filter((o) => mask & (1 << o));
  let best = members.length === 0 ? 0 : Infinity;
  const perm = (seq: number[], rest: number[]): void => {
    if (rest.length === 0) {
      best = Math.min(best, routeCostWithBreaks(p, v, seq));
      return;
    }
    rest.forEach((o, i) => perm([...seq, o], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  if (members.length > 0) perm([], members);
  return best;
}

/** Fixed-fleet optimum: most orders served, then least distance (depots are round trips). */
function bruteForce(p: VrptwProblem): { served: number; distance: number } {
  const n = p.orders.length;
  const K = p.vehicles.length;
  const tours = p.vehicles.map((v) => Array.from({ length: 1 << n }, (_, mask) => bestTour(p, v, mask)));
  let best = { served: -1, distance: Infinity };
  for (let code = 0; code < (K + 1) ** n; code++) {
    const masks = new Array<number>(K).fill(0);
    let served = 0;
    for (let o = 0, c = code; o < n; o++, c = Math.floor(c / (K + 1))) {
      const k = c % (K + 1);
      if (k < K) {
        masks[k]! |= 1 << o;
        served++;
      }
    }
    const d = masks.reduce((a, mask, k) => a + tours[k]![mask]!, 0);
    if (d === Infinity) continue;
    if (served > best.served || (served === best.served && d < best.distance)) best = { served, distance: d };
  }
  return best;
}

const lunch = (open: number, close: number, duration: number, id = 'lunch'): VrptwBreak => ({ id, window: [open, close], duration });

describe('breaks inside shifts', () => {
  it('finds the brute-force optimum on tiny instances, and the breaks change it', () => {
    let changed = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const rng = createRng(seed);
      const n = 5;
      const pts = Array.from({ length: n + 2 }, () => [Math.round(rng() * 60), Math.round(rng() * 60)] as const);
      const orders: VrptwOrder[] = Array.from({ length: n }, (_, k) => {
        const open = Math.round(rng() * 200);
        return { id: `o${k}`, location: k + 2, serviceTime: 20 + Math.round(rng() * 20), timeWindow: [open, open + 30 + Math.round(rng() * 60)] };
      });
      const shift = [0, 320] as const;
      // Two crews: one with a lunch in the middle of the day, one with a short break and a lunch.
      const vehicles: VrptwVehicle[] = [
        { id: 'a', startLocation: 0, endLocation: 0, shift, breaks: [lunch(100, 160, 40)] },
        { id: 'b', startLocation: 1, endLocation: 1, shift, breaks: [lunch(40, 60, 10, 'coffee'), lunch(150, 200, 40)] },
      ];
      const p = problemOn(pts, orders, vehicles);
      const plan = solveVrptw(p, { seed, objective: 'distance', ...exact });
      const check = checkPlan(p, plan);
      expect(check.errors).toEqual([]);
      const optimum = bruteForce(p);
      expect(orders.length - plan.unassigned.length).toBe(optimum.served);
      expect(plan.distance).toBeCloseTo(optimum.distance, 6);
      const free = bruteForce({ ...p, vehicles: vehicles.map((v) => ({ ...v, breaks: [] })) });
      if (free.served !== optimum.served || free.distance !== optimum.distance) changed++;
      for (const r of plan.routes) expect(r.breaks.map((b) => b.id).sort()).toEqual(p.vehicles[r.vehicle]!.breaks!.map((b) => b.id).sort());
    }
    // The test would prove little if breaks never mattered.
    expect(changed).toBeGreaterThan(0);
  });

  it('gives the order to another crew when the break leaves no room for it', () => {
    // The near crew must lunch 100–160; the order must start between 90 and 130 and takes 40.
    const pts = [
      [0, 0],
      [50, 0],
      [5, 0],
    ] as const;
    const orders: VrptwOrder[] = [{ id: 'meter', location: 2, serviceTime: 40, timeWindow: [90, 130] }];
    const near: VrptwVehicle = { id: 'near', startLocation: 0, endLocation: 0, shift: [0, 480] };
    const far: VrptwVehicle = { id: 'far', startLocation: 1, endLocation: 1, shift: [0, 480] };
    const without = solveVrptw(problemOn(pts, orders, [near, far]), { seed: 1, objective: 'distance', maxIterations: 300, timeLimitSeconds: Infinity });
    expect(without.routes.map((r) => r.vehicleId)).toEqual(['near']);
    const p = problemOn(pts, orders, [{ ...near, breaks: [lunch(100, 100, 60)] }, far]);
    const plan = solveVrptw(p, { seed: 1, objective: 'distance', maxIterations: 300, timeLimitSeconds: Infinity });
    expect(plan.routes.map((r) => r.vehicleId)).toEqual(['far']);
    expect(checkPlan(p, plan).errors).toEqual([]);
    // An unused crew has no route, so no break to place.
    expect(plan.routes[0]!.breaks).toEqual([]);
  });

  it('takes the break on arrival while waiting for a window, and reports where it falls', () => {
    const pts = [
      [0, 0],
      [30, 0],
      [60, 0],
    ] as const;
    const orders: VrptwOrder[] = [
      { id: 'early', location: 1, serviceTime: 10, timeWindow: [0, 100] },
      { id: 'late', location: 2, serviceTime: 10, timeWindow: [150, 160] },
    ];
    const crew: VrptwVehicle = { id: 'c', startLocation: 0, endLocation: 0, shift: [0, 400], breaks: [lunch(60, 120, 60)] };
    const p = problemOn(pts, orders, [crew]);
    const plan = solveVrptw(p, { seed: 2, objective: 'distance', maxIterations: 300, timeLimitSeconds: Infinity });
    expect(checkPlan(p, plan).errors).toEqual([]);
    const [route] = plan.routes;
    expect(route!.stops.map((s) => [s.orderId, s.arrival, s.start, s.departure])).toEqual([
      ['early', 30, 30, 40],
      ['late', 70, 150, 160],
    ]);
    // Arrives at 70, lunches 70–130 in front of the customer, serves at 150: no time lost.
    expect(route!.breaks).toEqual([{ id: 'lunch', start: 70, end: 130, afterStop: 0 }]);
    expect(route!.end).toBe(220);
    expect(route!.distance).toBe(120);
  });

  it('places a break before the first stop and before going home, driving first when that costs nothing', () => {
    const pts = [
      [0, 0],
      [10, 0],
    ] as const;
    const orders: VrptwOrder[] = [{ id: 'only', location: 1, serviceTime: 10, timeWindow: [100, 110] }];
    const crew: VrptwVehicle = { id: 'c', startLocation: 0, endLocation: 0, shift: [0, 300], breaks: [lunch(0, 20, 30, 'briefing'), lunch(200, 250, 30, 'end')] };
    const p = problemOn(pts, orders, [crew]);
    const plan = solveVrptw(p, { seed: 1, objective: 'distance', maxIterations: 200, timeLimitSeconds: Infinity });
    expect(checkPlan(p, plan).errors).toEqual([]);
    expect(plan.routes[0]!.breaks).toEqual([
      { id: 'briefing', start: 10, end: 40, afterStop: -1 },
      { id: 'end', start: 200, end: 230, afterStop: 0 },
    ]);
    expect(plan.routes[0]!.end).toBe(230);
  });

  it('leaves out with a reason an order that fits no shift once the breaks are taken', () => {
    // Alone it fits (start 10, done 70, home 80), but the lunch 20–80 must start inside it.
    const pts = [
      [0, 0],
      [10, 0],
    ] as const;
    const orders: VrptwOrder[] = [
      { id: 'long', location: 1, serviceTime: 60, timeWindow: [10, 10] },
      { id: 'fine', location: 1, serviceTime: 5 },
    ];
    const p = problemOn(pts, orders, [{ id: 'c', startLocation: 0, endLocation: 0, shift: [0, 200], breaks: [lunch(20, 30, 60)] }]);
    for (const objective of ['distance', 'vehicles'] as const) {
      const plan = solveVrptw(p, { seed: 1, objective, maxIterations: 200, timeLimitSeconds: Infinity });
      expect(plan.unassigned).toEqual([{ order: 0, orderId: 'long', reason: 'window_outside_shifts' }]);
      expect(plan.routes[0]!.stops.map((s) => s.orderId)).toEqual(['fine']);
      expect(checkPlan(p, plan).errors).toEqual([]);
    }
  });

  it('is deterministic for a seed, breaks included', () => {
    const p = crewsWithLunch(5);
    const a = solveVrptw(p, { seed: 5, maxIterations: 600, timeLimitSeconds: Infinity, objective: 'distance' });
    const b = solveVrptw(p, { seed: 5, maxIterations: 600, timeLimitSeconds: Infinity, objective: 'distance' });
    expect(a.routes).toEqual(b.routes);
    expect(a.unassigned).toEqual(b.unassigned);
  });

  it('rejects bad breaks with a clear error', () => {
    const base: VrptwVehicle = { id: 'crew-1', startLocation: 0, endLocation: 0, shift: [480, 1020] };
    const solve = (breaks: VrptwBreak[]): VrptwPlan =>
      solveVrptw(problemOn([[0, 0]], [], [{ ...base, breaks }]), { maxIterations: 10, timeLimitSeconds: Infinity });
    expect(() => solve([lunch(400, 500, 30)])).toThrow(/crew-1: break lunch: window \[400, 500\] \(duration 30\) is not inside the shift \[480, 1020\]/);
    expect(() => solve([lunch(900, 1100, 30)])).toThrow(/not inside the shift/);
    expect(() => solve([lunch(1000, 1010, 30)])).toThrow(/not inside the shift/);
    expect(() => solve([lunch(720, 840, -5)])).toThrow(/crew-1: break lunch: duration -5 must be a non-negative number/);
    expect(() => solve([lunch(840, 720, 30)])).toThrow(/earliest first/);
    expect(() => solve([lunch(720, 840, 30), lunch(900, 960, 10)])).toThrow(/break lunch: id used twice/);
    expect(() => solve([{ id: '', window: [720, 840], duration: 30 }])).toThrow(/non-empty string/);
    expect(() => solve([lunch(Number.NaN, 840, 30)])).toThrow(/finite numbers/);
    expect(solve([lunch(720, 840, 30)]).routes).toEqual([]);
  });
});

/** The checker's crews (three depots, two shifts, skills), each with a lunch in its shift. */
function crewsWithLunch(seed: number): VrptwProblem {
  const rng = createRng(seed);
  const n = 60;
  const L = n + 3;
  const pts = Array.from({ length: L }, () => [rng() * 20_000, rng() * 20_000] as const);
  const travelTime = new Float64Array(L * L);
  for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) travelTime[i * L + j] = Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]) / 10;
  const skills = ['meter', 'cut', 'hv'];
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
        requiredSkills: rng() < 0.3 ? [skills[Math.floor(rng() * skills.length)]!] : [],
      };
    }),
    vehicles: Array.from({ length: 8 }, (_, k) => {
      const morning = k % 2 === 0;
      const shift = morning ? ([7 * 3600, 15 * 3600] as const) : ([11 * 3600, 19 * 3600] as const);
      const breaks: VrptwBreak[] = morning
        ? [lunch(11 * 3600, 12 * 3600, 1800), { id: 'coffee', window: [9 * 3600, 9.5 * 3600], duration: 600 }]
        : [lunch(14 * 3600, 15 * 3600, 1800)];
      return { id: `crew-${k}`, startLocation: k % 3, endLocation: (k + 1) % 3, shift, capacity: 15, skills: skills.filter((_, s) => (k >> s) & 1 || s === 0), breaks };
    }),
  };
}

describe('checkPlan with breaks', () => {
  for (const seed of [1, 2, 3]) {
    for (const objective of ['distance', 'vehicles'] as const) {
      it(`accepts the solver's plans for crews with lunches (seed ${seed}, objective ${objective})`, () => {
        const problem = crewsWithLunch(seed);
        const plan = solveVrptw(problem, { seed, objective, maxIterations: 1500, timeLimitSeconds: Infinity });
        expect(checkPlan(problem, plan).errors).toEqual([]);
        expect(plan.routes.length).toBeGreaterThan(0);
        for (const r of plan.routes) {
          expect(r.breaks.length).toBe(problem.vehicles[r.vehicle]!.breaks!.length);
          for (const b of r.breaks) {
            const spec = problem.vehicles[r.vehicle]!.breaks!.find((x) => x.id === b.id)!;
            expect(b.start).toBeGreaterThanOrEqual(spec.window[0]);
            expect(b.start).toBeLessThanOrEqual(spec.window[1]);
          }
        }
      });
    }
  }

  const problem = crewsWithLunch(4);
  const plan = solveVrptw(problem, { seed: 4, objective: 'distance', maxIterations: 800, timeLimitSeconds: Infinity });
  const route = plan.routes.find((r) => r.stops.length >= 2)!;
  const withRoute = (changed: typeof route): VrptwPlan => ({ ...plan, routes: plan.routes.map((r) => (r === route ? changed : r)) });

  it('accepts the plan as solved (the cases below each change one thing)', () => {
    expect(checkPlan(problem, plan).errors).toEqual([]);
  });

  it('rejects a used crew with a break missing', () => {
    const errors = checkPlan(problem, withRoute({ ...route, breaks: route.breaks.slice(1) })).errors.join('\n');
    expect(errors).toMatch(new RegExp(`${route.vehicleId}: break ${route.breaks[0]!.id} missing`));
  });

  it('rejects a break outside its window', () => {
    const [first, ...rest] = route.breaks;
    const spec = problem.vehicles[route.vehicle]!.breaks!.find((b) => b.id === first!.id)!;
    const late = { ...first!, start: spec.window[1] + 60, end: spec.window[1] + 60 + spec.duration };
    expect(checkPlan(problem, withRoute({ ...route, breaks: [late, ...rest] })).errors.join('\n')).toMatch(/outside its window/);
  });

  it('rejects a break overlapping a service', () => {
    // Moved to the gap after the first stop but still starting during that stop's service.
    const stop = route.stops[0]!;
    const b = route.breaks[0]!;
    const moved = { ...b, afterStop: 0, start: stop.departure - 1, end: stop.departure - 1 + (b.end - b.start) };
    const spec = problem.vehicles[route.vehicle]!.breaks!.find((x) => x.id === b.id)!;
    const p = { ...problem, vehicles: problem.vehicles.map((v, k) => (k === route.vehicle ? { ...v, breaks: v.breaks!.map((x) => (x === spec ? { ...x, window: [0, 24 * 3600] as const } : x)) } : v)) };
    expect(checkPlan(p, withRoute({ ...route, breaks: [moved, ...route.breaks.slice(1)] })).errors.join('\n')).toMatch(new RegExp(`break ${b.id} starts at ${stop.departure - 1}, before the service before it ends`));
  });

  it('rejects times that ignore a break', () => {
    const noBreakTimes = { ...route, stops: route.stops.map((s) => ({ ...s, arrival: s.arrival - 1800, start: s.start - 1800, departure: s.departure - 1800 })) };
    expect(checkPlan(problem, withRoute(noBreakTimes)).errors.join('\n')).toMatch(/reported arrival\/start/);
  });

  it('rejects a break of the wrong length or not in the route', () => {
    const b = route.breaks[0]!;
    expect(checkPlan(problem, withRoute({ ...route, breaks: [{ ...b, end: b.end - 1 }, ...route.breaks.slice(1)] })).errors.join('\n')).toMatch(/its duration is/);
    expect(checkPlan(problem, withRoute({ ...route, breaks: [{ ...b, afterStop: route.stops.length }, ...route.breaks.slice(1)] })).errors.join('\n')).toMatch(/not in -1\.\./);
    expect(checkPlan(problem, withRoute({ ...route, breaks: [...route.breaks, { ...b, id: 'siesta' }] })).errors.join('\n')).toMatch(/unknown break siesta/);
  });
});

describe('one-break insertion test', () => {
  it('agrees with the exact programme wherever it decides', () => {
    let decided = 0;
    let fits = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rng = createRng(seed);
      const n = 9;
      const pts = Array.from({ length: n + 1 }, () => [Math.round(rng() * 60), Math.round(rng() * 60)] as const);
      const orders: VrptwOrder[] = Array.from({ length: n }, (_, k) => {
        const open = Math.round(rng() * 300);
        return { id: `o${k}`, location: k + 1, serviceTime: 10 + Math.round(rng() * 20), ...(rng() < 0.6 ? { timeWindow: [open, open + 20 + Math.round(rng() * 80)] as const } : {}) };
      });
      const open = 80 + Math.round(rng() * 100);
      const vehicle: VrptwVehicle = { id: 'v', startLocation: 0, endLocation: 0, shift: [0, 420], breaks: [lunch(open, open + Math.round(rng() * 60), 20 + Math.round(rng() * 30))] };
      const model = buildModel(problemOn(pts, orders, [vehicle]), { fixedFleet: true });
      // a feasible route built greedily, then every (order, gap) outside it tested both ways
      const route = new Route(model, 0, []);
      for (let o = 0; o < n && route.seq.length < 5; o++) {
        for (let p = 0; p <= route.seq.length; p++) {
          if (breaksFit(model, 0, route.seq, p, o)) {
            route.insert(model, p, o);
            break;
          }
        }
      }
      expect(route.feasible).toBe(true);
      for (let o = 0; o < n; o++) {
        if (route.seq.includes(o)) continue;
        for (let p = 0; p <= route.seq.length; p++) {
          const exact = breaksFit(model, 0, route.seq, p, o);
          expect(insertionFits(model, 0, route.seq, route.brk!, true, p, o)).toBe(exact);
          const slack = oneBreakSlack(model, route, p, o);
          if (Math.abs(slack) > EPS) {
            decided++;
            expect(slack > 0, `seed ${seed}, order ${o} at ${p}`).toBe(exact);
          }
          if (exact) fits++;
        }
      }
    }
    expect(decided).toBeGreaterThan(500);
    expect(fits).toBeGreaterThan(50);
  });
});
