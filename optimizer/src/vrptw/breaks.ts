/**
 * Breaks inside shifts (issue 4: e.g. a 30-minute lunch that must start between 12:00 and
 * 14:00). A break is taken where the crew is, so it adds no travel: right after leaving the
 * start depot, between two stops (after departing one, or on arrival at the next before
 * service, where waiting for the window absorbs it), or before getting back to the end depot.
 *
 * A vehicle's breaks are taken in the order of their windows (earliest start, then latest
 * start), which is what a planner means by "lunch, then the afternoon break". The schedule of
 * a route is then a forward dynamic programme over its positions whose state is how many
 * breaks are behind the crew; times are monotone (FIFO: leaving later never arrives earlier),
 * so the earliest time of each state dominates and one value per state is enough. O(n·b) per
 * route for n stops and b breaks.
 *
 * The search keeps its O(1) tests on schedules computed without breaks: breaks only delay, so
 * those tests are a relaxation, and for a vehicle with breaks a candidate that passes is then
 * checked exactly here: in O(1) for one break (the day plan's lunch: latest starts with the
 * break taken or still pending, `oneBreakSlack`), else — or when that is too close to call — by
 * the programme restarted at the gap (`insertionFits`).
 */
import type { Model } from './vrptw.model.ts';

/** A vehicle's breaks, sorted in the order they are taken. */
export interface VehicleBreaks {
  readonly count: number;
  /** Allowed start of each break: [open, close]. */
  readonly open: Float64Array;
  readonly close: Float64Array;
  readonly duration: Float64Array;
  /** Caller's ids, in the sorted order. */
  readonly ids: readonly string[];
}

/** Where one break of a planned route falls. */
export interface BreakPlacement {
  /** Index into the vehicle's sorted breaks. */
  readonly index: number;
  readonly start: number;
  /** Index into the route's stops after which it is taken; -1 before the first stop. */
  readonly afterStop: number;
}

const EMPTY: readonly number[] = [];
/** Scratch rows of the programme; grown on demand, never shrunk. */
let rowA = new Float64Array(8);
let rowE = new Float64Array(8);

/** Takes each next break where possible: `row[at + j + 1] = min(row[at + j + 1], end of break j)`. */
function relax(b: VehicleBreaks, row: Float64Array, at = 0): void {
  for (let j = 0; j < b.count; j++) {
    const t = row[at + j]!;
    if (t === Infinity) continue;
    const s = t > b.open[j]! ? t : b.open[j]!;
    if (s > b.close[j]!) continue;
    const e = s + b.duration[j]!;
    if (e < row[at + j + 1]!) row[at + j + 1] = e;
  }
}

/**
 * One stop of the programme: from the departure row `E` at location `from`, drive to order
 * `c`, take breaks on arrival, serve it, take breaks on leaving; `E` becomes the departure row
 * at `c`. False when no state gets there inside the order's window.
 */
function visit(model: Model, b: VehicleBreaks, E: Float64Array, A: Float64Array, from: number, c: number): boolean {
  const m = b.count;
  const t = model.time[from * model.L + model.loc[c]!]!;
  for (let j = 0; j <= m; j++) A[j] = E[j]! + t;
  relax(b, A);
  const ready = model.ready[c]!;
  const due = model.due[c]!;
  let any = false;
  for (let j = 0; j <= m; j++) {
    const a = A[j]!;
    const s = a > ready ? a : ready;
    if (s > due || s === Infinity) E[j] = Infinity;
    else {
      E[j] = s + model.service[c]!;
      any = true;
    }
  }
  relax(b, E);
  return any;
}

/** Whether the departure row `E` at location `from` still gets home in time with every break. */
function home(model: Model, veh: number, b: VehicleBreaks, E: Float64Array, A: Float64Array, from: number): boolean {
  const t = model.time[from * model.L + model.vEnd[veh]!]!;
  for (let j = 0; j <= b.count; j++) A[j] = E[j]! + t;
  relax(b, A);
  return A[b.count]! <= model.vClose[veh]!;
}

function scratch(m: number): void {
  if (rowA.length < m + 1) {
    rowA = new Float64Array(2 * m + 2);
    rowE = new Float64Array(2 * m + 2);
  }
}

/**
 * The programme's departure rows of a route, node by node (`rows[k * (b + 1) + j]`: earliest
 * departure from node k — 0 the start depot, k the k-th stop — with j breaks behind), for
 * insertion tests that start from the node before the gap. `rows` must hold `(len + 1) × (b + 1)`
 * values. Returns whether the route is feasible.
 */
export function forwardRows(model: Model, veh: number, seq: readonly number[], rows: Float64Array): boolean {
  const b = model.breaks[veh]!;
  const W = b.count + 1;
  scratch(b.count);
  const E = rowE;
  E[0] = model.vOpen[veh]!;
  for (let j = 1; j < W; j++) E[j] = Infinity;
  relax(b, E);
  rows.set(E.subarray(0, W), 0);
  let at = model.vStart[veh]!;
  let ok = true;
  for (let k = 0; k < seq.length; k++) {
    const c = seq[k]!;
    if (!visit(model, b, E, rowA, at, c)) ok = false;
    rows.set(E.subarray(0, W), (k + 1) * W);
    at = model.loc[c]!;
  }
  return ok && home(model, veh, b, E, rowA, at);
}

/**
 * Whether order `o` fits before `seq[p]` of a route whose departure rows are `rows`
 * (`forwardRows`), breaks included: the programme restarts from the node before the gap, and
 * once it leaves a later stop no later in any state than the route did (`routeFeasible`), the
 * rest is known to fit (times are monotone). O(len − p) at most.
 */
export function insertionFits(model: Model, veh: number, seq: readonly number[], rows: Float64Array, routeFeasible: boolean, p: number, o: number): boolean {
  const b = model.breaks[veh]!;
  const W = b.count + 1;
  scratch(b.count);
  const E = rowE;
  for (let j = 0; j < W; j++) E[j] = rows[p * W + j]!;
  if (!visit(model, b, E, rowA, p === 0 ? model.vStart[veh]! : model.loc[seq[p - 1]!]!, o)) return false;
  let at = model.loc[o]!;
  for (let q = p; q < seq.length; q++) {
    const c = seq[q]!;
    if (!visit(model, b, E, rowA, at, c)) return false;
    if (routeFeasible) {
      let dominated = true;
      for (let j = 0; j < W && dominated; j++) if (E[j]! > rows[(q + 1) * W + j]!) dominated = false;
      if (dominated) return true;
    }
    at = model.loc[c]!;
  }
  return home(model, veh, b, E, rowA, at);
}

/**
 * Whether vehicle `veh` can serve `seq` — with order `o` inserted before `seq[p]` when
 * `p >= 0` — inside every window and its shift while taking all its breaks. Capacity and
 * skills are not looked at. The vehicle must have breaks (`model.breaks[veh]` not null).
 *
 * @example
 * // Is there room for order 7 between the 2nd and 3rd stops, lunch included?
 * breaksFit(model, veh, route.seq, 2, 7);
 */
export function breaksFit(model: Model, veh: number, seq: readonly number[] = EMPTY, p = -1, o = -1): boolean {
  const b = model.breaks[veh]!;
  scratch(b.count);
  const E = rowE;
  E[0] = model.vOpen[veh]!;
  for (let j = 1; j <= b.count; j++) E[j] = Infinity;
  relax(b, E);
  let at = model.vStart[veh]!;
  const len = seq.length + (p >= 0 ? 1 : 0);
  for (let k = 0; k < len; k++) {
    const c = p < 0 || k < p ? seq[k]! : k === p ? o : seq[k - 1]!;
    if (!visit(model, b, E, rowA, at, c)) return false;
    at = model.loc[c]!;
  }
  return home(model, veh, b, E, rowA, at);
}

/**
 * One break (the day plan's lunch), backward: `out[k]` for stops k = 1..len is the latest
 * service start at stop k from which the rest of the route still fits with the break not yet
 * taken (−∞ when none does); `out[len + 1]` = −∞ (the break comes before home). `latest` is
 * the route's latest service start with no break left to take (Savelsbergh's), `locs` its
 * locations by position. After a stop the break may be taken on leaving it, on arriving at the
 * next (before service), or later; the feasible departures of each choice are all the times up
 * to a bound, so the latest is the largest bound. O(len).
 */
export function latestWithBreakPending(model: Model, veh: number, seq: readonly number[], latest: Float64Array, locs: Int32Array, out: Float64Array): void {
  const b = model.breaks[veh]!;
  const [open, close, d] = [b.open[0]!, b.close[0]!, b.duration[0]!];
  const { L, time, ready, due, service } = model;
  const len = seq.length;
  out[len + 1] = -Infinity;
  for (let k = len; k >= 1; k--) {
    const c = seq[k - 1]!;
    const depart = latestPendingDeparture(open, close, d, time[locs[k]! * L + locs[k + 1]!]!, latest[k + 1]!, out[k + 1]!);
    const s = Math.min(due[c]!, depart - service[c]!);
    out[k] = s < ready[c]! ? -Infinity : s;
  }
}

/**
 * Latest departure over a gap of `drive` with the break still to take, given the latest
 * service start at the far end with the break taken (`doneBy`) and still pending (`pendingBy`).
 */
function latestPendingDeparture(open: number, close: number, d: number, drive: number, doneBy: number, pendingBy: number): number {
  let best = pendingBy - drive;
  const onArrival = Math.min(close, doneBy - d);
  if (open <= onArrival && onArrival - drive > best) best = onArrival - drive;
  const onLeaving = Math.min(close, doneBy - d - drive);
  if (open <= onLeaving && onLeaving > best) best = onLeaving;
  return best;
}

/**
 * One break, O(1): by how much order `o` fits before `seq[p]` (positive: room to spare; negative:
 * it does not fit), from the route's departure rows at the stop before the gap (break taken or
 * not) and its latest starts after it (`latest`, `pend`). The crew may take the break before
 * the gap (row), on arriving at `o`, or with `o` served: on leaving it, at the next stop or later.
 * Only a feasible route's caches mean this; subtractions round, so a caller treats a value
 * within EPS of 0 as undecided.
 */
export function oneBreakSlack(model: Model, r: { veh: number; seq: readonly number[]; brk: Float64Array | null; pend: Float64Array | null; latest: Float64Array; locs: Int32Array }, p: number, o: number): number {
  const b = model.breaks[r.veh]!;
  const [open, close, d] = [b.open[0]!, b.close[0]!, b.duration[0]!];
  const { L, time, loc, ready, due, service } = model;
  const lo = loc[o]!;
  const t1 = time[r.locs[p]! * L + lo]!;
  const t2 = time[lo * L + r.locs[p + 1]!]!;
  const doneBy = r.latest[p + 1]! - t2;
  const pendingBy = latestPendingDeparture(open, close, d, t2, r.latest[p + 1]!, r.pend![p + 1]!);
  const e0 = r.brk![2 * p]!;
  const e1 = r.brk![2 * p + 1]!;
  const ro = ready[o]!;
  const dueO = due[o]!;
  let slack = -Infinity;
  if (e1 !== Infinity) {
    // break already behind
    const a = e1 + t1;
    const s = a > ro ? a : ro;
    if (s <= dueO) slack = doneBy - (s + service[o]!);
  }
  if (e0 !== Infinity) {
    const a = e0 + t1;
    // break on arriving at o, before its service
    const bs = a > open ? a : open;
    if (bs <= close) {
      const s = bs + d > ro ? bs + d : ro;
      if (s <= dueO && doneBy - (s + service[o]!) > slack) slack = doneBy - (s + service[o]!);
    }
    // break after o
    const s = a > ro ? a : ro;
    if (s <= dueO && pendingBy - (s + service[o]!) > slack) slack = pendingBy - (s + service[o]!);
  }
  return slack;
}

/**
 * The breaks of a feasible route on a vehicle with breaks: the same programme as `breaksFit`,
 * keeping every row to walk back from the end. On a tie the break is taken on arrival rather
 * than before leaving: the crew drives first and the time saved is the same, so the reported
 * schedule is the one where travel happens as early as it can (what the checker recomputes).
 * Returns null when the route is infeasible.
 */
export function placeBreaks(model: Model, veh: number, seq: readonly number[]): BreakPlacement[] | null {
  const b = model.breaks[veh]!;
  const m = b.count;
  const W = m + 1;
  const len = seq.length;
  // Rows per node k = 0 (start depot) .. len + 1 (end depot): A after arrival (and breaks
  // taken there), E after departure (and breaks taken there). `via*` = 1 when the value
  // comes from taking break j − 1 at that point.
  const A = new Float64Array((len + 2) * W).fill(Infinity);
  const E = new Float64Array((len + 2) * W).fill(Infinity);
  const viaA = new Uint8Array((len + 2) * W);
  const viaE = new Uint8Array((len + 2) * W);
  const { L, time, loc, ready, due, service } = model;
  const take = (row: Float64Array, via: Uint8Array, base: number, preferBreak: boolean): void => {
    for (let j = 0; j < m; j++) {
      const t = row[base + j]!;
      if (t === Infinity) continue;
      const s = t > b.open[j]! ? t : b.open[j]!;
      if (s > b.close[j]!) continue;
      const e = s + b.duration[j]!;
      if (e < row[base + j + 1]! || (preferBreak && e === row[base + j + 1]!)) {
        row[base + j + 1] = e;
        via[base + j + 1] = 1;
      }
    }
  };
  E[0] = model.vOpen[veh]!;
  take(E, viaE, 0, false);
  let at = model.vStart[veh]!;
  for (let k = 1; k <= len + 1; k++) {
    const c = k <= len ? seq[k - 1]! : -1;
    const lc = c >= 0 ? loc[c]! : model.vEnd[veh]!;
    const t = time[at * L + lc]!;
    for (let j = 0; j <= m; j++) A[k * W + j] = E[(k - 1) * W + j]! + t;
    take(A, viaA, k * W, true);
    if (c < 0) break;
    for (let j = 0; j <= m; j++) {
      const a = A[k * W + j]!;
      const s = a > ready[c]! ? a : ready[c]!;
      E[k * W + j] = s > due[c]! || s === Infinity ? Infinity : s + service[c]!;
    }
    take(E, viaE, k * W, false);
    at = lc;
  }
  if (!(A[(len + 1) * W + m]! <= model.vClose[veh]!)) return null;

  const out: BreakPlacement[] = [];
  let j = m;
  const startOf = (row: Float64Array, i: number): number => {
    const t = row[i]!;
    return t > b.open[j - 1]! ? t : b.open[j - 1]!;
  };
  for (let k = len + 1; k >= 1; k--) {
    // Breaks on arrival at node k, then travel from node k − 1, then breaks on leaving it.
    while (j > 0 && viaA[k * W + j] === 1) {
      out.push({ index: j - 1, start: startOf(A, k * W + j - 1), afterStop: k - 2 });
      j--;
    }
    while (j > 0 && viaE[(k - 1) * W + j] === 1) {
      out.push({ index: j - 1, start: startOf(E, (k - 1) * W + j - 1), afterStop: k - 2 });
      j--;
    }
  }
  return out.reverse();
}
