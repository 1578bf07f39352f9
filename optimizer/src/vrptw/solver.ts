/**
 * Public entry point of the day-plan routing engine.
 */
import { buildModel } from './vrptw.model.ts';
import { DEFAULT_SEARCH, search } from './search.ts';
import type { PlannedRoute, PlannedStop, UnassignedOrder, VrptwPlan, VrptwProblem, VrptwSolveOptions } from './vrptw.types.ts';

/**
 * Plans routes for a vehicle-routing problem with time windows: serve as many orders as
 * possible (weighted by priority), then use as few vehicles as possible, then minimize total
 * distance (with `objective: 'distance'`, a fixed fleet: no vehicle level, distance only). An anytime search: it stops at the time or iteration limit and returns the best
 * plan found. Deterministic for a seed and an iteration count.
 *
 * @example
 * const at = [[0, 0], [3, 4], [6, 8]];
 * const plan = solveVrptw(
 *   {
 *     locationCount: 3,
 *     travelTime: (i, j) => Math.hypot(at[i]![0]! - at[j]![0]!, at[i]![1]! - at[j]![1]!),
 *     orders: [
 *       { id: 'wo-1', location: 1, serviceTime: 10, timeWindow: [0, 100], demand: 1 },
 *       { id: 'wo-2', location: 2, serviceTime: 10, timeWindow: [0, 100], demand: 1, requiredSkills: ['meter'] },
 *     ],
 *     vehicles: [{ id: 'crew-1', startLocation: 0, endLocation: 0, shift: [0, 480], capacity: 10, skills: ['meter'] }],
 *   },
 *   { seed: 7, maxIterations: 1000 },
 * );
 * // plan.routes[0].stops.map((s) => s.orderId) → ['wo-1', 'wo-2'] or reversed; plan.distance = 20
 */
export function solveVrptw(problem: VrptwProblem, options: VrptwSolveOptions = {}): VrptwPlan {
  const now = options.clock ?? ((): number => performance.now());
  const t0 = now();
  const model = buildModel(problem, { fixedFleet: options.objective === 'distance' });
  const limitMs = (options.timeLimitSeconds ?? 5) * 1000;
  const serveable: number[] = [];
  const unassigned: UnassignedOrder[] = [];
  model.blocked.forEach((reason, o) => {
    if (reason === null) serveable.push(o);
    else unassigned.push({ order: o, orderId: problem.orders[o]!.id, reason });
  });

  const { best, iterations } = search(
    model,
    {
      ...DEFAULT_SEARCH,
      seed: options.seed ?? 1,
      deadline: t0 + limitMs,
      maxIterations: options.maxIterations ?? Infinity,
      routeMinimizationShare: options.routeMinimizationShare ?? DEFAULT_SEARCH.routeMinimizationShare,
      now,
    },
    serveable,
  );

  for (const o of best.bank) unassigned.push({ order: o, orderId: problem.orders[o]!.id, reason: 'does_not_fit' });
  unassigned.sort((a, b) => a.order - b.order);

  const { L, time, cost, loc, ready, service, demand } = model;
  const routes: PlannedRoute[] = best.routes
    .map((r): PlannedRoute => {
      const stops: PlannedStop[] = [];
      let at = model.vStart[r.veh]!;
      let t = model.vOpen[r.veh]!;
      let prevService = 0;
      let distance = 0;
      let load = 0;
      for (const o of r.seq) {
        const arrival = t + prevService + time[at * L + loc[o]!]!;
        const start = Math.max(arrival, ready[o]!);
        stops.push({ order: o, orderId: problem.orders[o]!.id, arrival, start, departure: start + service[o]! });
        distance += cost[at * L + loc[o]!]!;
        load += demand[o]!;
        at = loc[o]!;
        t = start;
        prevService = service[o]!;
      }
      const end = t + prevService + time[at * L + model.vEnd[r.veh]!]!;
      distance += cost[at * L + model.vEnd[r.veh]!]!;
      return { vehicle: r.veh, vehicleId: problem.vehicles[r.veh]!.id, stops, load, distance, end };
    })
    .sort((a, b) => a.vehicle - b.vehicle);

  return {
    routes,
    unassigned,
    vehicles: routes.length,
    distance: routes.reduce((a, r) => a + r.distance, 0),
    iterations,
    seconds: (now() - t0) / 1000,
  };
}
