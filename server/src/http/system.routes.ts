import type Router from '@koa/router';
import { z } from 'zod';
import { addRoute, parse } from './route.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { AuditService } from '../domains/audit/audit.service.ts';

/** Attributions of the data the product shows (see shared/reference/geo/SOURCES.md). */
export const ATTRIBUTIONS = [
  '© OpenStreetMap contributors (ODbL)',
  'Natural Earth (public domain)',
  'GeoNames (CC BY 4.0)',
  'simplemaps.com World Cities Basic (CC BY 4.0)',
];

export function systemRoutes(
  router: Router,
  deps: {
    health: () => Promise<Record<string, boolean>>;
    metrics: Metrics;
    audit: AuditService;
    publicConfig: () => Record<string, unknown>;
  },
): void {
  addRoute(router, {
    method: 'get',
    path: '/healthz',
    access: 'public',
    handler: async (ctx) => {
      const checks = await deps.health();
      const ok = Object.values(checks).every(Boolean);
      ctx.status = ok ? 200 : 503;
      ctx.body = { status: ok ? 'ok' : 'unavailable', checks };
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/metrics',
    access: 'public',
    handler: async (ctx) => {
      ctx.type = 'text/plain; version=0.0.4';
      ctx.body = deps.metrics.render();
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/config/public',
    access: 'public',
    handler: async (ctx) => {
      ctx.body = deps.publicConfig();
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/audit',
    access: ['admin', 'supervisor'],
    handler: async (ctx) => {
      const q = parse(
        z.object({
          entity: z.string().max(40).optional(),
          entityId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        ctx.query,
      );
      ctx.body = { entries: await deps.audit.list(q) };
    },
  });
}
