import { z } from 'zod';
import { api, getToken } from '../lib/api.ts';
import { completionField, errorBody, workOrder, type OrderActionInput, type WorkOrder } from '../lib/contracts.ts';
import { outcomeOf, type QueuedAction, type SendOutcome } from './queue.ts';

export const myOrdersResponse = z.object({ crewIds: z.array(z.string()), orders: z.array(workOrder) });
export type MyOrders = z.infer<typeof myOrdersResponse>;

/** What the crew app reads of an order type (the rest of `OrderType` is the planner's). */
export const crewOrderType = z.object({ code: z.string(), name: z.string(), completionFields: z.array(completionField) });
export type CrewOrderType = z.infer<typeof crewOrderType>;
export const orderTypesResponse = z.object({ orderTypes: z.array(crewOrderType) });

export function fetchMyOrders(): Promise<MyOrders> {
  return api('/api/v1/me/orders', myOrdersResponse);
}

export async function fetchOrderTypes(): Promise<CrewOrderType[]> {
  return (await api('/api/v1/order-types', orderTypesResponse)).orderTypes;
}

export function fetchOrder(id: string): Promise<WorkOrder> {
  return api(`/api/v1/orders/${encodeURIComponent(id)}`, workOrder);
}

const actionResponse = z.object({ order: workOrder, replayed: z.boolean().optional() });

/**
 * Sends one queued action. Never throws: every answer (or no answer) becomes an outcome the
 * queue knows how to handle. `api()` would drop the error's `field`, which the form needs.
 */
export async function sendAction(a: QueuedAction): Promise<SendOutcome> {
  const body = {
    action: a.action,
    clientActionId: a.clientActionId,
    expectedVersion: a.expectedVersion,
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.completion ? { completion: a.completion } : {}),
  } satisfies OrderActionInput;
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1/orders/${encodeURIComponent(a.orderId)}/actions`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    return { kind: 'retry', reason: 'network' };
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // a proxy's HTML page or an empty body
  }
  if (res.ok) {
    const ok = actionResponse.safeParse(json);
    return ok.success ? { kind: 'applied', order: ok.data.order } : { kind: 'retry', reason: 'server' };
  }
  const err = errorBody.safeParse(json);
  return outcomeOf(res.status, err.success ? err.data.error : null);
}
