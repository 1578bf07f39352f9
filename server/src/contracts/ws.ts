import { z } from 'zod';
import { latitude, longitude, role } from './common.ts';
import { vehicleLive, vehicleStatus } from './vehicles.ts';
import { orderEta, orderEvent, workOrder } from './field.ts';

/** What a console asks the hub to send it. */
export const subscription = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('all') }),
  z.object({
    scope: z.literal('bbox'),
    /** [west, south, east, north] in degrees */
    bbox: z.tuple([longitude, latitude, longitude, latitude]),
  }),
  z.object({ scope: z.literal('crew'), crewId: z.string().min(1).max(64) }),
]);
export type Subscription = z.infer<typeof subscription>;

/** Client → server. */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), data: subscription }),
  z.object({ type: z.literal('ping'), data: z.object({ t: z.number() }).optional() }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** Server → client. Position updates are coalesced per client (at most one batch every 50 ms). */
export const serverMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    data: z.object({ username: z.string(), roles: z.array(role), serverTime: z.string() }),
  }),
  z.object({ type: z.literal('subscribed'), data: z.object({ subscription }) }),
  z.object({ type: z.literal('positions'), data: z.array(vehicleLive) }),
  z.object({
    type: z.literal('vehicle.status'),
    data: z.array(z.object({ vehicleId: z.string(), status: vehicleStatus })),
  }),
  /** a work order changed (created, assigned, a crew acted): the order as it is now and the event */
  z.object({ type: z.literal('order.updated'), data: z.object({ order: workOrder, event: orderEvent }) }),
  z.object({ type: z.literal('order.eta'), data: orderEta }),
  /**
   * the crews of this (crew) user changed: orders of `crewIds` reach it from now on; a crew
   * subscription to a crew it left is ended (`subscription: null`); refetch own orders
   */
  z.object({
    type: z.literal('crews.changed'),
    data: z.object({ crewIds: z.array(z.string()), subscription: subscription.nullable() }),
  }),
  z.object({ type: z.literal('pong'), data: z.object({ t: z.number().optional(), serverTime: z.string() }) }),
  z.object({ type: z.literal('error'), data: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;
