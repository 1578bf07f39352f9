import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { SESSION_COOKIE } from '../contracts/index.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { AuthService } from '../domains/auth/auth.service.ts';
import type { AppContext } from './route.ts';
import { localeOf, withLocale } from './request-locale.ts';
import { localiseBody } from './localise.ts';

/**
 * Renders every error as `{ error: { code, message } }`; internals are only logged. Messages for
 * people (errors, roster checks) leave in the request's language (`Accept-Language`, see
 * `localise.ts`); codes and fields never change.
 */
export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    const c = ctx as AppContext;
    c.state.requestId = (ctx.get('x-request-id') || randomUUID()).slice(0, 64);
    ctx.set('x-request-id', c.state.requestId);
    const locale = localeOf(ctx.get('accept-language'));
    try {
      await withLocale(locale, next);
      // assign only a changed body: Koa's setter also sets status and headers
      const body = localiseBody(ctx.body, locale);
      if (body !== ctx.body) ctx.body = body;
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        throw new AppError(404, 'no_route', `no route ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) log.error({ err, requestId: c.state.requestId, path: ctx.path }, 'request failed');
      else log.debug({ code: e.code, requestId: c.state.requestId, path: ctx.path }, e.message);
      ctx.status = e.status;
      ctx.body = localiseBody(
        {
          error: {
            code: e.code,
            message: e.expose ? e.message : `internal error (request ${c.state.requestId})`,
            ...(e.field ? { field: e.field } : {}),
          },
        },
        locale,
      );
    }
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { status?: number; expose?: boolean; message?: string; type?: string };
  // koa/raw-body errors carry a status (413 too large, 400 malformed JSON, 415 …)
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const code = e.status === 413 ? 'payload_too_large' : e.status === 415 ? 'unsupported_media_type' : 'bad_request';
    return new AppError(e.status, code, e.message ?? 'bad request', { cause: err });
  }
  return new AppError(500, 'internal', 'internal error', { expose: false, cause: err });
}

/** Reads the bearer token or the session cookie; routes decide what they need. */
export function sessionMiddleware(auth: AuthService): Middleware {
  return async (ctx, next) => {
    const c = ctx as AppContext;
    c.state.user = null;
    c.state.token = null;
    const header = ctx.get('authorization');
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ctx.cookies.get(SESSION_COOKIE);
    if (token && (ctx.path.startsWith('/api/') || ctx.path === '/ws')) {
      c.state.user = await auth.authenticate(token);
      c.state.token = c.state.user ? token : null;
    }
    await next();
  };
}
