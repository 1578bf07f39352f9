/**
 * 2-opt* (Potvin & Rousseau 1995): exchange the tails of two routes. Ruin and recreate moves
 * customers a few at a time and rarely swaps whole tails, which long routes (Solomon's type 2)
 * need; this descent fills that gap. Each move is tested in O(1) from the routes' caches.
 */
import { breaksFit } from './breaks.ts';
import { EPS, Route } from './route.ts';
import { Solution } from './ruin-recreate.ts';
import type { Model } from './vrptw.model.ts';

/** Prefix loads: `out[k]` = demand of the first k orders. */
function prefixLoads(model: Model, r: Route): Float64Array {
  const out = new Float64Array(r.seq.length + 1);
  for (let k = 0; k < r.seq.length; k++) out[k + 1] = out[k]! + model.demand[r.seq[k]!]!;
  return out;
}

/**
 * Applies improving tail exchanges between routes of interchangeable vehicles until none is
 * left (best improvement per pair of routes). Returns a new solution when something improved,
 * else `s` itself; `s` is never modified.
 */
export function twoOptStar(model: Model, s: Solution): Solution {
  const { L, time, cost, service } = model;
  let routes = s.routes.slice();
  let improved = false;
  let again = true;
  let passes = 0;
  while (again && passes++ < 50) {
    again = false;
    for (let a = 0; a < routes.length; a++) {
      for (let b = a + 1; b < routes.length; b++) {
        const A = routes[a]!;
        const B = routes[b]!;
        // Tails keep their end-depot deadlines only between vehicles of the same class.
        if (model.vClass[A.veh] !== model.vClass[B.veh]) continue;
        const lenA = A.seq.length;
        const lenB = B.seq.length;
        if (lenA === 0 || lenB === 0) continue; // emptied earlier in this pass
        const cap = model.vCap[A.veh]!;
        const preA = prefixLoads(model, A);
        const preB = prefixLoads(model, B);
        let bestDelta = -1e-7;
        let bi = -1;
        let bj = -1;
        for (let i = 0; i <= lenA; i++) {
          const li = A.locAt(i);
          const depA = A.start[i]! + (i === 0 ? 0 : service[A.seq[i - 1]!]!);
          const lNextA = A.locAt(i + 1);
          for (let j = 0; j <= lenB; j++) {
            if ((i === 0 && j === 0) || (i === lenA && j === lenB)) continue;
            if (preA[i]! + B.load - preB[j]! > cap || preB[j]! + A.load - preA[i]! > cap) continue;
            const lj = B.locAt(j);
            const lNextB = B.locAt(j + 1);
            const delta = cost[li * L + lNextB]! + cost[lj * L + lNextA]! - cost[li * L + lNextA]! - cost[lj * L + lNextB]!;
            if (delta >= bestDelta) continue;
            if (depA + time[li * L + lNextB]! > B.latest[j + 1]! - EPS) continue;
            const depB = B.start[j]! + (j === 0 ? 0 : service[B.seq[j - 1]!]!);
            if (depB + time[lj * L + lNextA]! > A.latest[i + 1]! - EPS) continue;
            // Same class, same breaks: the tests above are a relaxation, check both new routes.
            if (model.breaks[A.veh] !== null) {
              if (!breaksFit(model, A.veh, A.seq.slice(0, i).concat(B.seq.slice(j)))) continue;
              if (!breaksFit(model, B.veh, B.seq.slice(0, j).concat(A.seq.slice(i)))) continue;
            }
            bestDelta = delta;
            bi = i;
            bj = j;
          }
        }
        if (bi < 0) continue;
        const newA = new Route(model, A.veh, A.seq.slice(0, bi).concat(B.seq.slice(bj)));
        const newB = new Route(model, B.veh, B.seq.slice(0, bj).concat(A.seq.slice(bi)));
        routes[a] = newA;
        routes[b] = newB;
        improved = true;
        again = true;
      }
    }
    routes = routes.filter((r) => r.seq.length > 0);
  }
  return improved ? new Solution(routes, s.bank.slice()) : s;
}
