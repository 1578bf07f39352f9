import { insertOrder, type CrewPlan, type NewOrder, type TravelSeconds } from './insertion.ts';

export interface SlotWindow {
  /** epoch seconds */
  start: number;
  end: number;
}

export interface SlotOffer extends SlotWindow {
  feasible: boolean;
  /** the crew whose plan it fits best */
  crewId: string | null;
  addedTravel: number | null;
  /** lower is better: added travel, lateness caused, and missing the SLA */
  score: number | null;
  /** the slot starts after the order's resolve-by time */
  breaksSla: boolean;
}

/**
 * Appointment slots for an order (issue 4, engine 3): each window is tried against every crew's
 * current plan with the order constrained to start inside it; a slot is offered when some crew
 * can take it without breaking its other appointments, scored by added travel and the SLA.
 *
 * @example
 * offerSlots({ order, crews, windows: twoHourWindows(now, 3), now, travel, resolveBy })
 *   .filter((s) => s.feasible).slice(0, 5);
 */
export function offerSlots(opts: {
  order: Omit<NewOrder, 'earliestStart' | 'latestStart'>;
  crews: readonly CrewPlan[];
  windows: readonly SlotWindow[];
  now: number;
  travel: TravelSeconds;
  /** epoch seconds the order should be resolved by (SLA) */
  resolveBy?: number;
}): SlotOffer[] {
  return opts.windows.map((w) => {
    const breaksSla = opts.resolveBy !== undefined && w.start > opts.resolveBy;
    if (w.end <= opts.now) return { ...w, feasible: false, crewId: null, addedTravel: null, score: null, breaksSla };
    // crews' days run until the window closes (their shifts come with the roster)
    const crews = opts.crews.map((c) => ({ ...c, shiftEnd: Math.max(c.shiftEnd, w.end + opts.order.serviceSeconds) }));
    const ranked = insertOrder({
      order: { ...opts.order, earliestStart: w.start, latestStart: w.end - 60 },
      crews,
      now: opts.now,
      travel: opts.travel,
    });
    const best = ranked.find((o) => o.feasible && o.kind === 'after' && o.breaks.length === 0);
    if (!best || !best.feasible) return { ...w, feasible: false, crewId: null, addedTravel: null, score: null, breaksSla };
    return {
      ...w,
      feasible: true,
      crewId: best.crewId,
      addedTravel: Math.round(best.addedTravel),
      score: Math.round(best.addedTravel + 10 * best.addedLateness + (breaksSla ? 7200 : 0)),
      breaksSla,
    };
  });
}

/**
 * Two-hour windows over the next `days` working days, 08:00–18:00 in the utility's time zone
 * (offset in minutes east of UTC; Montevideo is -180), starting after `now` + `leadHours`.
 */
export function workingWindows(opts: { now: number; days: number; utcOffsetMinutes: number; leadHours?: number; hours?: [number, number]; lengthHours?: number }): SlotWindow[] {
  const [from, to] = opts.hours ?? [8, 18];
  const len = (opts.lengthHours ?? 2) * 3600;
  const earliest = opts.now + (opts.leadHours ?? 2) * 3600;
  const out: SlotWindow[] = [];
  const offset = opts.utcOffsetMinutes * 60;
  const localMidnight = Math.floor((opts.now + offset) / 86400) * 86400 - offset;
  for (let d = 0; out.length < opts.days * ((to - from) * 3600) / len && d < opts.days + 14; d++) {
    const day = localMidnight + d * 86400;
    const weekday = new Date((day + offset) * 1000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue; // no appointments on weekends
    for (let h = from * 3600; h + len <= to * 3600; h += len) {
      const start = day + h;
      if (start >= earliest) out.push({ start, end: start + len });
    }
    if (out.length && new Set(out.map((w) => Math.floor((w.start + offset) / 86400))).size >= opts.days) break;
  }
  return out;
}
