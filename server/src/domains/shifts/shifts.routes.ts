import type Router from '@koa/router';
import {
  rosterEditInput,
  rosterGenerateInput,
  rosterPublishInput,
  shiftConfig,
  shiftRequestInput,
  slugId,
} from '../../contracts/index.ts';
import { readBody } from '../../http/body.ts';
import { actorOf, addRoute, parse } from '../../http/route.ts';
import type { RosterService } from './roster.service.ts';
import type { ShiftsService } from './shifts.service.ts';
import { crewShiftsQuery, icsQuery, requestId, rosterId, rosterListQuery, shiftRequestsQuery } from './shifts.schemas.ts';

const READERS = ['planner', 'dispatcher', 'supervisor'] as const;

export function shiftsRoutes(router: Router, shifts: ShiftsService, rosters: RosterService): void {
  // Configuration -----------------------------------------------------------------------------
  addRoute(router, {
    method: 'get',
    path: '/api/v1/shift-config',
    access: READERS,
    handler: async (ctx) => {
      ctx.body = await shifts.config();
    },
  });
  addRoute(router, {
    method: 'put',
    path: '/api/v1/shift-config',
    access: ['planner'],
    handler: async (ctx) => {
      ctx.body = await shifts.saveConfig(actorOf(ctx), parse(shiftConfig, await readBody(ctx)));
    },
  });

  // Requests ----------------------------------------------------------------------------------
  addRoute(router, {
    method: 'get',
    path: '/api/v1/shift-requests',
    access: [...READERS, 'crew'],
    handler: async (ctx) => {
      ctx.body = { requests: await shifts.requests(actorOf(ctx), parse(shiftRequestsQuery, ctx.query)) };
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/shift-requests',
    access: ['planner'],
    handler: async (ctx) => {
      const input = parse(shiftRequestInput, await readBody(ctx));
      ctx.status = 201;
      ctx.body = await shifts.addRequest(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'delete',
    path: '/api/v1/shift-requests/:id',
    access: ['planner'],
    handler: async (ctx) => {
      await shifts.deleteRequest(actorOf(ctx), parse(requestId, ctx.params['id']));
      ctx.status = 204;
    },
  });

  // Rosters -----------------------------------------------------------------------------------
  addRoute(router, {
    method: 'post',
    path: '/api/v1/rosters',
    access: ['planner'],
    handler: async (ctx) => {
      const input = parse(rosterGenerateInput, await readBody(ctx));
      ctx.status = 202;
      ctx.body = await rosters.generate(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/rosters',
    access: READERS,
    handler: async (ctx) => {
      const q = parse(rosterListQuery, ctx.query);
      ctx.body = { rosters: await rosters.list({ statuses: q.status, from: q.from, to: q.to, limit: q.limit }) };
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/rosters/:id',
    access: READERS,
    handler: async (ctx) => {
      ctx.body = await rosters.view(parse(rosterId, ctx.params['id']));
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/rosters/:id/cancel',
    access: ['planner'],
    handler: async (ctx) => {
      ctx.body = await rosters.cancel(actorOf(ctx), parse(rosterId, ctx.params['id']));
    },
  });
  addRoute(router, {
    method: 'put',
    path: '/api/v1/rosters/:id/assignments',
    access: ['planner'],
    handler: async (ctx) => {
      const id = parse(rosterId, ctx.params['id']);
      ctx.body = await rosters.edit(actorOf(ctx), id, parse(rosterEditInput, await readBody(ctx, 1024 * 1024)));
    },
  });
  addRoute(router, {
    method: 'delete',
    path: '/api/v1/rosters/:id',
    access: ['planner'],
    handler: async (ctx) => {
      await rosters.remove(actorOf(ctx), parse(rosterId, ctx.params['id']));
      ctx.status = 204;
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/rosters/:id/publish',
    access: ['planner'],
    handler: async (ctx) => {
      const id = parse(rosterId, ctx.params['id']);
      const input = parse(rosterPublishInput, (await readBody(ctx)) ?? {});
      const out = await rosters.publish(actorOf(ctx), id, input.acceptViolations);
      if (out.status === 'refused') {
        // The usual error shape, plus the violations so the planner sees what to fix or accept.
        ctx.status = 409;
        ctx.body = {
          error: {
            code: 'roster_violations',
            message: `el cuadrante ${id} incumple ${out.violations.length} regla(s); corregir o publicar con acceptViolations: true`,
            violations: out.violations,
          },
        };
        return;
      }
      ctx.body = { roster: out.roster, superseded: out.superseded, partlySuperseded: out.partlySuperseded };
    },
  });

  // Published shifts --------------------------------------------------------------------------
  addRoute(router, {
    method: 'get',
    path: '/api/v1/shifts',
    access: [...READERS, 'crew'],
    handler: async (ctx) => {
      ctx.body = { shifts: await shifts.shifts(actorOf(ctx), parse(crewShiftsQuery, ctx.query)) };
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/crews/:id/shifts.ics',
    access: [...READERS, 'crew'],
    handler: async (ctx) => {
      const crewId = parse(slugId, ctx.params['id']);
      const out = await shifts.ics(actorOf(ctx), crewId, parse(icsQuery, ctx.query));
      ctx.set('content-disposition', `attachment; filename="${out.filename}"`);
      ctx.set('cache-control', 'private, no-cache');
      ctx.type = 'text/calendar; charset=utf-8';
      ctx.body = out.body;
    },
  });
}
