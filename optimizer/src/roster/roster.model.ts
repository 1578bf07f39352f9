/**
 * Roster model: staff × days × shift types.
 *
 * The rules follow the Curtois & Qu shift scheduling benchmark ("Computational results on new
 * staff scheduling benchmark instances", 2014, schedulingbenchmarks.org), but nothing here is
 * benchmark-specific: for a utility, `staff` are crew members and `shifts` are e.g. morning,
 * afternoon, night and on-call, each with its own length and the shifts that may not follow it
 * (a night shift followed by a morning shift breaks the rest-period rule).
 */

/** A shift type, e.g. `{ id: 'N', minutes: 600, forbiddenNext: ['E', 'D'] }`. */
export interface ShiftType {
  readonly id: string;
  /** Paid length; counted against the staff member's min/max total minutes. */
  readonly minutes: number;
  /** Shift ids that may not be worked the day after this one (rest rules). */
  readonly forbiddenNext: readonly string[];
}

/** One staff member (crew member) and their hard contract rules over the whole horizon. */
export interface StaffMember {
  readonly id: string;
  /** Maximum number of shifts of each type; a type missing here is not allowed at all. */
  readonly maxShifts: Readonly<Record<string, number>>;
  readonly minTotalMinutes: number;
  readonly maxTotalMinutes: number;
  /** Longest run of consecutive working days. */
  readonly maxConsecutiveShifts: number;
  /**
   * Shortest run of consecutive working days. Runs touching the start or end of the horizon are
   * exempt (the benchmark assumes infinitely many shifts worked before and after the horizon).
   */
  readonly minConsecutiveShifts: number;
  /** Shortest run of consecutive days off; runs touching either end of the horizon are exempt. */
  readonly minConsecutiveDaysOff: number;
  /** A weekend counts as worked if any of its days is worked. */
  readonly maxWeekends: number;
  /** Day indexes (0-based) on which this person must not work (hard). */
  readonly daysOff: readonly number[];
}

/** Soft request to work (on) or not to work (off) a given shift on a given day. */
export interface ShiftRequest {
  readonly staffId: string;
  readonly day: number;
  readonly shiftId: string;
  /**
   * Penalty paid when the request is not honoured. Integer, like every weight here: the solver
   * proves optimality by closing the gap below 1.
   */
  readonly weight: number;
}

/** Soft cover target: how many people should work `shiftId` on `day`. */
export interface CoverRequirement {
  readonly day: number;
  readonly shiftId: string;
  readonly requirement: number;
  /** Penalty per person below the requirement. */
  readonly weightUnder: number;
  /** Penalty per person above the requirement. */
  readonly weightOver: number;
}

/** A complete rostering problem. */
export interface RosterInstance {
  readonly horizonDays: number;
  /**
   * Days of the week (0 = first day of the horizon) forming a weekend. The benchmark starts on a
   * Monday, so its weekend is `[5, 6]`; weekend k covers days 7k+5 and 7k+6.
   */
  readonly weekendDays: readonly number[];
  readonly shifts: readonly ShiftType[];
  readonly staff: readonly StaffMember[];
  readonly shiftOnRequests: readonly ShiftRequest[];
  readonly shiftOffRequests: readonly ShiftRequest[];
  readonly cover: readonly CoverRequirement[];
}

/** A roster: `roster[staffIndex][day]` is a shift id, or `''` for a day off. */
export type Roster = string[][];

/** Hard rules a roster can break. */
export type HardRule =
  | 'roster-shape'
  | 'unknown-shift'
  | 'day-off'
  | 'max-shifts'
  | 'max-total-minutes'
  | 'min-total-minutes'
  | 'max-consecutive-shifts'
  | 'min-consecutive-shifts'
  | 'min-consecutive-days-off'
  | 'max-weekends'
  | 'forbidden-succession';

/** One broken hard rule. `day` is null for rules over the whole horizon (total minutes). */
export interface RosterViolation {
  readonly staffId: string;
  readonly day: number | null;
  readonly rule: HardRule;
  readonly message: string;
}

/** Soft penalty kinds, matching the benchmark objective's four terms. */
export type PenaltyKind = 'shift-on-request' | 'shift-off-request' | 'cover-under' | 'cover-over';

/** One paid soft penalty, e.g. a cover gap. */
export interface RosterPenalty {
  readonly kind: PenaltyKind;
  readonly day: number;
  readonly shiftId: string;
  /** Set for requests; absent for cover penalties. */
  readonly staffId?: string;
  /** People missing/extra for cover; 1 for requests. */
  readonly amount: number;
  readonly cost: number;
  readonly message: string;
}

/** Objective split by term; `objective` is their sum. */
export interface RosterBreakdown {
  readonly shiftOnRequests: number;
  readonly shiftOffRequests: number;
  readonly coverUnder: number;
  readonly coverOver: number;
}

/** Result of {@link checkRoster}. */
export interface RosterCheck {
  readonly feasible: boolean;
  readonly violations: readonly RosterViolation[];
  readonly objective: number;
  readonly breakdown: RosterBreakdown;
  readonly penalties: readonly RosterPenalty[];
}
