import type Router from '@koa/router';
import { z } from 'zod';
import { slugId } from '../../contracts/index.ts';
import { AppError } from '../../errors.ts';
import { readBody } from '../../http/body.ts';
import { addRoute, parse, type AppContext } from '../../http/route.ts';
import { MAX_PAYLOAD_BYTES } from './tracking.parsers.ts';
import type { IngestOutcome, IngestPipeline } from './tracking.pipeline.ts';
import type { TrackingService } from './tracking.service.ts';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time');
const trackQuery = z.object({ from: isoTime, to: isoTime });
const readers = ['dispatcher', 'supervisor', 'planner'] as const;

export function trackingRoutes(router: Router, tracking: TrackingService, pipeline: IngestPipeline): void {
  addRoute(router, {
    method: 'get',
    path: '/api/v1/vehicles/live',
    access: readers,
    handler: async (ctx) => {
      ctx.body = await tracking.liveVehicles();
    },
  });

  addRoute(router, {
    method: 'get',
    path: '/api/v1/vehicles/:id/track',
    access: readers,
    handler: async (ctx) => {
      const id = parse(slugId, ctx.params['id']);
      const q = parse(trackQuery, ctx.query);
      ctx.type = 'application/geo+json';
      ctx.body = await tracking.track(id, new Date(q.from), new Date(q.to));
    },
  });

  // OsmAnd / Traccar Client. Units authenticate with their secret (`key` or HTTP Basic), not a session.
  for (const method of ['get', 'post'] as const) {
    addRoute(router, {
      method,
      path: '/ingest/osmand',
      access: 'public',
      handler: async (ctx) => {
        const receivedMs = Date.now();
        const body = method === 'post' ? await readBody(ctx, MAX_PAYLOAD_BYTES) : undefined;
        const query = Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
        const basic = basicAuth(ctx);
        const secret = (query['key'] as string | undefined) ?? basic?.password ?? null;
        let outcome: IngestOutcome;
        if (ctx.request.type === 'application/json') {
          outcome = await pipeline.ingest({ kind: 'traccar-json', body, receivedMs }, { secret });
        } else {
          const form = body && typeof body === 'object' ? (body as Record<string, string>) : {};
          const params = { ...query, ...form };
          if (!params['id'] && !params['deviceid'] && basic) params['id'] = basic.user;
          delete params['key'];
          outcome = await pipeline.ingest({ kind: 'osmand', params, receivedMs }, { secret });
        }
        respond(ctx, outcome);
        // Answer only once the fix is committed: a 200 means the unit may forget it.
        if (outcome.accepted > 0) await outcome.durable;
      },
    });
  }
}

function respond(ctx: AppContext, o: IngestOutcome): void {
  const first = o.dropped[0];
  // A resent fix (the unit did not see our 200) is already stored: say OK so it stops resending.
  if (o.accepted === 0 && first && !o.dropped.every((d) => d.reason === 'duplicate')) {
    const status =
      first.reason === 'wrong_secret'
        ? 401
        : first.reason === 'payload_too_large'
          ? 413
          : 400; // OsmAnd protocol: unknown device → 400
    throw new AppError(status, first.reason, describe(first.reason, first.detail));
  }
  ctx.status = 200;
  ctx.body = { accepted: o.accepted, dropped: o.dropped.map((d) => d.reason) };
}

function describe(reason: string, detail?: string): string {
  const text: Record<string, string> = {
    wrong_secret: 'wrong or missing device secret',
    unknown_device: 'unknown device',
    device_disabled: 'device is disabled',
    malformed: 'malformed message',
    invalid_coordinates: 'latitude/longitude out of range or not numbers',
    invalid_time: 'unreadable fix time',
    future: 'fix time is in the future',
    too_old: 'fix time is too old',
    duplicate: 'fix already received',
    impossible_jump: 'implied speed is impossible',
    inaccurate: 'accuracy too poor',
    payload_too_large: 'payload too large',
  };
  const base = text[reason] ?? reason;
  return detail && reason === 'malformed' ? `${base}: ${detail}` : base;
}

function basicAuth(ctx: AppContext): { user: string; password: string } | null {
  const h = ctx.get('authorization');
  if (!h.startsWith('Basic ')) return null;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}
