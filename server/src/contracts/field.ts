import { z } from 'zod';
import { latitude, longitude, slugId } from './common.ts';

export const priority = z.enum(['emergency', 'high', 'normal', 'low']);
export type Priority = z.infer<typeof priority>;

export const orderStatus = z.enum(['new', 'scheduled', 'assigned', 'dispatched', 'acknowledged', 'en_route', 'on_site', 'completed', 'failed', 'cancelled']);
export type OrderStatusValue = z.infer<typeof orderStatus>;

export const orderAction = z.enum(['schedule', 'assign', 'unassign', 'dispatch', 'acknowledge', 'start_travel', 'arrive', 'undo_arrival', 'complete', 'fail', 'cancel']);

export const completionField = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  label: z.string().min(1).max(80),
  kind: z.enum(['text', 'number', 'boolean', 'photo', 'signature']),
  required: z.boolean(),
  /** for text: a regular expression the value must match */
  pattern: z.string().max(200).optional(),
});
export type CompletionField = z.infer<typeof completionField>;

export const orderTypeInput = z.object({
  name: z.string().min(1).max(80),
  defaultPriority: priority,
  responseMinutes: z.number().int().positive().max(525_600),
  resolutionMinutes: z.number().int().positive().max(525_600),
  requiredSkills: z.array(slugId).max(20),
  requiredEquipment: z.array(slugId).max(20),
  durationMinutes: z.number().int().positive().max(24 * 60),
  completionFields: z.array(completionField).max(30),
  active: z.boolean().default(true),
});
export type OrderTypeInput = z.infer<typeof orderTypeInput>;
export type OrderType = OrderTypeInput & { code: string };

export const workOrderInput = z
  .object({
    typeCode: slugId,
    location: z.object({ lat: latitude, lon: longitude }),
    address: z.string().min(1).max(200),
    accountRef: z.string().max(40).nullish(),
    /** person to call on site (often not the account holder) */
    contactName: z.string().trim().max(80).nullish(),
    /** E.164-ish: digits with an optional leading +, spaces and dashes allowed; 6–15 digits */
    contactPhone: z
      .string()
      .trim()
      .max(24)
      .regex(/^\+?[\d\s-]+$/, 'digits, spaces, dashes and an optional leading +')
      .refine((p) => { const n = p.replace(/\D/g, '').length; return n >= 6 && n <= 15; }, 'a phone number has 6 to 15 digits')
      .nullish(),
    priority: priority.optional(),
    window: z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }).nullish(),
    source: z.enum(['manual', 'request', 'dunning', 'outage', 'emergency_call']).default('manual'),
    notes: z.string().max(2000).default(''),
  })
  .refine((o) => !o.window || Date.parse(o.window.end) > Date.parse(o.window.start), {
    message: 'window end must be after its start',
    path: ['window', 'end'],
  });
export type WorkOrderInput = z.infer<typeof workOrderInput>;

export const workOrder = z.object({
  id: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  status: orderStatus,
  priority,
  lat: z.number(),
  lon: z.number(),
  address: z.string(),
  accountRef: z.string().nullable(),
  contactName: z.string().nullish(),
  contactPhone: z.string().nullish(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  source: z.string(),
  notes: z.string(),
  crewId: z.string().nullable(),
  sequence: z.number().nullable(),
  respondBy: z.string(),
  resolveBy: z.string(),
  completion: z.record(z.string(), z.unknown()).nullable(),
  failureReason: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkOrder = z.infer<typeof workOrder>;

export const orderActionInput = z.object({
  action: orderAction,
  crewId: slugId.optional(),
  reason: z.string().min(3).max(500).optional(),
  completion: z.record(z.string(), z.union([z.string().max(200_000), z.number(), z.boolean()])).optional(),
  /** the crew app's id for an action queued offline: replays apply it once */
  clientActionId: z.string().min(8).max(64).optional(),
  /** optimistic concurrency: refuse if the order changed since the client saw it */
  expectedVersion: z.number().int().positive().optional(),
  /** with assign: the crew's current job goes back to the queue (emergencies and leaks) */
  preempt: z.boolean().optional(),
});
export type OrderActionInput = z.infer<typeof orderActionInput>;

export const orderEvent = z.object({
  id: z.number(),
  orderId: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  fromStatus: orderStatus.nullable(),
  toStatus: orderStatus,
  crewId: z.string().nullable(),
  crewLat: z.number().nullable(),
  crewLon: z.number().nullable(),
  data: z.unknown().nullable(),
});
export type OrderEvent = z.infer<typeof orderEvent>;

export const orderListQuery = z.object({
  status: z.string().max(200).optional(),
  priority: priority.optional(),
  crewId: slugId.optional(),
  typeCode: slugId.optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type OrderListQuery = z.infer<typeof orderListQuery>;

/** A crew ranked for an order ("suggest crew"; emergencies show both ETAs). */
export const crewSuggestion = z.object({
  crewId: z.string(),
  crewName: z.string(),
  vehicleId: z.string().nullable(),
  /** can do the order type: has every required skill and piece of equipment */
  capable: z.boolean(),
  missing: z.object({ skills: z.array(z.string()), equipment: z.array(z.string()) }),
  availability: z.enum(['available', 'busy', 'break', 'off']),
  /** position used for the ETA: live if fresh, otherwise the home base */
  from: z.enum(['live', 'stale', 'home_base', 'none']),
  positionAgeSeconds: z.number().nullable(),
  /** driving now from where the crew is (pre-empting its current job, if any) */
  etaNowSeconds: z.number().nullable(),
  /** finishing the current job first, then driving from it */
  etaAfterCurrentSeconds: z.number().nullable(),
  /** who computed etaNowSeconds (TRAVEL_TIME_PROVIDER, or its local fallback) */
  etaSource: z.enum(['straight', 'network', 'osrm', 'valhalla']).nullable(),
  /** the configured provider could not answer (engine down, timed out, no route, off the street graph) */
  etaFallback: z.boolean(),
  distanceM: z.number().nullable(),
  currentOrderId: z.string().nullable(),
  openOrders: z.number(),
  /** lower is better: capable, trusted position, ETA, workload */
  score: z.number(),
});
export type CrewSuggestion = z.infer<typeof crewSuggestion>;

export const crewPatch = z.object({
  name: z.string().min(1).max(80).optional(),
  skills: z.array(slugId).max(30).optional(),
  equipment: z.array(slugId).max(30).optional(),
  availability: z.enum(['available', 'busy', 'break', 'off']).optional(),
  homeBase: z.object({ lat: latitude, lon: longitude }).nullable().optional(),
});
export type CrewPatch = z.infer<typeof crewPatch>;

/** ETA of an en-route crew to its order, recomputed on every fix. */
export const orderEta = z.object({
  orderId: z.string(),
  crewId: z.string(),
  etaSeconds: z.number(),
  arriveBy: z.string(),
  /** the ETA passes the order's response SLA */
  lateRisk: z.boolean(),
});
export type OrderEta = z.infer<typeof orderEta>;
