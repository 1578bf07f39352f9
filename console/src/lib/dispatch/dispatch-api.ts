import { z } from 'zod';
import {
  crewSuggestion,
  errorBody,
  orderEvent,
  workOrder,
  type OrderActionInput,
  type WorkOrderInput,
} from '../contracts.ts';
import { getToken } from '../api.ts';

/**
 * Calls of the dispatch board. Like `api()` but keeps the `field` of a 400 so forms can show
 * the message next to the input it is about.
 */
export class DispatchError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'DispatchError';
  }
}

async function call<S extends z.ZodType>(path: string, schema: S, opts: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {}): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new DispatchError(0, 'network', 'network error', null);
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  if (!res.ok) {
    const e = errorBody.safeParse(json);
    if (e.success) throw new DispatchError(res.status, e.data.error.code, e.data.error.message, e.data.error.field ?? null);
    throw new DispatchError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`, null);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DispatchError(res.status, 'bad_response', `Unexpected answer from ${path}`, null);
  return parsed.data;
}

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
};
