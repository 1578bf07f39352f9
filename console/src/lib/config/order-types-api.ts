import { z } from 'zod';
import { orderTypeInput, type OrderTypeInput } from '../contracts.ts';
import { api } from '../api.ts';

/** `GET /api/v1/order-types` as the editor needs it: the whole type. */
const orderTypeFull = orderTypeInput.extend({ code: z.string() });

export const orderTypesApi = {
  list: () => api('/api/v1/order-types', z.object({ orderTypes: z.array(orderTypeFull) })),
  save: (code: string, body: OrderTypeInput) => api(`/api/v1/order-types/${encodeURIComponent(code)}`, orderTypeFull, { method: 'PUT', body }),
};
