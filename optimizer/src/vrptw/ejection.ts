/**
 * Insertion with ejection, after Nagata & Bräysy, "A powerful route minimization heuristic for
 * the vehicle routing problem with time windows" (Operations Research Letters, 2009): when an
 * order fits nowhere, insert it anyway and eject up to `kMax` orders of the same route so that
 * the route becomes feasible again, choosing the ejected set with the smallest sum of penalty
 * counters (orders that were hard to place before are ejected last).
 *
 * The ejected sets of one route and insertion position are enumerated by a depth-first walk
 * along the route (the "lexicographic" order of the paper), pruned on the penalty bound, on
 * time windows, and, once past the inserted order, by the O(1) test against the route's
 * latest-start cache: keeping the rest unchanged is feasible iff we arrive by its latest start.
 */
import { breaksFit } from './breaks.ts';
import { EPS, Route } from './route.ts';
import type { Solution } from './ruin-recreate.ts';
import type { Model } from './vrptw.model.ts';

/**
 * Only orders within this many stops of the insertion point may be ejected: those are the ones
 * whose removal frees time for it, and the limit turns the O(len³) walk per route into
 * O(len · WINDOW²) on long routes.
 */
const WINDOW = 8;

interface Best {
  psum: number;
  cost: number;
  route: number;
  pos: number;
  ejected: number[];
}

/**
 * Inserts bank order `v` into `s` ejecting at most `kMax` orders of one route; the ejected
 * orders join the bank. Returns false (and leaves `s` alone) when no such move exists.
 */
export function insertWithEjection(model: Model, s: Solution, v: number, penalty: Float64Array, kMax: number): boolean {
  const best: Best = { psum: Infinity, cost: Infinity, route: -1, pos: -1, ejected: [] };
  for (let ri = 0; ri < s.routes.length; ri++) {
    const r = s.routes[ri]!;
    if (model.compat[v * model.m + r.veh] !== 1) continue;
    searchRoute(model, r, ri, v, penalty, kMax, best);
  }
  if (best.route < 0) return false;
  const old = s.routes[best.route]!;
  const seq = old.seq.slice();
  seq.splice(best.pos, 0, v);
  const out = new Set(best.ejected);
  const r = new Route(model, old.veh, seq.filter((o) => !out.has(o)));
  s.routes[best.route] = r;
  s.bank = s.bank.filter((o) => o !== v).concat(best.ejected);
  s.routes = s.routes.filter((x) => x.seq.length > 0);
  return true;
}

function searchRoute(model: Model, r: Route, ri: number, v: number, penalty: Float64Array, kMax: number, best: Best): void {
  const { L, time, cost, loc, ready, due, service, demand } = model;
  const seq = r.seq;
  const len = seq.length;
  const veh = r.veh;
  const cap = model.vCap[veh]!;
  const endLoc = model.vEnd[veh]!;
  const close = model.vClose[veh]!;
  // cum[k] = cost from the start depot to position k of the unchanged route.
  const cum = new Float64Array(len + 2);
  let prev = model.vStart[veh]!;
  for (let k = 1; k <= len + 1; k++) {
    const l = k <= len ? loc[seq[k - 1]!]! : endLoc;
    cum[k] = cum[k - 1]! + cost[prev * L + l]!;
    prev = l;
  }
  const ejected: number[] = [];
  let ins = 0;
  const withBreaks = model.breaks[veh] !== null;

  /** Records a candidate; false when the vehicle's breaks do not fit it (the walk goes on). */
  const leaf = (psum: number, c: number): boolean => {
    if (psum < best.psum || (psum === best.psum && c < best.cost - 1e-9)) {
      // The walk ignores breaks (a relaxation): check the candidate exactly.
      if (withBreaks) {
        const cand = seq.slice();
        cand.splice(ins, 0, v);
        if (!breaksFit(model, veh, cand.filter((o) => !ejected.includes(o)))) return false;
      }
      best.psum = psum;
      best.cost = c;
      best.route = ri;
      best.pos = ins;
      best.ejected = ejected.slice();
    }
    return true;
  };

  // j walks the virtual sequence: seq[0..ins-1], v, seq[ins..]; j = len + 1 is the end depot.
  const dfs = (j: number, last: number, depart: number, psum: number, pathCost: number, load: number): void => {
    if (j === len + 1) {
      const back = depart + time[last * L + endLoc]!;
      if (back <= close && load <= cap) leaf(psum, pathCost + cost[last * L + endLoc]!);
      return;
    }
    const c = j < ins ? seq[j]! : j === ins ? v : seq[j - 1]!;
    const lc = loc[c]!;
    const arrival = depart + time[last * L + lc]!;
    const near = j >= ins - WINDOW && j <= ins + WINDOW;
    if (j > ins) {
      // Past the new order, the rest of the route is the old one: O(1) feasibility.
      if (arrival <= r.latest[j]! - EPS) {
        // More ejections could only raise the penalty sum.
        if (load <= cap && leaf(psum, pathCost + cost[last * L + lc]! + cum[len + 1]! - cum[j]!)) return;
      } else if (ejected.length === kMax || !near) {
        return;
      }
    }
    const st = arrival > ready[c]! ? arrival : ready[c]!;
    if (st <= due[c]!) dfs(j + 1, lc, st + service[c]!, psum, pathCost + cost[last * L + lc]!, load);
    if (c !== v && ejected.length < kMax && near) {
      const p = psum + penalty[c]!;
      if (p < best.psum || (p === best.psum && pathCost < best.cost)) {
        ejected.push(c);
        dfs(j + 1, last, depart, p, pathCost, load - demand[c]!);
        ejected.pop();
      }
    }
  };

  // Orders well before the insertion point stay: start the walk from the cached schedule.
  for (ins = 0; ins <= len; ins++) {
    const j0 = Math.max(0, ins - WINDOW);
    dfs(j0, r.locs[j0]!, r.dep[j0]!, 0, cum[j0]!, r.load + demand[v]!);
  }
}
