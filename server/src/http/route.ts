import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { Role, SessionUser } from '../contracts/index.ts';
import { badRequest, forbidden, unauthorized } from '../errors.ts';
import { zodParams } from './request-locale.ts';
import type { Actor } from '../domains/auth/auth.service.ts';

export interface AppState {
  requestId: string;
  user: SessionUser | null;
  token: string | null;
}

export type AppContext = Context & { state: AppState };

/** `public` must be said out loud; every other route names the roles it allows. */
export type Access = 'public' | readonly Role[];

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  access: Access;
  handler: (ctx: AppContext) => Promise<void>;
}

/** Every route registered and who may call it (the roles test walks this table). */
export const routeTable: { method: RouteDef['method']; path: string; access: Access }[] = [];

/**
 * Registers a route with its declared access (deny by default: there is no way to add a route
 * without saying who may call it). Admin may call everything that is not public.
 */
export function addRoute(router: Router, def: RouteDef): void {
  routeTable.push({ method: def.method, path: def.path, access: def.access });
  router[def.method](def.path, async (ctx) => {
    const c = ctx as AppContext;
    if (def.access !== 'public') {
      const user = c.state.user;
      if (!user) throw unauthorized();
      const allowed = def.access.some((r) => user.roles.includes(r)) || user.roles.includes('admin');
      if (!allowed) throw forbidden(`this action needs one of the roles: ${def.access.join(', ')}`);
    }
    await def.handler(c);
  });
}

export function actorOf(ctx: AppContext): Actor {
  const u = ctx.state.user;
  if (!u) throw unauthorized();
  return { userId: u.id, username: u.username, roles: u.roles, requestId: ctx.state.requestId };
}

/**
 * Parses a body/query with a zod schema; the first issue becomes a 400 naming the field, in the
 * request's language: zod's own Spanish messages here for `Accept-Language: es…`, the
 * contracts' custom ones from `messages-es.ts` when the error middleware renders the 400.
 */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value, zodParams());
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    throw badRequest(issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid input', field);
  }
  return r.data;
}
