import { z } from 'zod';
import {
  crewShift,
  crewSuggestion,
  orderEvent,
  workOrder,
  type OrderActionInput,
  type WorkOrderInput,
} from '../contracts.ts';
import { api } from '../api.ts';

/** Calls of the dispatch board, through the console's one `api()` (its errors carry `field`). */
export { ApiError as DispatchError } from '../api.ts';
const call = api;

/** The open statuses the board shows. */
export const BOARD_QUERY = 'status=new,scheduled,assigned,dispatched,acknowledged,en_route,on_site&limit=500';

const orderList = z.object({ orders: z.array(workOrder), total: z.number() });
/** `GET /api/v1/order-types`: only what the form needs; the rest of a type is admin business. */
const orderTypeBrief = z.object({ code: z.string(), name: z.string(), defaultPriority: z.string(), active: z.boolean().optional() });
export type OrderTypeBrief = z.infer<typeof orderTypeBrief>;
const crewBrief = z.object({ id: z.string(), name: z.string() });
export type CrewBrief = z.infer<typeof crewBrief>;

export const dispatchApi = {
  orders: (signal?: AbortSignal) => call(`/api/v1/orders?${BOARD_QUERY}`, orderList, signal ? { signal } : {}),
  order: (id: string) => call(`/api/v1/orders/${encodeURIComponent(id)}`, workOrder),
  events: (id: string, signal?: AbortSignal) =>
    call(`/api/v1/orders/${encodeURIComponent(id)}/events`, z.object({ events: z.array(orderEvent) }), signal ? { signal } : {}),
  suggestions: (id: string, signal?: AbortSignal) =>
    call(`/api/v1/orders/${encodeURIComponent(id)}/suggestions`, z.object({ suggestions: z.array(crewSuggestion) }), signal ? { signal } : {}),
  act: (id: string, body: OrderActionInput) =>
    call(`/api/v1/orders/${encodeURIComponent(id)}/actions`, z.object({ order: workOrder }), { method: 'POST', body }),
  create: (body: WorkOrderInput) => call('/api/v1/orders', workOrder, { method: 'POST', body }),
  orderTypes: () => call('/api/v1/order-types', z.object({ orderTypes: z.array(orderTypeBrief) })),
  crews: () => call('/api/v1/crews', z.object({ crews: z.array(crewBrief) })),
  /** every open order of one crew (the board's list may be capped) */
  crewOrders: (crewId: string, signal?: AbortSignal) =>
    call(`/api/v1/orders?status=new,scheduled,assigned,dispatched,acknowledged,en_route,on_site&crewId=${encodeURIComponent(crewId)}&limit=500`, orderList, signal ? { signal } : {}),
  /** `PUT /crews/:id/sequence`: the crew's open orders, all of them, in the new order */
  sequence: (crewId: string, orderIds: string[]) =>
    call(`/api/v1/crews/${encodeURIComponent(crewId)}/sequence`, z.object({ orders: z.array(workOrder) }), { method: 'PUT', body: { orderIds } }),
  /** published shifts of every crew, `from`..`to` inclusive (YYYY-MM-DD) */
  shifts: (from: string, to: string) => call(`/api/v1/shifts?from=${from}&to=${to}`, z.object({ shifts: z.array(crewShift) })),
};
