/**
 * Independent checker of plans for the general problem (crews, skills, shifts, several
 * depots). Like the Solomon checker it shares no code with the solver: it recomputes every
 * schedule from the problem, so callers (tests, the server before dispatching a plan) can
 * trust a plan without trusting the search.
 */
import type { PlannedRoute, TravelMatrix, VrptwPlan, VrptwProblem, VrptwVehicle } from './vrptw.types.ts';

export interface PlanCheck {
  readonly feasible: boolean;
  readonly errors: readonly string[];
  /** Total distance recomputed from the problem's matrices. */
  readonly distance: number;
}

function lookup(m: TravelMatrix, L: number): (i: number, j: number) => number {
  return typeof m === 'function' ? m : (i, j) => m[i * L + j]!;
}

interface CheckedBreak {
  readonly id: string;
  readonly start: number;
  readonly duration: number;
}

/**
 * The route's reported breaks grouped by the gap they fall in (`afterStop`), each in time
 * order, after checking that every break of the vehicle is there once, inside its window, with
 * its duration.
 */
function breaksByBoundary(v: VrptwVehicle, route: PlannedRoute, errors: string[]): Map<number, CheckedBreak[]> {
  const out = new Map<number, CheckedBreak[]>();
  const declared = new Map((v.breaks ?? []).map((b) => [b.id, b]));
  const reported = route.breaks ?? [];
  const taken = new Set<string>();
  for (const r of reported) {
    const b = declared.get(r.id);
    if (b === undefined) {
      errors.push(`${v.id}: unknown break ${r.id}`);
      continue;
    }
    if (taken.has(r.id)) errors.push(`${v.id}: break ${r.id} taken twice`);
    taken.add(r.id);
    const [open, latest] = b.window;
    if (r.start < open || r.start > latest) errors.push(`${v.id}: break ${r.id} starts at ${r.start}, outside its window [${open}, ${latest}]`);
    if (Math.abs(r.end - r.start - b.duration) > 1e-6 * Math.max(1, Math.abs(r.end))) errors.push(`${v.id}: break ${r.id} reported ${r.start}–${r.end}, its duration is ${b.duration}`);
    if (!Number.isInteger(r.afterStop) || r.afterStop < -1 || r.afterStop >= route.stops.length) {
      errors.push(`${v.id}: break ${r.id} after stop ${r.afterStop}, not in -1..${route.stops.length - 1}`);
      continue;
    }
    const list = out.get(r.afterStop) ?? [];
    list.push({ id: r.id, start: r.start, duration: b.duration });
    out.set(r.afterStop, list);
  }
  // A used crew takes every break; an unused one has no route at all.
  for (const id of declared.keys()) if (!taken.has(id)) errors.push(`${v.id}: break ${id} missing`);
  for (const list of out.values()) list.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * Checks a plan against its problem: every order in exactly one route or in `unassigned`,
 * each vehicle used at most once, skills, capacity, windows (service starts inside; early
 * arrival waits), shifts (leave no earlier than the start, back at the end depot by the end),
 * breaks (each break of a used vehicle taken once, starting inside its window, where the plan
 * says, overlapping no drive, service or other break: the drive of a gap is done in the first
 * slot between its breaks long enough for it), and that the times and distances the plan
 * reports are the recomputed ones.
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
    const atBoundary = breaksByBoundary(v, route, errors);
    let at = v.startLocation;
    let depart = v.shift[0];
    let load = 0;
    let d = 0;
    for (let k = 0; k <= route.stops.length; k++) {
      const stop = route.stops[k];
      const o = stop === undefined ? undefined : problem.orders[stop.order];
      if (stop !== undefined && o === undefined) {
        errors.push(`${v.id}: unknown order ${stop.order}`);
        continue;
      }
      const to = o === undefined ? v.endLocation : o.location;
      // Breaks of this gap, in time order; the drive happens in the first free slot long enough.
      const leg = time(at, to);
      let cursor = depart;
      let arrival: number | null = null;
      for (const b of atBoundary.get(k - 1) ?? []) {
        if (arrival === null && cursor + leg <= b.start) arrival = cursor = cursor + leg;
        if (b.start < cursor) errors.push(`${v.id}: break ${b.id} starts at ${b.start}, before ${k === 0 ? 'the shift starts or ' : 'the service before it ends or '}the previous break or drive ends at ${cursor}`);
        cursor = b.start + b.duration;
      }
      if (arrival === null) arrival = cursor = cursor + leg;
      d += dist(at, to);
      at = to;
      if (o === undefined || stop === undefined) {
        depart = cursor;
        break;
      }
      seen[stop.order]!++;
      for (const s of o.requiredSkills ?? []) if (!skills.includes(s)) errors.push(`${v.id}: lacks skill ${s} for ${o.id}`);
      const [open, due] = o.timeWindow ?? [-Infinity, Infinity];
      const start = Math.max(cursor, open);
      if (start > due) errors.push(`${v.id}: ${o.id} starts at ${start} after its window closes at ${due}`);
      if (!close(stop.arrival, arrival) || !close(stop.start, start)) {
        errors.push(`${v.id}: ${o.id} reported arrival/start ${stop.arrival}/${stop.start}, recomputed ${arrival}/${start}`);
      }
      if (!close(stop.departure, start + o.serviceTime)) errors.push(`${v.id}: ${o.id} reported departure ${stop.departure}, recomputed ${start + o.serviceTime}`);
      load += o.demand ?? 0;
      depart = start + o.serviceTime;
    }
    if (!close(route.end, depart)) errors.push(`${v.id}: reported end ${route.end}, recomputed ${depart}`);
    const back = depart;
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
