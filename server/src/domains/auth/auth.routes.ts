import type Router from '@koa/router';
import { SESSION_COOKIE, loginInput, userInput } from '../../contracts/index.ts';
import { readBody } from '../../http/body.ts';
import { actorOf, addRoute, parse } from '../../http/route.ts';
import type { AuthService } from './auth.service.ts';

export function authRoutes(router: Router, auth: AuthService, opts: { secureCookies: boolean }): void {
  addRoute(router, {
    method: 'post',
    path: '/api/v1/auth/login',
    access: 'public',
    handler: async (ctx) => {
      const input = parse(loginInput, await readBody(ctx, 8 * 1024));
      const s = await auth.login(input.username, input.password);
      ctx.cookies.set(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        expires: s.expiresAt,
        path: '/',
      });
      ctx.body = { token: s.token, user: s.user, expiresAt: s.expiresAt.toISOString() };
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/auth/logout',
    access: 'public',
    handler: async (ctx) => {
      if (ctx.state.token) await auth.logout(ctx.state.token);
      ctx.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', expires: new Date(0), path: '/' });
      ctx.status = 204;
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/auth/me',
    access: ['admin', 'dispatcher', 'planner', 'supervisor', 'crew', 'agent', 'billing', 'collections', 'collection_point', 'customer'],
    handler: async (ctx) => {
      ctx.body = { user: ctx.state.user };
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/users',
    access: ['admin'],
    handler: async (ctx) => {
      const input = parse(userInput, await readBody(ctx, 8 * 1024));
      ctx.status = 201;
      ctx.body = await auth.createUser(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/users',
    access: ['admin'],
    handler: async (ctx) => {
      ctx.body = { users: await auth.listUsers() };
    },
  });
}
