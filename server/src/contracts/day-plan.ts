import { z } from 'zod';
import { slugId } from './common.ts';
import { priority } from './field.ts';

/**
 * "Optimize today" on the dispatch board (issue 4): the dispatcher asks for a proposal (the
 * day's open work re-planned over the crews on shift), compares before and after, and applies
 * it; applying assigns and resequences orders, one order event each, pushed to the crews.
 */

export const dayPlanRequest = z.object({
  /** solver budget; the answer comes back after about this long */
  timeLimitSeconds: z.number().int().min(1).max(30).default(5),
  /** plan only these crews (default: every crew not `off`) */
  crewIds: z.array(slugId).min(1).max(2000).optional(),
  /** plan until this time (e.g. the end of a night shift); default: end of the working day */
  until: z.iso.datetime({ offset: true }).optional(),
});
export type DayPlanRequest = z.infer<typeof dayPlanRequest>;

/** Why an order is not in the proposed plan (the VRPTW engine's reasons). */
export const dayPlanReason = z.enum(['no_crew_with_skill', 'window_outside_shifts', 'exceeds_capacity', 'does_not_fit']);
export type DayPlanReason = z.infer<typeof dayPlanReason>;

export const dayPlanFigures = z.object({
  /** driving over the planned routes, from each crew's start to its last stop and home base */
  travelSeconds: z.number(),
  /** service starting after the appointment window closes (or, for emergencies, after the response SLA) */
  lateSeconds: z.number(),
  /** plannable orders with no crew */
  unassigned: z.number(),
  /** plannable orders on a crew's list */
  assigned: z.number(),
});
export type DayPlanFigures = z.infer<typeof dayPlanFigures>;

export const dayPlanCrew = z.object({
  crewId: z.string(),
  crewName: z.string(),
  /** the job it is on or driving to: kept first, not moved */
  frozenOrderId: z.string().nullable(),
  /** where the day starts: live position, or home base when the position is stale or missing */
  startFrom: z.enum(['live', 'stale', 'home_base']),
  before: z.array(z.string()),
  after: z.array(z.string()),
  travelSecondsBefore: z.number(),
  travelSecondsAfter: z.number(),
  lateSecondsBefore: z.number(),
  lateSecondsAfter: z.number(),
  /** the list changes (orders or order) */
  changed: z.boolean(),
  /**
   * The crew's break (lunch) in the proposed plan: when, and after which order of `after` (null:
   * before the first). Null when it has none to take today (none configured, window past, on
   * break now) or no planned work (a crew with nothing to do takes it when it likes).
   */
  break: z.object({ start: z.string(), end: z.string(), afterOrderId: z.string().nullable() }).nullable().default(null),
});
export type DayPlanCrew = z.infer<typeof dayPlanCrew>;

export const dayPlanUnassigned = z.object({
  orderId: z.string(),
  reason: dayPlanReason,
  priority,
  /** an order already on a crew's list stays there (at the end); the optimizer takes no work away */
  keptByCrewId: z.string().nullable(),
});
export type DayPlanUnassigned = z.infer<typeof dayPlanUnassigned>;

export const dayPlanProposal = z.object({
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  /**
   * Horizon of the plan: today's published shifts (`roster`, each crew its own), else the
   * working day (`DAY_PLAN_WORKDAY`, default 08:00–17:00 local), after hours the next
   * working-day length from now, `rolling` the next 9 h, or the `until` asked for.
   */
  shift: z.object({ source: z.enum(['roster', 'workday', 'after_hours', 'rolling', 'requested']), start: z.string(), end: z.string() }),
  /** crews not planned, and why: off, shift over or no published shift today, no position or base */
  skippedCrews: z.array(z.object({ crewId: z.string(), reason: z.enum(['off', 'shift_over', 'no_shift', 'no_position']) })),
  timeLimitSeconds: z.number(),
  solveSeconds: z.number(),
  before: dayPlanFigures,
  after: dayPlanFigures,
  crews: z.array(dayPlanCrew),
  unassigned: z.array(dayPlanUnassigned),
  /** orders whose crew or place in the list changes on apply */
  changedOrders: z.number(),
  /** unassigned orders beyond the pool cap (lowest priority, latest deadline), not planned this time */
  notConsidered: z.number(),
  appliedAt: z.string().nullable(),
});
export type DayPlanProposal = z.infer<typeof dayPlanProposal>;

export const dayPlanApplyResult = z.object({
  proposalId: z.string(),
  appliedAt: z.string(),
  appliedBy: z.string(),
  /** orders given to a (new) crew: one `assign` event each */
  assigned: z.number(),
  /** orders whose place in their crew's list changed: one `resequence` event each */
  resequenced: z.number(),
  /** crews whose list changed (told over WebSocket and MQTT) */
  crews: z.array(z.string()),
  /** a repeated apply answers the first result and changes nothing */
  alreadyApplied: z.boolean(),
});
export type DayPlanApplyResult = z.infer<typeof dayPlanApplyResult>;
