import { z } from 'zod';
import { errorBody } from './contracts.ts';

/** An HTTP answer that was not 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** the input at fault, for a 400 (forms show the message next to it) */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let bearer: string | null = null;

/** Keeps the login token in memory (for `Authorization` and the WebSocket `?token=`); the
 * httpOnly cookie does the same job across reloads, so the token is never put in storage. */
export function setToken(token: string | null): void {
  bearer = token;
}
export function getToken(): string | null {
  return bearer;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the API and validates the answer with a contracts schema (zod at every edge). */
export async function api<S extends z.ZodType>(path: string, schema: S, opts: RequestOptions = {}): Promise<z.infer<S>> {
  const res = await send(path, opts);
  const json: unknown = await res.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(res.status, 'bad_response', `Unexpected answer from ${path}`);
  return parsed.data;
}

/** For endpoints that answer 204 / nothing useful. */
export async function apiVoid(path: string, opts: RequestOptions = {}): Promise<void> {
  await send(path, opts);
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  // Validation messages come back in the UI's language, whatever the browser's own: the locale
  // store keeps <html lang> in step (read here rather than imported, so that this module stays
  // plain TypeScript for unit tests that reach it).
  const lang = globalThis.document?.documentElement.lang || 'es-UY';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (bearer) headers.authorization = `Bearer ${bearer}`;
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
    throw new ApiError(0, 'network', 'network error');
  }
  if (!res.ok) {
    let code = 'http_' + res.status;
    let message = res.statusText || code;
    let field: string | null = null;
    try {
      const parsed = errorBody.safeParse(await res.json());
      if (parsed.success) ({ code, message } = parsed.data.error);
      if (parsed.success) field = parsed.data.error.field ?? null;
    } catch {
      // not JSON (a proxy's HTML page): keep the status text
    }
    throw new ApiError(res.status, code, message, field);
  }
  return res;
}

/**
 * `GET /api/v1/config/public`. Not in the shared contracts yet, so the console states what it
 * reads and tolerates anything else (every field optional with a default).
 */
export const publicConfig = z.object({
  mapStyleUrl: z.string().nullable().optional().default(null),
  attributions: z
    .array(z.union([z.string(), z.object({ text: z.string() }).transform((a) => a.text)]))
    .optional()
    .default([]),
  locale: z.string().optional(),
  thresholds: z.object({ onlineSeconds: z.number(), offlineSeconds: z.number() }).optional(),
});
export type PublicConfig = z.infer<typeof publicConfig>;
