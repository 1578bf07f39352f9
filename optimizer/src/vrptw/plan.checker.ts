/**
 * Independent checker of plans for the general problem (crews, skills, shifts, several
 * depots). Like the Solomon checker it shares no code with the solver: it recomputes every
 * schedule from the problem, so callers (tests, the server before dispatching a plan) can
 * trust a plan without trusting the search.
 */
import type { TravelMatrix, VrptwPlan, VrptwProblem } from './vrptw.types.ts';

export interface PlanCheck {
  readonly feasible: boolean;
  readonly errors: readonly string[];
  /** Total distance recomputed from the problem's matrices. */
  readonly distance: number;
}

function lookup(m: TravelMatrix, L: number): (i: number, j: number) => number {
  return typeof m === 'function' ? m : (i, j) => m[i * L + j]!;
}

/**
 * Checks a plan against its problem: every order in exactly one route or in `unassigned`,
 * each vehicle used at most once, skills, capacity, windows (service starts inside; early
 * arrival waits), shifts (leave no earlier than the start, back at the end depot by the end),
 * and that the times and distances the plan reports are the recomputed ones.
 *
 * @example
 * const plan = solveVrptw(problem, { seed: 1 });
 * const check = checkPlan(problem, plan);
 * if (!check.feasible) throw new Error(check.errors.join('; '));
 */
export function checkPlan(problem: VrptwProblem, plan: VrptwPlan): PlanCheck {
  const errors: string[] = [];
  const L = problem.locationCount;
  const time = lookup(problem.travelTime, L);
  const dist = lookup(problem.distance ?? problem.travelTime, L);
  const seen = new Array<number>(problem.orders.length).fill(0);
  const usedVehicles = new Set<number>();
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  let total = 0;

  for (const route of plan.routes) {
    const v = problem.vehicles[route.vehicle];
    if (v === undefined) {
      errors.push(`route of unknown vehicle ${route.vehicle}`);
      continue;
    }
    if (usedVehicles.has(route.vehicle)) errors.push(`vehicle ${v.id} has two routes`);
    usedVehicles.add(route.vehicle);
    const skills = v.skills ?? [];
    let at = v.startLocation;
    let depart = v.shift[0];
    let load = 0;
    let d = 0;
    for (const stop of route.stops) {
      const o = problem.orders[stop.order];
      if (o === undefined) {
        errors.push(`${v.id}: unknown order ${stop.order}`);
        continue;
      }
      seen[stop.order]!++;
      for (const s of o.requiredSkills ?? []) if (!skills.includes(s)) errors.push(`${v.id}: lacks skill ${s} for ${o.id}`);
      const arrival = depart + time(at, o.location);
      const [open, due] = o.timeWindow ?? [-Infinity, Infinity];
      const start = Math.max(arrival, open);
      if (start > due) errors.push(`${v.id}: ${o.id} starts at ${start} after its window closes at ${due}`);
      if (!close(stop.arrival, arrival) || !close(stop.start, start)) {
        errors.push(`${v.id}: ${o.id} reported arrival/start ${stop.arrival}/${stop.start}, recomputed ${arrival}/${start}`);
      }
      d += dist(at, o.location);
      load += o.demand ?? 0;
      at = o.location;
      depart = start + o.serviceTime;
    }
    const back = depart + time(at, v.endLocation);
    d += dist(at, v.endLocation);
    total += d;
    if (back > v.shift[1]) errors.push(`${v.id}: back at ${back} after its shift ends at ${v.shift[1]}`);
    if (load > (v.capacity ?? Infinity)) errors.push(`${v.id}: load ${load} over capacity ${v.capacity}`);
    if (!close(route.distance, d)) errors.push(`${v.id}: reported distance ${route.distance}, recomputed ${d}`);
  }
  for (const u of plan.unassigned) {
    if (seen[u.order] === undefined) errors.push(`unknown unassigned order ${u.order}`);
    else seen[u.order]!++;
  }
  seen.forEach((count, i) => {
    const id = problem.orders[i]!.id;
    if (count === 0) errors.push(`order ${id} neither routed nor unassigned`);
    else if (count > 1) errors.push(`order ${id} appears ${count} times`);
  });
  if (!close(plan.distance, total)) errors.push(`reported total distance ${plan.distance}, recomputed ${total}`);
  return { feasible: errors.length === 0, errors, distance: total };
}
