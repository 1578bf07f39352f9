/**
 * Online insertion (issue 4, engine 2): where does a new order — above all an emergency or a
 * leak — fit into the live plans of the crews, right now? Pure: travel times come from the
 * caller (seconds between two points), no I/O, no clock (the caller passes `now`).
 *
 * For every crew it returns two options:
 * - `preempt`: drive there now from the crew's position, interrupting the current job (which
 *   goes back to the queue or is resumed after);
 * - `after`: the cheapest feasible place in the crew's remaining route, after the current job,
 *   with the delay it causes to the stops that follow.
 * Options are ranked by what the order's priority cares about: an emergency by arrival time,
 * other work by added travel plus lateness caused.
 */

export interface Point {
  lat: number;
  lon: number;
}

export interface PlannedStop {
  orderId: string;
  at: Point;
  /** seconds of work at the stop */
  serviceSeconds: number;
  /** latest allowed start (epoch seconds), if the stop has a window or an appointment */
  latestStart?: number | undefined;
  /** earliest allowed start (epoch seconds) */
  earliestStart?: number | undefined;
}

export interface CrewPlan {
  crewId: string;
  /** where the crew is now (its latest trusted fix, or its base) */
  position: Point;
  /** epoch seconds when the current job is done (now if none) */
  busyUntil: number;
  /** where the crew will be when the current job is done (its place; the position if none) */
  freeAt: Point;
  /** the current job, if any (pre-empting it is an option) */
  currentOrderId: string | null;
  /** the rest of the day's route in sequence */
  route: PlannedStop[];
  /** end of shift (epoch seconds): the crew must finish its last stop by then */
  shiftEnd: number;
  skills: readonly string[];
  equipment: readonly string[];
  available: boolean;
}

export interface NewOrder {
  orderId: string;
  at: Point;
  serviceSeconds: number;
  priority: 'emergency' | 'high' | 'normal' | 'low';
  requiredSkills: readonly string[];
  requiredEquipment: readonly string[];
  earliestStart?: number | undefined;
  latestStart?: number | undefined;
}

export type InsertionOption =
  | {
      crewId: string;
      kind: 'preempt' | 'after';
      feasible: true;
      /** epoch seconds the crew reaches the order */
      arrival: number;
      /** index in the crew's route where the order goes (0 = next) */
      position: number;
      /** extra travel seconds versus the plan */
      addedTravel: number;
      /** seconds of lateness the insertion adds to later stops (beyond their latest start) */
      addedLateness: number;
      /** later stops pushed past their window or the shift */
      breaks: string[];
      cost: number;
    }
  | { crewId: string; kind: 'preempt' | 'after'; feasible: false; reason: 'missing_skill' | 'missing_equipment' | 'unavailable' | 'window' | 'shift_end' };

export type TravelSeconds = (a: Point, b: Point) => number;

/**
 * Ranks every crew's options for a new order.
 *
 * @example
 * const opts = insertOrder({ order, crews, now: Date.now() / 1000, travel: (a, b) => haversine(a, b) * 1.3 / 8.33 });
 * opts.filter((o) => o.feasible)[0]; // the best crew and how (pre-empt or after the current job)
 */
export function insertOrder(opts: { order: NewOrder; crews: readonly CrewPlan[]; now: number; travel: TravelSeconds; limit?: number }): InsertionOption[] {
  const { order, now, travel } = opts;
  const out: InsertionOption[] = [];
  const emergency = order.priority === 'emergency';
  for (const crew of opts.crews) {
    const unfit = fitness(crew, order);
    if (unfit) {
      out.push({ crewId: crew.crewId, kind: 'after', feasible: false, reason: unfit });
      continue;
    }
    if (crew.currentOrderId) out.push(preempt(crew, order, now, travel));
    out.push(bestAfter(crew, order, now, travel));
  }
  const rank = (o: InsertionOption) => (o.feasible ? (emergency ? o.arrival : o.cost) : Number.POSITIVE_INFINITY);
  out.sort((a, b) => rank(a) - rank(b) || a.crewId.localeCompare(b.crewId) || a.kind.localeCompare(b.kind));
  return opts.limit ? out.slice(0, opts.limit) : out;
}

function fitness(crew: CrewPlan, order: NewOrder): 'missing_skill' | 'missing_equipment' | 'unavailable' | null {
  if (!crew.available) return 'unavailable';
  if (order.requiredSkills.some((s) => !crew.skills.includes(s))) return 'missing_skill';
  if (order.requiredEquipment.some((e) => !crew.equipment.includes(e))) return 'missing_equipment';
  return null;
}

/** Start times along a route from a start point and time; returns lateness and the stops broken. */
function simulate(start: Point, t0: number, stops: readonly PlannedStop[], travel: TravelSeconds, shiftEnd: number) {
  let t = t0;
  let at = start;
  let travelled = 0;
  let lateness = 0;
  const breaks: string[] = [];
  const starts: number[] = [];
  for (const s of stops) {
    const leg = travel(at, s.at);
    travelled += leg;
    t = Math.max(t + leg, s.earliestStart ?? Number.NEGATIVE_INFINITY);
    starts.push(t);
    if (s.latestStart !== undefined && t > s.latestStart) {
      lateness += t - s.latestStart;
      breaks.push(s.orderId);
    }
    t += s.serviceSeconds;
    at = s.at;
  }
  if (t > shiftEnd && stops.length) breaks.push('shift_end');
  return { end: t, travelled, lateness, breaks, starts };
}

function preempt(crew: CrewPlan, order: NewOrder, now: number, travel: TravelSeconds): InsertionOption {
  const arrival = Math.max(now + travel(crew.position, order.at), order.earliestStart ?? Number.NEGATIVE_INFINITY);
  if (order.latestStart !== undefined && arrival > order.latestStart) return { crewId: crew.crewId, kind: 'preempt', feasible: false, reason: 'window' };
  if (arrival + order.serviceSeconds > crew.shiftEnd) return { crewId: crew.crewId, kind: 'preempt', feasible: false, reason: 'shift_end' };
  // the interrupted job and the rest of the route resume after the new order
  const before = simulate(crew.freeAt, crew.busyUntil, crew.route, travel, crew.shiftEnd);
  const after = simulate(order.at, arrival + order.serviceSeconds, crew.route, travel, crew.shiftEnd);
  const back = travel(order.at, crew.position);
  const addedTravel = travel(crew.position, order.at) + back;
  const addedLateness = Math.max(0, after.lateness - before.lateness);
  return {
    crewId: crew.crewId,
    kind: 'preempt',
    feasible: true,
    arrival,
    position: 0,
    addedTravel,
    addedLateness,
    breaks: after.breaks.filter((b) => !before.breaks.includes(b)),
    cost: addedTravel + 10 * addedLateness + 1800, // pre-empting work is never free
  };
}

function bestAfter(crew: CrewPlan, order: NewOrder, now: number, travel: TravelSeconds): InsertionOption {
  const t0 = Math.max(now, crew.busyUntil);
  const base = simulate(crew.freeAt, t0, crew.route, travel, crew.shiftEnd);
  let best: Extract<InsertionOption, { feasible: true }> | null = null;
  let reason: 'window' | 'shift_end' = 'window';
  // arrival at position p: simulate the prefix once, incrementally
  let t = t0;
  let at = crew.freeAt;
  for (let p = 0; p <= crew.route.length; p++) {
    const arrival = Math.max(t + travel(at, order.at), order.earliestStart ?? Number.NEGATIVE_INFINITY);
    const next = crew.route[p];
    if (order.latestStart === undefined || arrival <= order.latestStart) {
      const rest = crew.route.slice(p);
      const tail = simulate(order.at, arrival + order.serviceSeconds, rest, travel, crew.shiftEnd);
      const end = rest.length ? tail.end : arrival + order.serviceSeconds;
      if (end > crew.shiftEnd) {
        reason = 'shift_end';
      } else {
        const addedTravel = travel(at, order.at) + (next ? travel(order.at, next.at) - travel(at, next.at) : 0);
        // lateness of the route with the insertion minus without it
        const prefix = simulate(crew.freeAt, t0, crew.route.slice(0, p), travel, crew.shiftEnd);
        const addedLateness = Math.max(0, prefix.lateness + tail.lateness - base.lateness);
        // how much waiting matters: an emergency goes as early as possible in the route
        const urgency = order.priority === 'emergency' ? 10 : order.priority === 'high' ? 0.5 : 0.05;
        const cost = addedTravel + 10 * addedLateness + (arrival - now) * urgency;
        if (!best || cost < best.cost) {
          best = {
            crewId: crew.crewId,
            kind: 'after',
            feasible: true,
            arrival,
            position: p,
            addedTravel,
            addedLateness,
            breaks: tail.breaks.filter((b) => !base.breaks.includes(b)),
            cost,
          };
        }
      }
    }
    if (!next) break;
    t = Math.max(t + travel(at, next.at), next.earliestStart ?? Number.NEGATIVE_INFINITY) + next.serviceSeconds;
    at = next.at;
  }
  return best ?? { crewId: crew.crewId, kind: 'after', feasible: false, reason };
}
