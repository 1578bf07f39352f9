/**
 * Public entry point of the day-plan routing engine.
 */
import { placeBreaks } from './breaks.ts';
import { buildModel, type Model } from './vrptw.model.ts';
import { DEFAULT_SEARCH, search } from './search.ts';
import type { PlannedBreak, PlannedRoute, PlannedStop, UnassignedOrder, VrptwPlan, VrptwProblem, VrptwSolveOptions } from './vrptw.types.ts';

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

  const routes: PlannedRoute[] = best.routes.map((r) => planRoute(model, problem, r.veh, r.seq)).sort((a, b) => a.vehicle - b.vehicle);

  return {
    routes,
    unassigned,
    vehicles: routes.length,
    distance: routes.reduce((a, r) => a + r.distance, 0),
    iterations,
    seconds: (now() - t0) / 1000,
  };
}

/**
 * The schedule of one route as reported: breaks where the engine placed them, travel as early
 * as it fits around them (before a break when it fits before it), service as early as allowed.
 */
function planRoute(model: Model, problem: VrptwProblem, veh: number, seq: readonly number[]): PlannedRoute {
  const { L, time, cost, loc, ready, service, demand } = model;
  const b = model.breaks[veh]!;
  const placed = b === null ? [] : placeBreaks(model, veh, seq);
  // Never hand out a plan the engine cannot stand behind.
  if (placed === null) throw new Error(`internal: route of vehicle ${problem.vehicles[veh]!.id} cannot take its breaks`);
  const breaks: PlannedBreak[] = placed.map((p) => ({ id: b!.ids[p.index]!, start: p.start, end: p.start + b!.duration[p.index]!, afterStop: p.afterStop }));
  const stops: PlannedStop[] = [];
  let at = model.vStart[veh]!;
  let cursor = model.vOpen[veh]!;
  let distance = 0;
  let load = 0;
  let next = 0;
  for (let k = 0; k <= seq.length; k++) {
    const to = k < seq.length ? loc[seq[k]!]! : model.vEnd[veh]!;
    const t = time[at * L + to]!;
    let arrival = 0;
    let travelled = false;
    for (; next < breaks.length && breaks[next]!.afterStop === k - 1; next++) {
      const br = breaks[next]!;
      if (!travelled && cursor + t <= br.start) {
        arrival = cursor + t;
        travelled = true;
      }
      cursor = br.end;
    }
    if (!travelled) {
      arrival = cursor + t;
      cursor = arrival;
    }
    distance += cost[at * L + to]!;
    at = to;
    if (k === seq.length) break;
    const o = seq[k]!;
    const start = cursor > ready[o]! ? cursor : ready[o]!;
    stops.push({ order: o, orderId: problem.orders[o]!.id, arrival, start, departure: start + service[o]! });
    load += demand[o]!;
    cursor = start + service[o]!;
  }
  return { vehicle: veh, vehicleId: problem.vehicles[veh]!.id, stops, load, distance, end: cursor, breaks };
}
