import { z } from 'zod';
import { slugId } from './common.ts';

/**
 * Shifts and rosters: the planner's configuration (shift types, contract rules, cover), the
 * rosters it generates and edits, and the published shifts crews and dispatchers read.
 *
 * A roster's "staff" are crews: a crew works a shift as one unit (its members ride together),
 * which is what dispatch needs to know ("today's shift" of a crew). Days are calendar dates in
 * the utility's time zone (`SHIFT_TIME_ZONE`, default America/Montevideo), `YYYY-MM-DD`.
 */

export const isoDate = z.iso.date();
/** `HH:MM`, 24-hour clock, local time of the utility. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time looks like 07:30');

export const shiftTypeConfig = z.object({
  code: slugId,
  name: z.string().min(1).max(60),
  /** local start time; a shift may run past midnight (start + minutes > 24 h) */
  start: clockTime,
  minutes: z.number().int().min(30).max(24 * 60),
  /** shift codes that may not be worked the day after this one (rest between shifts) */
  forbiddenNext: z.array(slugId).max(20).default([]),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour looks like #1f77b4').default('#4a90d9'),
  /**
   * A break inside the shift (lunch), in minutes; absent or 0: none is planned. The day plan
   * (optimize today) places it in each crew's route. Checked against the shift in `shiftConfig`.
   */
  breakMinutes: z.number().int().min(0).max(180).optional(),
  /** local clock time from which the break may start (needed with `breakMinutes`) */
  breakEarliest: clockTime.optional(),
  /** local clock time by which the break must have started (needed with `breakMinutes`) */
  breakLatest: clockTime.optional(),
});
export type ShiftTypeConfig = z.infer<typeof shiftTypeConfig>;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A shift type's break as minutes after the shift starts: `[earliest, latest]` start and its
 * length; null when it has none. Clock times are read on the shift's own clock, so on a night
 * shift (22:00 for 8 h) a break from 02:00 is 240 minutes in. No validation: see `breakIssue`.
 *
 * @example shiftBreakOffsets({ start: '08:00', breakMinutes: 30, breakEarliest: '12:00', breakLatest: '14:00', … }) → { earliest: 240, latest: 360, minutes: 30 }
 */
export function shiftBreakOffsets(t: Pick<ShiftTypeConfig, 'start' | 'breakMinutes' | 'breakEarliest' | 'breakLatest'>): { earliest: number; latest: number; minutes: number } | null {
  if (!t.breakMinutes || !t.breakEarliest || !t.breakLatest) return null;
  const start = minutesOf(t.start);
  const after = (c: string): number => (minutesOf(c) - start + 1440) % 1440;
  return { earliest: after(t.breakEarliest), latest: after(t.breakLatest), minutes: t.breakMinutes };
}

/** What is wrong with a shift type's break, as `[field, message]`, or null. */
export function breakIssue(t: ShiftTypeConfig): [field: 'breakEarliest' | 'breakLatest', message: string] | null {
  if (!t.breakMinutes) return null;
  if (!t.breakEarliest) return ['breakEarliest', 'set when the break may start'];
  if (!t.breakLatest) return ['breakLatest', 'set by when the break must start'];
  const b = shiftBreakOffsets(t)!;
  if (b.earliest >= t.minutes) return ['breakEarliest', 'the break must start inside the shift'];
  if (b.latest < b.earliest) return ['breakLatest', 'must not be before the earliest start of the break'];
  if (b.latest + b.minutes > t.minutes) return ['breakLatest', 'the break must end inside the shift'];
  return null;
}

/**
 * The contract every crew works under. Counts and minutes are per 7 days and scaled to the
 * roster's length (rounded), so one set of rules serves a 1-week and a 4-week roster.
 */
export const shiftRules = z
  .object({
    /** most shifts of each type per 7 days; a type missing here means no limit */
    maxShiftsPerWeek: z.record(slugId, z.number().int().min(0).max(7)).default({}),
    minMinutesPerWeek: z.number().int().min(0).max(7 * 24 * 60),
    maxMinutesPerWeek: z.number().int().min(0).max(7 * 24 * 60),
    maxConsecutiveShifts: z.number().int().min(1).max(28),
    minConsecutiveShifts: z.number().int().min(1).max(28),
    minConsecutiveDaysOff: z.number().int().min(1).max(28),
    /** weekends (Saturday or Sunday worked) per 4 weeks */
    maxWeekendsPer4Weeks: z.number().int().min(0).max(4),
  })
  .refine((r) => r.maxMinutesPerWeek >= r.minMinutesPerWeek, { message: 'must be at least minMinutesPerWeek', path: ['maxMinutesPerWeek'] })
  .refine((r) => r.maxConsecutiveShifts >= r.minConsecutiveShifts, { message: 'must be at least minConsecutiveShifts', path: ['maxConsecutiveShifts'] });
export type ShiftRules = z.infer<typeof shiftRules>;

/** How many crews should work a shift type on given weekdays (soft: paid per crew missing or extra). */
export const coverRule = z.object({
  shiftCode: slugId,
  /** ISO weekdays: 1 = Monday … 7 = Sunday */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  required: z.number().int().min(0).max(1000),
  weightUnder: z.number().int().min(0).max(10_000).default(100),
  weightOver: z.number().int().min(0).max(10_000).default(1),
});
export type CoverRule = z.infer<typeof coverRule>;

/** The whole planner configuration, saved at once (`PUT /api/v1/shift-config`). */
export const shiftConfig = z
  .object({
    shiftTypes: z.array(shiftTypeConfig).min(1).max(20),
    rules: shiftRules,
    cover: z.array(coverRule).max(200),
  })
  .superRefine((c, ctx) => {
    const codes = new Set(c.shiftTypes.map((s) => s.code));
    if (codes.size !== c.shiftTypes.length) ctx.addIssue({ code: 'custom', message: 'shift codes must be unique', path: ['shiftTypes'] });
    c.shiftTypes.forEach((s, i) =>
      s.forbiddenNext.forEach((n, j) => {
        if (!codes.has(n)) ctx.addIssue({ code: 'custom', message: `unknown shift code ${n}`, path: ['shiftTypes', i, 'forbiddenNext', j] });
      }),
    );
    c.shiftTypes.forEach((s, i) => {
      const issue = breakIssue(s);
      if (issue) ctx.addIssue({ code: 'custom', message: issue[1], path: ['shiftTypes', i, issue[0]] });
    });
    c.cover.forEach((r, i) => {
      if (!codes.has(r.shiftCode)) ctx.addIssue({ code: 'custom', message: `unknown shift code ${r.shiftCode}`, path: ['cover', i, 'shiftCode'] });
    });
    for (const k of Object.keys(c.rules.maxShiftsPerWeek)) {
      if (!codes.has(k)) ctx.addIssue({ code: 'custom', message: `unknown shift code ${k}`, path: ['rules', 'maxShiftsPerWeek', k] });
    }
  });
export type ShiftConfig = z.infer<typeof shiftConfig>;

/**
 * A crew's wish or constraint for a day: `day_off` is hard (leave, training); `on`/`off` are
 * soft requests for a given shift, paid `weight` when not honoured.
 */
export const shiftRequestInput = z
  .object({
    crewId: slugId,
    date: isoDate,
    kind: z.enum(['day_off', 'on', 'off']),
    /** required for `on`/`off`; ignored for `day_off` */
    shiftCode: slugId.nullish(),
    weight: z.number().int().min(1).max(100).default(1),
    note: z.string().max(200).default(''),
  })
  .refine((r) => r.kind === 'day_off' || !!r.shiftCode, { message: 'a shift code is needed for on/off requests', path: ['shiftCode'] });
export type ShiftRequestInput = z.infer<typeof shiftRequestInput>;
export type ShiftRequest = ShiftRequestInput & { id: number };

export const rosterStatus = z.enum(['generating', 'draft', 'published', 'superseded', 'failed']);
export type RosterStatus = z.infer<typeof rosterStatus>;

/** `POST /api/v1/rosters`: generate a roster (runs in a worker; poll `GET /api/v1/rosters/{id}`). */
export const rosterGenerateInput = z.object({
  start: isoDate,
  days: z.number().int().min(1).max(56),
  crewIds: z.array(slugId).min(1).max(200),
  timeLimitSeconds: z.number().int().min(1).max(600).default(30),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
});
export type RosterGenerateInput = z.infer<typeof rosterGenerateInput>;

/** Live progress of a generation, persisted on the roster (at most a few times a second). */
export const rosterProgress = z.object({
  phase: z.string(),
  elapsedSeconds: z.number(),
  timeLimitSeconds: z.number(),
  /** best roster's objective so far (null before the first one) */
  objective: z.number().nullable(),
  /** proven lower bound, when the solver has one */
  bound: z.number().nullable(),
});
export type RosterProgress = z.infer<typeof rosterProgress>;

export const rosterSummary = z.object({
  id: z.string(),
  start: isoDate,
  days: z.number().int(),
  crewIds: z.array(z.string()),
  status: rosterStatus,
  progress: rosterProgress.nullable(),
  objective: z.number().nullable(),
  /** null unless generation was cancelled (kept the best roster so far) or failed */
  message: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type RosterSummary = z.infer<typeof rosterSummary>;

export const rosterViolation = z.object({
  crewId: z.string(),
  /** null for rules over the whole roster (total minutes) */
  date: isoDate.nullable(),
  rule: z.string(),
  message: z.string(),
});
export const rosterPenalty = z.object({
  kind: z.enum(['shift-on-request', 'shift-off-request', 'cover-under', 'cover-over']),
  date: isoDate,
  shiftCode: z.string(),
  crewId: z.string().optional(),
  amount: z.number(),
  cost: z.number(),
  message: z.string(),
});
/** Rules recomputed from scratch by the optimizer's checker on every read and edit. */
export const rosterCheck = z.object({
  feasible: z.boolean(),
  violations: z.array(rosterViolation),
  objective: z.number(),
  penalties: z.array(rosterPenalty),
});
export type RosterCheckView = z.infer<typeof rosterCheck>;

/** `GET /api/v1/rosters/{id}`. `assignments[crewId][i]` is the shift code on day `start + i`, `''` off. */
export const rosterView = z.object({
  roster: rosterSummary,
  dates: z.array(isoDate),
  shiftTypes: z.array(shiftTypeConfig),
  assignments: z.record(z.string(), z.array(z.string())),
  check: rosterCheck.nullable(),
});
export type RosterView = z.infer<typeof rosterView>;

/** `PUT /api/v1/rosters/{id}/assignments`: hand edits on a draft; answered with the new `rosterView`. */
export const rosterEditInput = z.object({
  changes: z
    .array(z.object({ crewId: slugId, date: isoDate, shiftCode: z.union([slugId, z.literal('')]) }))
    .min(1)
    .max(5000),
});
export type RosterEditInput = z.infer<typeof rosterEditInput>;

/** `POST /api/v1/rosters/{id}/publish`; hard violations refuse with 409 unless accepted. */
export const rosterPublishInput = z.object({ acceptViolations: z.boolean().default(false) });

/** One published shift of a crew: `GET /api/v1/shifts?from&to[&crewId]`. */
export const crewShift = z.object({
  crewId: z.string(),
  date: isoDate,
  shiftCode: z.string(),
  name: z.string(),
  color: z.string(),
  /** absolute instants (ISO 8601 with offset) */
  start: z.string(),
  end: z.string(),
  rosterId: z.string(),
  /** when the shift type has a break: its allowed start, as absolute instants, and its length */
  break: z.object({ earliest: z.string(), latest: z.string(), minutes: z.number() }).optional(),
});
export type CrewShift = z.infer<typeof crewShift>;
