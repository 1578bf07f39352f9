import type { RosterInstance } from './roster.model.ts';

/** Weighted request against shift index `t`. */
export interface IndexedRequest {
  readonly t: number;
  readonly weight: number;
}

/**
 * Dense, index-based view of an instance shared by the checker and the solver, so that both
 * read the rules from one place (ids → indexes, per-cell request lists, cover per day × shift).
 * Shift index `t` is the position in `instance.shifts`; `-1` means "off".
 */
export interface CompiledInstance {
  readonly instance: RosterInstance;
  readonly H: number;
  readonly S: number;
  readonly T: number;
  readonly shiftIndex: ReadonlyMap<string, number>;
  readonly minutes: readonly number[];
  /** forbidNext[a][b]: shift b may not be worked the day after shift a. */
  readonly forbidNext: readonly (readonly boolean[])[];
  /** maxShifts[s][t]; 0 when the type is not allowed for that person. */
  readonly maxShifts: readonly (readonly number[])[];
  readonly dayOff: readonly (readonly boolean[])[];
  /** onRequests[s][d] / offRequests[s][d]: requests of person s on day d. */
  readonly onRequests: readonly (readonly (readonly IndexedRequest[])[])[];
  readonly offRequests: readonly (readonly (readonly IndexedRequest[])[])[];
  /** Cover per day × shift; weights 0 where the instance states no cover. */
  readonly coverReq: readonly (readonly number[])[];
  readonly coverUnder: readonly (readonly number[])[];
  readonly coverOver: readonly (readonly number[])[];
  /** weekends[k] = the horizon days forming weekend k (only those inside the horizon). */
  readonly weekends: readonly (readonly number[])[];
  /** weekendOf[d] = weekend index of day d, or -1. */
  readonly weekendOf: readonly number[];
}

const grid = <T>(a: number, b: number, f: () => T): T[][] =>
  Array.from({ length: a }, () => Array.from({ length: b }, f));

/** Builds the {@link CompiledInstance} of an instance. Unknown ids in requests/cover are ignored. */
export function compileInstance(instance: RosterInstance): CompiledInstance {
  const H = instance.horizonDays;
  const S = instance.staff.length;
  const T = instance.shifts.length;
  const shiftIndex = new Map(instance.shifts.map((s, i) => [s.id, i] as const));
  const staffIndex = new Map(instance.staff.map((s, i) => [s.id, i] as const));
  const forbidNext = instance.shifts.map((a) =>
    instance.shifts.map((b) => a.forbiddenNext.includes(b.id)),
  );
  const maxShifts = instance.staff.map((p) => instance.shifts.map((sh) => p.maxShifts[sh.id] ?? 0));
  const dayOff = instance.staff.map((p) => {
    const row = new Array<boolean>(H).fill(false);
    for (const d of p.daysOff) if (d >= 0 && d < H) row[d] = true;
    return row;
  });
  const onRequests = grid<IndexedRequest[]>(S, H, () => []);
  const offRequests = grid<IndexedRequest[]>(S, H, () => []);
  const fill = (target: IndexedRequest[][][], list: RosterInstance['shiftOnRequests']): void => {
    for (const r of list) {
      const s = staffIndex.get(r.staffId);
      const t = shiftIndex.get(r.shiftId);
      if (s === undefined || t === undefined || r.day < 0 || r.day >= H) continue;
      target[s]?.[r.day]?.push({ t, weight: r.weight });
    }
  };
  fill(onRequests, instance.shiftOnRequests);
  fill(offRequests, instance.shiftOffRequests);
  const coverReq = grid(H, T, () => 0);
  const coverUnder = grid(H, T, () => 0);
  const coverOver = grid(H, T, () => 0);
  for (const c of instance.cover) {
    const t = shiftIndex.get(c.shiftId);
    if (t === undefined || c.day < 0 || c.day >= H) continue;
    const rq = coverReq[c.day];
    const un = coverUnder[c.day];
    const ov = coverOver[c.day];
    if (rq === undefined || un === undefined || ov === undefined) continue;
    rq[t] = c.requirement;
    un[t] = c.weightUnder;
    ov[t] = c.weightOver;
  }
  const weekends: number[][] = [];
  const weekendOf = new Array<number>(H).fill(-1);
  if (instance.weekendDays.length > 0) {
    for (let week = 0; week * 7 < H; week++) {
      const days = instance.weekendDays.map((w) => week * 7 + w).filter((d) => d >= 0 && d < H);
      if (days.length === 0) continue;
      for (const d of days) weekendOf[d] = weekends.length;
      weekends.push(days);
    }
  }
  return {
    instance, H, S, T, shiftIndex, minutes: instance.shifts.map((s) => s.minutes), forbidNext, maxShifts,
    dayOff, onRequests, offRequests, coverReq, coverUnder, coverOver, weekends, weekendOf,
  };
}

/** Converts a string roster to shift indexes (-1 off, -2 unknown id). */
export function toIndexRoster(c: CompiledInstance, roster: readonly (readonly string[])[]): number[][] {
  return roster.map((row) => row.map((v) => (v === '' ? -1 : (c.shiftIndex.get(v) ?? -2))));
}

/** Converts an index roster back to shift ids. */
export function toStringRoster(c: CompiledInstance, roster: readonly (readonly number[])[]): string[][] {
  return roster.map((row) => row.map((t) => (t < 0 ? '' : (c.instance.shifts[t]?.id ?? ''))));
}
