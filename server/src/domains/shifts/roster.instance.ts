import type { CoverRequirement, RosterInstance, ShiftRequest as SolverRequest, StaffMember } from '../../../../optimizer/src/roster/index.ts';
import type { ShiftConfig, ShiftRequestInput } from '../../contracts/index.ts';
import { addDays, daysBetween, isoWeekday } from './shift-time.ts';

export interface RosterInstanceInput {
  readonly config: ShiftConfig;
  /** the roster's rows, in order */
  readonly crewIds: readonly string[];
  /** requests of any crews and dates; those outside the roster are ignored */
  readonly requests: readonly Pick<ShiftRequestInput, 'crewId' | 'date' | 'kind' | 'shiftCode' | 'weight'>[];
  /** first day, a local calendar date `YYYY-MM-DD` */
  readonly start: string;
  readonly days: number;
}

/**
 * Weekend days as the roster model wants them: offsets from the first day, repeated every 7 days
 * (`weekendDays` w means days 7k + w). The weekday of each day comes from its calendar date, so a
 * roster may start on any day:
 * - Monday…Saturday start: Saturday is offset `6 − wd`, Sunday the next one.
 * - Sunday start: `[-1, 0]` (the first week's weekend is only that Sunday, its Saturday was
 *   before the roster), unless the length is a whole number of weeks: the model's weeks would
 *   then drop the last Saturday, so `[6, 7]` is used and the opening Sunday stands alone
 *   outside any weekend (the one case where a lone day of a weekend is not counted).
 */
export function weekendOffsets(start: string, days: number): number[] {
  const wd = isoWeekday(start);
  if (wd !== 7) return [6 - wd, 7 - wd];
  return days % 7 === 0 ? [6, 7] : [-1, 0];
}

/** Weekends (whole or partial) the model counts within the roster, with its own grouping. */
export function weekendCount(weekendDays: readonly number[], days: number): number {
  let n = 0;
  for (let week = 0; week * 7 < days; week++) {
    if (weekendDays.some((w) => week * 7 + w >= 0 && week * 7 + w < days)) n++;
  }
  return n;
}

/** `value × num ⁄ den`, rounded to the nearest integer, halves up. */
const scaled = (value: number, num: number, den: number): number => Math.round((value * num) / den);
/** A per-week value over `days` days. */
const perPeriod = (perWeek: number, days: number): number => scaled(perWeek, days, 7);

/**
 * Turns the planner configuration, the crews and their requests for a period into the roster
 * engine's instance (one "staff member" per crew, one row per crew in `crewIds` order).
 *
 * Per-week rules are scaled to the period (value × days ⁄ 7, rounded to the nearest integer,
 * halves up): most shifts of each type, least and most minutes. The least minutes count only
 * the days the crew can work: a crew with 3 days of leave (`day_off`) in a 14-day roster must
 * work min × 11 ⁄ 7. A type absent from `maxShiftsPerWeek` has no limit (every day). The most
 * weekends are `maxWeekendsPer4Weeks × weekends ⁄ 4`, rounded the same way, where `weekends` is
 * the number of weekends (whole or partial) the period touches. Run lengths (consecutive shifts,
 * consecutive days off) are not scaled.
 *
 * `day_off` requests become hard days off; `on`/`off` requests become soft shift-on/shift-off
 * requests with their weight. Cover rules apply on the calendar days whose ISO weekday they list;
 * when two rules name the same shift and weekday, the later one wins.
 *
 * @example
 * ```ts
 * const instance = buildRosterInstance({ config, crewIds: ['C1', 'C2'], requests: [], start: '2026-12-07', days: 14 });
 * instance.staff[0]?.minTotalMinutes; // 1920 × 14 ⁄ 7 = 3840
 * ```
 */
export function buildRosterInstance(input: RosterInstanceInput): RosterInstance {
  const { config, crewIds, start, days } = input;
  const rules = config.rules;
  const codes = new Set(config.shiftTypes.map((s) => s.code));
  const crewSet = new Set(crewIds);
  const dayOf = (date: string): number => daysBetween(start, date);
  const inRange = (d: number): boolean => d >= 0 && d < days;

  const daysOff = new Map<string, Set<number>>(crewIds.map((c) => [c, new Set<number>()]));
  const onRequests: SolverRequest[] = [];
  const offRequests: SolverRequest[] = [];
  for (const r of input.requests) {
    if (!crewSet.has(r.crewId)) continue;
    const day = dayOf(r.date);
    if (!inRange(day)) continue;
    if (r.kind === 'day_off') {
      daysOff.get(r.crewId)?.add(day);
      continue;
    }
    if (!r.shiftCode || !codes.has(r.shiftCode)) continue;
    (r.kind === 'on' ? onRequests : offRequests).push({ staffId: r.crewId, day, shiftId: r.shiftCode, weight: r.weight ?? 1 });
  }

  const weekendDays = weekendOffsets(start, days);
  const maxWeekends = scaled(rules.maxWeekendsPer4Weeks, weekendCount(weekendDays, days), 4);
  const maxShifts: Record<string, number> = {};
  for (const s of config.shiftTypes) {
    const perWeek = rules.maxShiftsPerWeek[s.code];
    maxShifts[s.code] = perWeek === undefined ? days : perPeriod(perWeek, days);
  }
  const maxTotalMinutes = perPeriod(rules.maxMinutesPerWeek, days);

  const staff: StaffMember[] = crewIds.map((id) => {
    const off = [...(daysOff.get(id) ?? [])].sort((a, b) => a - b);
    return {
      id,
      maxShifts: { ...maxShifts },
      minTotalMinutes: Math.min(maxTotalMinutes, perPeriod(rules.minMinutesPerWeek, days - off.length)),
      maxTotalMinutes,
      maxConsecutiveShifts: rules.maxConsecutiveShifts,
      minConsecutiveShifts: rules.minConsecutiveShifts,
      minConsecutiveDaysOff: rules.minConsecutiveDaysOff,
      maxWeekends,
      daysOff: off,
    };
  });

  const cover: CoverRequirement[] = [];
  for (let day = 0; day < days; day++) {
    const wd = isoWeekday(addDays(start, day));
    const byShift = new Map<string, CoverRequirement>();
    for (const rule of config.cover) {
      if (!rule.weekdays.includes(wd)) continue;
      byShift.set(rule.shiftCode, { day, shiftId: rule.shiftCode, requirement: rule.required, weightUnder: rule.weightUnder, weightOver: rule.weightOver });
    }
    cover.push(...byShift.values());
  }

  return {
    horizonDays: days,
    weekendDays,
    shifts: config.shiftTypes.map((s) => ({ id: s.code, minutes: s.minutes, forbiddenNext: [...s.forbiddenNext] })),
    staff,
    shiftOnRequests: onRequests,
    shiftOffRequests: offRequests,
    cover,
  };
}
