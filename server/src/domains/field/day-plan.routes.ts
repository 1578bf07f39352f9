import type Router from '@koa/router';
import { z } from 'zod';
import { dayPlanRequest } from '../../contracts/index.ts';
import { readBody } from '../../http/body.ts';
import { actorOf, addRoute, parse } from '../../http/route.ts';
import type { DayPlanService } from './day-plan.service.ts';

const proposalId = z.uuid('a proposal id is a UUID');

/** "Optimize today": dispatchers propose and apply; supervisors may read a proposal. */
export function dayPlanRoutes(router: Router, dayPlan: DayPlanService): void {
  addRoute(router, {
    method: 'post',
    path: '/api/v1/day-plan/proposals',
    access: ['dispatcher'],
    handler: async (ctx) => {
      const body = (await readBody(ctx)) ?? {};
      const input = parse(dayPlanRequest, body);
      ctx.status = 201;
      ctx.body = await dayPlan.propose(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/day-plan/proposals/:id',
    access: ['dispatcher', 'supervisor'],
    handler: async (ctx) => {
      ctx.body = await dayPlan.get(parse(proposalId, ctx.params['id']));
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/day-plan/proposals/:id/apply',
    access: ['dispatcher'],
    handler: async (ctx) => {
      ctx.body = await dayPlan.apply(actorOf(ctx), parse(proposalId, ctx.params['id']));
    },
  });
}
