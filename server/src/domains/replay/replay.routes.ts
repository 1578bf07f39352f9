import type Router from '@koa/router';
import { z } from 'zod';
import { latitude, longitude, slugId } from '../../contracts/index.ts';
import { addRoute, parse, type AppContext } from '../../http/route.ts';
import { eventsToCsv, eventsToGeoJson, toGpx, type ReplayService } from './replay.service.ts';

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time').transform((s) => new Date(s));
const query = z.object({
  from: time.optional(),
  to: time.optional(),
  crewId: slugId.optional(),
  orderId: z.string().regex(/^OT-\d{7,}$/).optional(),
  bbox: z
    .string()
    .transform((s) => s.split(',').map(Number))
    .pipe(z.tuple([longitude, latitude, longitude, latitude]))
    .optional(),
});
const readers = ['supervisor', 'dispatcher'] as const;

export function replayRoutes(router: Router, replay: ReplayService): void {
  const run = (ctx: AppContext) => replay.replay(parse(query, ctx.query));
  addRoute(router, { method: 'get', path: '/api/v1/replay', access: readers, handler: async (ctx) => void (ctx.body = await run(ctx)) });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/replay/tracks.gpx',
    access: readers,
    handler: async (ctx) => {
      const r = await run(ctx);
      ctx.type = 'application/gpx+xml';
      ctx.attachment('vatio-tracks.gpx');
      ctx.body = toGpx(r.tracks, r);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/replay/events.csv',
    access: readers,
    handler: async (ctx) => {
      const r = await run(ctx);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.attachment('vatio-events.csv');
      ctx.body = eventsToCsv(r.events);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/replay/events.geojson',
    access: readers,
    handler: async (ctx) => {
      const r = await run(ctx);
      ctx.type = 'application/geo+json';
      ctx.body = eventsToGeoJson(r.events);
    },
  });
}
