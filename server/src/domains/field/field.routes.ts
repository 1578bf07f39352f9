import type Router from '@koa/router';
import { z } from 'zod';
import { crewPatch, latitude, longitude, orderActionInput, orderListQuery, orderTypeInput, slugId, workOrderInput } from '../../contracts/index.ts';
import { readBody } from '../../http/body.ts';
import { actorOf, addRoute, parse } from '../../http/route.ts';
import type { DispatchAdviceService } from './dispatch-advice.service.ts';
import type { FieldService } from './field.service.ts';

const orderId = z.string().regex(/^OT-\d{7,}$/, 'an order id looks like OT-0000123');

export function fieldRoutes(router: Router, field: FieldService, advice: DispatchAdviceService): void {
  addRoute(router, {
    method: 'get',
    path: '/api/v1/order-types',
    access: ['dispatcher', 'supervisor', 'planner', 'crew', 'agent'],
    handler: async (ctx) => {
      ctx.body = { orderTypes: await field.orderTypes() };
    },
  });
  addRoute(router, {
    method: 'put',
    path: '/api/v1/order-types/:code',
    access: ['admin'],
    handler: async (ctx) => {
      const code = parse(slugId, ctx.params['code']);
      ctx.body = await field.saveOrderType(actorOf(ctx), code, parse(orderTypeInput, await readBody(ctx)));
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/orders',
    access: ['dispatcher'],
    handler: async (ctx) => {
      const input = parse(workOrderInput, await readBody(ctx));
      ctx.status = 201;
      ctx.body = await field.create(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/orders',
    access: ['dispatcher', 'supervisor', 'planner'],
    handler: async (ctx) => {
      ctx.body = await field.list(parse(orderListQuery, ctx.query));
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/orders/:id',
    access: ['dispatcher', 'supervisor', 'planner', 'crew'],
    handler: async (ctx) => {
      ctx.body = await field.get(actorOf(ctx), parse(orderId, ctx.params['id']));
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/orders/:id/events',
    access: ['dispatcher', 'supervisor', 'planner', 'crew'],
    handler: async (ctx) => {
      ctx.body = { events: await field.events(actorOf(ctx), parse(orderId, ctx.params['id'])) };
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/orders/:id/actions',
    access: ['dispatcher', 'crew'],
    handler: async (ctx) => {
      const id = parse(orderId, ctx.params['id']);
      const input = parse(orderActionInput, await readBody(ctx, 2 * 1024 * 1024));
      const r = await field.act(actorOf(ctx), id, input);
      ctx.body = { order: r.order, event: r.event, replayed: r.replayed };
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/orders/:id/suggestions',
    access: ['dispatcher'],
    handler: async (ctx) => {
      ctx.body = { suggestions: await advice.suggestions(parse(orderId, ctx.params['id'])) };
    },
  });
  addRoute(router, {
    method: 'patch',
    path: '/api/v1/crews/:id',
    access: ['admin', 'dispatcher'],
    handler: async (ctx) => {
      const crewId = parse(slugId, ctx.params['id']);
      await field.patchCrew(actorOf(ctx), crewId, parse(crewPatch, await readBody(ctx)));
      ctx.status = 204;
    },
  });
  addRoute(router, {
    method: 'put',
    path: '/api/v1/crews/:id/sequence',
    access: ['dispatcher'],
    handler: async (ctx) => {
      const crewId = parse(slugId, ctx.params['id']);
      const body = parse(z.object({ orderIds: z.array(orderId).max(500) }), await readBody(ctx));
      ctx.body = { orders: await field.resequence(actorOf(ctx), crewId, body.orderIds) };
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/appointments/slots',
    access: ['agent', 'dispatcher', 'customer'],
    handler: async (ctx) => {
      const input = parse(
        z.object({ typeCode: slugId, location: z.object({ lat: latitude, lon: longitude }), days: z.number().int().min(1).max(10).default(3) }),
        await readBody(ctx),
      );
      ctx.body = { slots: await advice.appointmentSlots(input), timeZone: 'America/Montevideo' };
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/me/orders',
    access: ['crew'],
    handler: async (ctx) => {
      ctx.body = await field.myOrders(actorOf(ctx));
    },
  });
  addRoute(router, {
    method: 'put',
    path: '/api/v1/crews/:id/members',
    access: ['admin'],
    handler: async (ctx) => {
      const crewId = parse(slugId, ctx.params['id']);
      const body = parse(z.object({ userIds: z.array(z.number().int().positive()).max(50) }), await readBody(ctx));
      await field.setCrewMembers(actorOf(ctx), crewId, body.userIds);
      ctx.status = 204;
    },
  });
}
