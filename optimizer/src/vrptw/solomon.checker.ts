/**
 * Independent checker of Solomon solutions. It shares no code with the solver on purpose: it
 * recomputes everything from the instance's coordinates, so a bug in the solver's caches
 * cannot hide behind the same bug in the check.
 */
import type { SolomonInstance } from './solomon.reader.ts';

export interface SolomonCheck {
  readonly feasible: boolean;
  /** One message per violation, naming the route (1-based) and customer. */
  readonly errors: readonly string[];
  readonly vehicles: number;
  /** Total Euclidean distance, recomputed from scratch. */
  readonly distance: number;
}

/**
 * Checks routes given as lists of customer numbers (depot 0 implied at both ends): each
 * customer exactly once, capacity, time windows (waiting allowed, service must start by the
 * due date), return to the depot by its due date, and at most the instance's vehicle count.
 * Empty routes are ignored.
 *
 * @example
 * const check = checkSolomonSolution(instance, [[5, 3, 7], [2, 1]]);
 * if (!check.feasible) console.error(check.errors.join('\n'));
 */
export function checkSolomonSolution(inst: SolomonInstance, routes: readonly (readonly number[])[]): SolomonCheck {
  const errors: string[] = [];
  const cs = inst.customers;
  const n = cs.length - 1;
  const depot = cs[0]!;
  const seen = new Array<number>(n + 1).fill(0);
  const dist = (a: { x: number; y: number }, b: { x: number; y: number }): number => Math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2);
  let total = 0;
  let used = 0;
  routes.forEach((route, r) => {
    if (route.length === 0) return;
    used++;
    let load = 0;
    let t = depot.ready;
    let prev = depot;
    for (const id of route) {
      const c = Number.isInteger(id) && id >= 1 && id <= n ? cs[id] : undefined;
      if (c === undefined) {
        errors.push(`route ${r + 1}: unknown customer ${id}`);
        continue;
      }
      seen[id]!++;
      const leg = dist(prev, c);
      total += leg;
      const arrival = t + prev.service + leg;
      t = Math.max(arrival, c.ready);
      if (t > c.due) errors.push(`route ${r + 1}: customer ${id} served at ${t.toFixed(4)} after its due date ${c.due}`);
      load += c.demand;
      prev = c;
    }
    const leg = dist(prev, depot);
    total += leg;
    const back = t + prev.service + leg;
    if (back > depot.due) errors.push(`route ${r + 1}: back at the depot at ${back.toFixed(4)} after ${depot.due}`);
    if (load > inst.capacity) errors.push(`route ${r + 1}: load ${load} over capacity ${inst.capacity}`);
  });
  for (let id = 1; id <= n; id++) {
    if (seen[id] === 0) errors.push(`customer ${id} not visited`);
    else if (seen[id]! > 1) errors.push(`customer ${id} visited ${seen[id]} times`);
  }
  if (used > inst.vehicleCount) errors.push(`${used} vehicles used; the instance has ${inst.vehicleCount}`);
  return { feasible: errors.length === 0, errors, vehicles: used, distance: total };
}
