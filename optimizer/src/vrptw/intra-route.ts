/**
 * Descent inside each route: 2-opt (reverse a segment, Croes 1958) and or-opt (move a run of
 * one to three stops elsewhere in the route, Or 1976). Long routes with wide windows (Solomon's
 * type 2) keep crossings that string removals rarely untangle. Moves are screened by their
 * O(1) cost change and only improving ones pay the O(len) schedule check.
 */
import { breaksFit } from './breaks.ts';
import { Route } from './route.ts';
import { Solution } from './ruin-recreate.ts';
import type { Model } from './vrptw.model.ts';

/** Whether `seq` on vehicle `veh` meets every window, the shift and its breaks (capacity is unchanged). */
function scheduleFits(model: Model, veh: number, seq: readonly number[]): boolean {
  const { L, time, loc, ready, due, service } = model;
  let at = model.vStart[veh]!;
  let t = model.vOpen[veh]!;
  for (const o of seq) {
    const a = t + time[at * L + loc[o]!]!;
    const s = a > ready[o]! ? a : ready[o]!;
    if (s > due[o]!) return false;
    t = s + service[o]!;
    at = loc[o]!;
  }
  if (t + time[at * L + model.vEnd[veh]!]! > model.vClose[veh]!) return false;
  return model.breaks[veh] === null || breaksFit(model, veh, seq);
}

function improveRoute(model: Model, r: Route): Route | null {
  const { L, cost } = model;
  const seq = r.seq.slice();
  let changed = false;
  let again = true;
  let rounds = 0;
  while (again && rounds++ < 20) {
    again = false;
    const n = seq.length;
    // Position k of the route with depots: 0 = start depot, n + 1 = end depot.
    const at = (k: number): number => (k === 0 ? model.vStart[r.veh]! : k === n + 1 ? model.vEnd[r.veh]! : model.loc[seq[k - 1]!]!);
    const c = (a: number, b: number): number => cost[at(a) * L + at(b)]!;
    // 2-opt: reverse positions i..j. Only for symmetric costs, where the inside is unchanged.
    if (model.symmetric) {
      for (let i = 1; i < n && !again; i++) {
        for (let j = i + 1; j <= n; j++) {
          const delta = c(i - 1, j) + c(i, j + 1) - c(i - 1, i) - c(j, j + 1);
          if (delta > -1e-9) continue;
          const cand = seq.slice(0, i - 1).concat(seq.slice(i - 1, j).reverse(), seq.slice(j));
          if (!scheduleFits(model, r.veh, cand)) continue;
          seq.splice(0, n, ...cand);
          again = changed = true;
          break;
        }
      }
    }
    // Or-opt: move positions i..i+len-1 to between q and q+1.
    for (let len = 1; len <= 3 && !again; len++) {
      for (let i = 1; i + len - 1 <= n && !again; i++) {
        const j = i + len - 1;
        const removeGain = c(i - 1, i) + c(j, j + 1) - c(i - 1, j + 1);
        for (let q = 0; q <= n; q++) {
          if (q >= i - 1 && q <= j) continue;
          const delta = c(q, i) + c(j, q + 1) - c(q, q + 1) - removeGain;
          if (delta > -1e-9) continue;
          const segment = seq.slice(i - 1, j);
          const rest = seq.slice(0, i - 1).concat(seq.slice(j));
          const insertAt = q < i ? q : q - len;
          const cand = rest.slice(0, insertAt).concat(segment, rest.slice(insertAt));
          if (!scheduleFits(model, r.veh, cand)) continue;
          seq.splice(0, n, ...cand);
          again = changed = true;
          break;
        }
      }
    }
  }
  return changed ? new Route(model, r.veh, seq) : null;
}

/**
 * Applies the intra-route descent to every route; returns a new solution when something
 * improved, else `s` itself (never modified).
 */
export function improveWithinRoutes(model: Model, s: Solution): Solution {
  let routes: Route[] | null = null;
  s.routes.forEach((r, i) => {
    const better = improveRoute(model, r);
    if (better) {
      routes ??= s.routes.slice();
      routes[i] = better;
    }
  });
  return routes ? new Solution(routes, s.bank.slice()) : s;
}
