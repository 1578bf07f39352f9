import { lastIndexAtOrBefore } from './track.ts';

/** What the replay needs of an order event (the API's row). */
export interface EventPlace {
  at: string;
  crewLat: number | null;
  crewLon: number | null;
  orderLat: number | null;
  orderLon: number | null;
}

/** Index of the latest event at or before `t` (-1 before the first). `times` in ascending order. */
export function eventIndexAt(times: readonly number[], t: number): number {
  return lastIndexAtOrBefore(times, t);
}

/** Where an event happened: the crew's position when the server knew it, else the order's place. */
export function eventPosition(e: EventPlace): [number, number] | null {
  if (e.crewLon !== null && e.crewLat !== null) return [e.crewLon, e.crewLat];
  if (e.orderLon !== null && e.orderLat !== null) return [e.orderLon, e.orderLat];
  return null;
}

/**
 * Timeline ticks: events closer than `minGap` (a fraction of the range) share one tick, which
 * jumps to the first of them; otherwise ticks for an assign and a dispatch a second apart cover
 * each other and the first cannot be clicked. `times` ascending.
 */
export function tickGroups(times: readonly number[], range: { from: number; to: number }, minGap: number): { first: number; count: number; at: number }[] {
  const span = range.to - range.from;
  const groups: { first: number; count: number; at: number }[] = [];
  times.forEach((time, i) => {
    const at = span > 0 ? Math.min(1, Math.max(0, (time - range.from) / span)) : 0;
    const last = groups[groups.length - 1];
    if (last && at - last.at < minGap) last.count++;
    else groups.push({ first: i, count: 1, at });
  });
  return groups;
}
